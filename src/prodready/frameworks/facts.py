"""Picklable per-file facts about web-framework objects, routes and mounts (no AST nodes).

Objects are named by their *key* inside the file: the variable name, prefixed by the enclosing
function's qualified name when created inside one ("create_app.app"); anonymous objects
(a Starlette `Mount("/x", routes=[...])`) get "<mount@LINE>". A module-level name bound more
than once keys each earlier binding by its line ("bp@12"): its last binding keeps the name,
which is what other modules import. Linking turns keys into
project-wide names ("main.app") and references (`Ref`) into those names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ref:
    """A reference to an object as written: a dotted name seen from `scope`, or a call result."""

    text: str  # dotted name ("rbac_test_routes.router"); the callee when `is_call`
    scope: str = ""  # qualified name of the enclosing function ("" at module level)
    is_call: bool = False  # the object is what `text(...)` returns
    absolute: bool = False  # `text` is already a project-wide name (Django include("app.urls"))
    parameter: str = ""  # annotation/name when the head is a parameter of the enclosing function
    imported: bool = False  # the head is the module's import, visible here before a definition rebinds it
    each: bool = False  # `text` names a collection: the reference is to each of its items
    attribute: str = ""  # with `each`: the attribute of each item (`router` for `module.router`)


@dataclass(frozen=True)
class Condition:
    """An `if` test enclosing a statement, with the identifiers it mentions."""

    expression: str
    line: int
    end_line: int
    names: tuple[str, ...]  # Name ids, attribute names and dotted texts ("settings.DEBUG")
    production: bool = False  # the test holds in production (`ENV == "production"`, `not DEBUG`)
    always: bool = False  # the test is trivially true (`... or True`)
    negated: bool = False  # the statement runs when the test is false (an `else` branch)
    names_environment: bool = False  # the test compares with an environment's name (`MODE == "development"`)


@dataclass(frozen=True)
class Dependency:
    """One entry of `dependencies=[...]` (or a route decorator's auth-like decorator)."""

    text: str  # source text: "Depends(get_current_user)"
    callee: str  # dotted name of what is depended on: "get_current_user"
    scope: str = ""
    line: int = 0


@dataclass(frozen=True)
class ObjectDecl:
    """Creation of an app, router/blueprint, or a list of route entries (urlpatterns, routes)."""

    key: str
    kind: str  # "app", "router", "list" or "handler" (a route handler registered by reference: Litestar's `@get`)
    framework: str
    line: int
    end_line: int
    prefix: str = ""
    dependencies: tuple[Dependency, ...] = ()
    tags: tuple[str, ...] = ()
    debug: bool | None = None
    conditions: tuple[Condition, ...] = ()
    scanned: bool = False  # found by a package scan: mounted by the `pkg.*` mounts above its module


@dataclass(frozen=True)
class RouteDecl:
    """A route registered on an object: decorator, add_api_route/add_url_rule, Route(...), path(...)."""

    owner: Ref
    framework: str
    methods: tuple[str, ...]
    path: str
    line: int  # line of the registration (decorator or call)
    handler: str = ""  # qualified name inside the file when the handler is defined here
    handler_ref: Ref | None = None  # otherwise what the registration names
    span: tuple[int, int] = (0, 0)  # handler span when defined here (first decorator..last line); for a
    # handler outside the project, the registration's lines (Django entries)
    dependencies: tuple[Dependency, ...] = ()
    decorators: tuple[Dependency, ...] = ()  # other decorators of the handler
    tags: tuple[str, ...] = ()
    name: str = ""
    conditions: tuple[Condition, ...] = ()  # enclosing ifs of the registration
    body_conditions: tuple[Condition, ...] = ()  # `if <cond>: raise/abort/return` opening the handler
    annotations: tuple[Dependency, ...] = ()  # parameter annotations naming a type alias (`_: ApiKeyDep`),
    # which may be a dependency alias defined elsewhere (`ApiKeyDep = Annotated[str, Depends(api_key)]`)
    router_prefix: bool = True  # the owner's own prefix applies (not to FastAPI `APIRouter(routes=[...])`)
    actions: tuple[tuple[str, str], ...] = ()  # class handler: (method name, HTTP method) it serves
    # here (DRF `as_view({"get": "list"})`, a router's list or detail route); () for all it defines
    view_name: str = ""  # handlers are the views bound to this route name (Pyramid `add_route(name, ...)`)
    suffix: str = ""  # class handlers answer through suffixed methods (Falcon `suffix="item"`: `on_get_item`)
    at_mount: bool = False  # the framework answers it, located at the mount of its owner (DRF's API root
    # at `include(router.urls)`); at the registration when nothing mounts it


@dataclass(frozen=True)
class ViewDecl:
    """A view bound to a route by name: Pyramid's `@view_config(route_name=...)` or `add_view(view, route_name=...)`."""

    route_name: str
    methods: tuple[str, ...]
    line: int  # line of the binding (decorator or call)
    handler: str = ""  # qualified name inside the file when the view is defined here
    handler_ref: Ref | None = None  # otherwise what the binding names
    attr: str = ""  # the method of a class view that answers (`add_view(View, attr="options")`)
    methods_attribute: str = ""  # methods read from the calling class (`request_method=cls.methods`)
    span: tuple[int, int] = (0, 0)
    decorators: tuple[Dependency, ...] = ()  # other decorators and a `permission=`
    conditions: tuple[Condition, ...] = ()
    body_conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class MountDecl:
    """`parent.include_router(child, prefix=...)`, `register_blueprint`, `Mount`, `include`."""

    parent: Ref
    child: Ref
    framework: str
    line: int
    end_line: int
    prefix: str | None = None  # None: not given (Flask keeps the blueprint's own url_prefix)
    dependencies: tuple[Dependency, ...] = ()
    tags: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class AliasDecl:
    """`key = <ref>` or `key = factory()`: a name for an object made elsewhere."""

    key: str
    target: Ref


@dataclass(frozen=True)
class CollectionDecl:
    """`BLUEPRINTS = [health.bp, "app.admin:bp"]`: a module-level list of objects or import strings,
    which a loop elsewhere may register one by one."""

    key: str
    items: tuple[Ref, ...]


@dataclass(frozen=True)
class ReturnDecl:
    """`return <name>` in function `function` (file-local qualified name)."""

    function: str
    value: Ref


@dataclass(frozen=True)
class GuardDecl:
    """A hook protecting an object: `guard_blueprint(bp)`, `@bp.before_request def require_login`."""

    target: Ref
    callee: str
    line: int


@dataclass(frozen=True)
class DebugDecl:
    """Debug mode switched on literally: `app.run(debug=True)`, `app.debug = True`, `DEBUG = True`."""

    kind: str  # "run", "attribute", "config", "settings"
    expression: str
    line: int
    end_line: int
    conditions: tuple[Condition, ...] = ()
    scope: str = ""
    targets: tuple[Ref, ...] = ()  # what may name the app it is switched on (empty for settings)


@dataclass(frozen=True)
class ConditionalCall:
    """`if settings.DEBUG: register_debug_routes(app)`: a call made only under conditions."""

    callee: Ref
    line: int
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class HandingCall:
    """`register_views(bp_dev, app)`: a call handing apps or routers to a function; `callee` None
    when no reader can name what is called (`getattr(extension, factory)(app)`)."""

    callee: Ref | None
    line: int
    arguments: tuple[tuple[str, Ref], ...]  # (position "0" or keyword name, the object handed)


@dataclass(frozen=True)
class CommentedMount:
    """A commented-out mount line such as `# app.include_router(test_routes.router)`."""

    line: int
    text: str


@dataclass(frozen=True)
class FileRouteFacts:
    """Everything the framework collector found in one file."""

    module: str
    objects: tuple[ObjectDecl, ...] = ()
    routes: tuple[RouteDecl, ...] = ()
    mounts: tuple[MountDecl, ...] = ()
    aliases: tuple[AliasDecl, ...] = ()
    collections: tuple[CollectionDecl, ...] = ()
    returns: tuple[ReturnDecl, ...] = ()
    guards: tuple[GuardDecl, ...] = ()
    debug: tuple[DebugDecl, ...] = ()
    commented: tuple[CommentedMount, ...] = ()
    root_urlconf: str = ""  # Django settings ROOT_URLCONF
    settings: tuple[tuple[str, str], ...] = ()  # Django settings module: (UPPERCASE name, string value)
    conditional_calls: tuple[ConditionalCall, ...] = ()
    handing_calls: tuple[HandingCall, ...] = ()
    views: tuple[ViewDecl, ...] = ()
    dependency_aliases: tuple[tuple[str, tuple[Dependency, ...]], ...] = ()  # module-level
    # `CurrentUser = Annotated[User, Depends(get_current_user)]`: (name, its dependencies)
