"""aiohttp: `web.Application()` apps, `web.RouteTableDef()` tables (`@routes.get(...)` functions,
`@routes.view(...)` classes), `app.router.add_get(...)`, `add_route("GET", path, handler)`,
`app.add_routes([web.get(...)])` (a generator over methods too, or a table of them kept in a module-level
list or tuple), `app.add_subapp(prefix, subapp)`
and class-based `web.View`s (one route per HTTP method they define).

Routes a function adds to the app it is handed (`def register(self, app): app.add_routes(...)`)
hang on that function's `<app>` object, mounted on each app it is called with
(`handler.register(api_v1_app)`, `setup_routes(app)`), so a sub-app's prefix reaches them.
Paths are shown without their parameters' regular expressions (`{repo:.+}` -> `{repo}`)."""

from __future__ import annotations

import ast
from functools import partial
from typing import Any

from prodready.frameworks.astutil import argument, callee, dotted, last_name, literal_str
from prodready.frameworks.facts import Ref, RouteDecl
from prodready.frameworks.regex_paths import without_regex
from prodready.frameworks.registry import PARAMETER_APP, Adapter, register

FRAMEWORK = "aiohttp"
METHOD_CONSTANT = "METH_"  # aiohttp.hdrs.METH_GET
SELF_NAMES = ("self", "cls")

VIEW_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")  # aiohttp.web.View

ROUTER_METHODS = {  # app.router.add_get("/x", handler) -> ("GET",)
    "add_get": ("GET",), "add_post": ("POST",), "add_put": ("PUT",), "add_delete": ("DELETE",),
    "add_patch": ("PATCH",), "add_head": ("HEAD",), "add_view": (),
}
ROUTE_DEFS = {  # web.get("/x", handler) inside app.add_routes([...])
    "get": ("GET",), "post": ("POST",), "put": ("PUT",), "delete": ("DELETE",), "patch": ("PATCH",),
    "head": ("HEAD",), "view": (),
}


def owner_ref(visitor: Any, node: ast.expr) -> Ref | None:
    """The app `node` names; the enclosing function's parameter (`app` in `def register(self, app)`,
    `app.router` too) as that function's `<app>` object."""
    base = node.value if isinstance(node, ast.Attribute) and node.attr == "router" else node
    if isinstance(base, ast.Name) and visitor.params and base.id in visitor.params[-1] and base.id not in SELF_NAMES:
        if visitor.key(PARAMETER_APP) not in {o.key for o in visitor.objects}:
            visitor.add_object(PARAMETER_APP, "router", FRAMEWORK, base)
        return Ref(PARAMETER_APP, visitor.scope_name)
    return visitor.ref(node)


def route(visitor: Any, owner: ast.expr, methods: tuple[str, ...], call: ast.Call, first: int) -> None:
    """`app.router.add_get("/x", handler)` (first=0) or `add_route("GET", "/x", handler)` (first=1)."""
    path = visitor.path_text(argument(call, first, "path"))
    visitor.add_route(owner_ref(visitor, owner), FRAMEWORK, methods, without_regex(path) if path is not None else None,
                      call, argument(call, first + 1, "handler"))


def add_method_route(methods: tuple[str, ...], visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.router.add_get("/x", handler)` and its siblings; an `add_view` of another shape passes
    (Pyramid's `config.add_view(view)`, Cornice's `svc.add_view("GET", view)`)."""
    if not methods and not visitor.imports_from(FRAMEWORK):
        path = literal_str(call.args[0]) if call.args else None
        if path is None or not path.startswith("/"):
            return False
    route(visitor, owner, methods, call, 0)
    return True


def add_route(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`router.add_route("GET", "/x", handler)`; other `add_route` shapes belong to other frameworks."""
    method = literal_str(call.args[0]) if len(call.args) >= 3 else None
    if not method or not (method.isupper() or method == "*"):  # "*": every method (a web.View's own)
        return False
    route(visitor, owner, (method,) if method != "*" else (), call, 1)
    return True


def add_routes(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.add_routes([web.get("/", handler), ...])`, `app.add_routes(web.route(m, "/x", h) for m in
    (METH_GET, METH_POST))` or `app.add_routes(table)`."""
    if not call.args:
        return False
    table = call.args[0]
    if isinstance(table, (ast.GeneratorExp, ast.ListComp)) and isinstance(table.elt, ast.Call):
        route_def(visitor, owner, table.elt, loop_methods(table))
        return True
    if not isinstance(table, (ast.List, ast.Tuple)):
        app = owner.value if isinstance(owner, ast.Attribute) and owner.attr == "router" else owner  # app.router
        visitor.add_mount(owner_ref(visitor, app), visitor.ref(table), FRAMEWORK, call, "")
        return True
    for item in table.elts:
        if isinstance(item, ast.Call):
            route_def(visitor, owner, item, ())
    return True


def route_def(visitor: Any, owner: ast.expr, item: ast.Call, methods: tuple[str, ...]) -> None:
    """One route definition: `web.get("/x", h)` or `web.route("GET", "/x", h)` (`"*"`: any method;
    `methods`: what a loop variable as the method stands for)."""
    short = last_name(callee(item))
    if short in ROUTE_DEFS:
        route(visitor, owner, ROUTE_DEFS[short], item, 0)
    elif short == "route":
        method = literal_str(argument(item, 0, "method")) or ""
        given = (method.upper(),) if method and method != "*" else () if method else methods
        route(visitor, owner, given, item, 1)


def table_entry(visitor: Any, owner: Ref, item: ast.expr) -> None:
    """`web.get("/x", handler)` (or `web.route("GET", "/x", handler)`) in a module-level table of route
    definitions (`routes = [web.get(...), ...]`, later `app.add_routes(routes)`)."""
    name = callee(item)
    binding = visitor.imports.binding(name.split(".")[0]) if "." in name else None
    if not isinstance(item, ast.Call) or binding is None or not binding.module.startswith(FRAMEWORK):
        return  # `values = [data.get("a")]`: not aiohttp's `web.get`
    short = last_name(name)
    first, methods = (0, ROUTE_DEFS[short]) if short in ROUTE_DEFS else (1, ())
    if short == "route":
        method = (literal_str(argument(item, 0, "method")) or "").upper()
        methods = (method,) if method and method != "*" else ()
    path = visitor.path_text(argument(item, first, "path"))
    visitor.add_route(owner, FRAMEWORK, methods, without_regex(path) if path is not None else None,
                      item, argument(item, first + 1, "handler"))


def route_table(visitor: Any, name: str, entries: frozenset[str]) -> bool:
    """A list or tuple of `web.get(...)`-style route definitions in a file that imports aiohttp."""
    return bool(entries & TABLE_ENTRIES.keys()) and visitor.imports_from(FRAMEWORK)


TABLE_ENTRIES = {name: table_entry for name in (*ROUTE_DEFS, "route")}


def loop_methods(loop: ast.GeneratorExp | ast.ListComp) -> tuple[str, ...]:
    """The HTTP methods a comprehension walks (`for method in (METH_GET, "POST")`), () when not literal."""
    iterable = loop.generators[0].iter if len(loop.generators) == 1 else None
    if not isinstance(iterable, (ast.Tuple, ast.List)):
        return ()
    names = [literal_str(e) or last_name(dotted(e)).removeprefix(METHOD_CONSTANT) for e in iterable.elts]
    return tuple(n.upper() for n in names if n)


def add_subapp(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.add_subapp("/prefix", subapp)`."""
    prefix = visitor.path_text(argument(call, 0, "prefix")) or ""
    visitor.add_mount(owner_ref(visitor, owner), visitor.ref(argument(call, 1, "subapp")), FRAMEWORK, call, prefix)
    return True


def helper_call(visitor: Any, call: ast.Call) -> None:
    """`handler.register(api_v1_app)`, `setup_routes(app)`: a function handed an aiohttp app of this
    file adds its routes to it (the function's `<app>` object is mounted on the app)."""
    if isinstance(call.func, ast.Attribute) and call.func.attr in AIOHTTP.calls:
        return
    function = helper_name(visitor, call.func)
    apps = {o.key for o in visitor.objects if o.framework == FRAMEWORK}
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        if function and isinstance(arg, ast.Name) and {visitor.key(arg.id), arg.id} & apps:
            visitor.add_mount(owner_ref(visitor, arg), Ref(f"{function}.{PARAMETER_APP}", visitor.scope_name),
                              FRAMEWORK, call, "")
            return


def helper_name(visitor: Any, func: ast.expr) -> str:
    """The dotted name of the function a call runs: `setup_routes`, `module.setup`, the class's
    method for a method of an instance made here (`handler = DiskApiHandler(...)`; `handler.register`)."""
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        made = visitor.value_of(func.value)
        if isinstance(made, ast.Call) and dotted(made.func):
            return f"{dotted(made.func)}.{func.attr}"
        if func.value.id in SELF_NAMES and len(visitor.scope) >= 2:
            return ".".join([*visitor.scope[:-1], func.attr])
    return dotted(func)


def view_class(visitor: Any, cls: ast.ClassDef) -> None:
    """`@routes.view("/x")` on a `web.View` class."""
    for decorator in cls.decorator_list:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "view"):
            continue
        path = visitor.path_text(argument(decorator, 0, "path"))
        owner = visitor.ref(decorator.func.value)
        if path is not None and owner is not None:
            visitor.routes.append(RouteDecl(owner, FRAMEWORK, (), path, decorator.lineno,
                                            handler_ref=Ref(visitor.key(cls.name), visitor.scope_name),
                                            conditions=tuple(visitor.conditions)))


AIOHTTP = register(
    Adapter(
        framework=FRAMEWORK,
        import_roots=(FRAMEWORK,),
        constructors={"Application": "app", "RouteTableDef": "router"},
        needs_import=frozenset({"Application", "RouteTableDef"}),
        calls={**{name: partial(add_method_route, methods) for name, methods in ROUTER_METHODS.items()},
               "add_route": add_route, "add_routes": add_routes, "add_subapp": add_subapp},
        classes=(view_class,),
        entries=TABLE_ENTRIES,
        lists=route_table,
        call_statements=(helper_call,),
        handler_methods={verb: (verb.upper(),) for verb in VIEW_METHODS},
        inherited={"View": ()},
        hints=("Application", "RouteTableDef", "add_routes", "add_subapp", *(f".{name}(" for name in ROUTER_METHODS),
               *(f"web.{name}(" for name in TABLE_ENTRIES)),
    )
)
