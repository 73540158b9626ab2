"""Litestar (and Starlite): handlers made by the bare `@get`/`@post`/.../`@route` decorators,
`Controller` classes with a `path`, `Router(path, route_handlers=[...])`, `Litestar(route_handlers=[...])`,
`app.register(handler)`, and `guards=[...]` on handlers, controllers, routers and the app.

A handler decorated at module level is an object of its own (kind "handler"): it serves its route
once a `route_handlers=[...]` list (of an app, a router, or a module-level list handed to one)
names it; a controller's handlers belong to the controller, mounted the same way.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import Any

from prodready.frameworks.astutil import argument, dotted, function_span, keyword, last_name, literal_str, str_items
from prodready.frameworks.facts import Dependency, ObjectDecl, Ref, RouteDecl
from prodready.frameworks.registry import NAME_ENTRY, Adapter, FunctionNode, register

ROOTS = ("litestar", "starlite")
HANDLER_DECORATORS = {  # @get("/x") -> ("GET",); @route takes http_method=
    "get": ("GET",), "post": ("POST",), "put": ("PUT",), "patch": ("PATCH",), "delete": ("DELETE",),
    "head": ("HEAD",), "route": (),
}
NOT_HANDLER_LISTS = frozenset({  # class attributes and app options that hold other things than handlers
    "guards", "middleware", "dependencies", "exception_handlers", "on_startup", "on_shutdown", "plugins",
    "tags", "security", "before_request", "after_request", "after_response", "listeners", "signature_types",
})
HANDLER_LIST_NAME = "route_handlers"  # a list of that name is Litestar's even where Litestar is not imported
CONTROLLER = "Controller"
ROUTER = "Router"
PROVIDE = "Provide"


def litestar_name(visitor: Any, node: ast.expr) -> str:
    """The Litestar name `node` refers to ("get" for `get` or `litestar.get`, "Controller"),
    "" when it is not imported from Litestar."""
    name = dotted(node)
    head = name.split(".")[0]
    binding = visitor.imports.binding(head) if head else None
    if binding is None or binding.module.split(".")[0] not in ROOTS:
        return ""
    if "." not in name and binding.attr:
        return binding.attr
    return last_name(name)


def handler_kind(visitor: Any, decorator: ast.expr) -> str:
    """The handler decorator (`get`, `route`, ...) `decorator` applies, else ""."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    short = litestar_name(visitor, target) if isinstance(target, (ast.Name, ast.Attribute)) else ""
    return short if short in HANDLER_DECORATORS else ""


def http_methods(node: ast.expr | None) -> tuple[str, ...]:
    """`http_method="GET"`, `[HttpMethod.GET, "POST"]`: upper-case names; () when absent (any method)."""
    items = node.elts if isinstance(node, (ast.List, ast.Tuple, ast.Set)) else [node] if node is not None else []
    found = []
    for item in items:
        text = literal_str(item) or last_name(dotted(item))
        if text:
            found.append(text.upper())
    return tuple(found)


def handler_paths(visitor: Any, node: ast.expr | None) -> list[str]:
    """The paths of a handler decorator (one, or a list of them; "" when none is given), without
    the trailing slash Litestar drops (`@get("/")` in a controller serves the controller's path)."""
    if node is None:
        return [""]
    nodes = node.elts if isinstance(node, (ast.List, ast.Tuple, ast.Set)) else [node]
    return [p.rstrip("/") for p in (visitor.path_text(e) for e in nodes) if p is not None]


def provided(visitor: Any, node: ast.expr | None, parameters: set[str]) -> tuple[Dependency, ...]:
    """`dependencies={"user": Provide(current_user)}`: each provider; it gates (names a callee)
    only when the handler asks for it by parameter name, as Litestar injects nothing else."""
    if not isinstance(node, ast.Dict):
        return ()
    found = []
    for key, value in zip(node.keys, node.values):
        provider = isinstance(value, ast.Call) and last_name(dotted(value.func)) == PROVIDE and value.args
        target = value.args[0] if provider else value  # type: ignore[union-attr]
        name = literal_str(key) if key is not None else None
        requested = name is not None and name in parameters
        found.append(Dependency(visitor.text.segment(value), dotted(target) if requested else "", visitor.scope_name,
                                value.lineno))
    return tuple(found)


def handler_decorator(visitor: Any, function: FunctionNode, decorator: ast.expr) -> bool:
    """`@get("/x", guards=[...])` on a function or a controller method: its routes."""
    kind = handler_kind(visitor, decorator)
    if not kind:
        return False
    call = decorator if isinstance(decorator, ast.Call) else None
    methods = HANDLER_DECORATORS[kind] or (http_methods(keyword(call, "http_method")) if call else ())
    paths = handler_paths(visitor, argument(call, 0, "path") if call else None)
    owner = controller_of(visitor)
    if owner is None:
        key = visitor.key(function.name)
        if not any(o.key == key and o.kind == "handler" for o in visitor.objects):
            visitor.objects.append(ObjectDecl(key, "handler", "litestar", decorator.lineno,
                                              function.end_lineno or function.lineno))
        owner = Ref(key)
    parameters = {a.arg for a in [*function.args.args, *function.args.kwonlyargs]}
    dependencies: tuple[Dependency, ...] = ()
    if call is not None:
        dependencies = (visitor.dependencies(keyword(call, "guards"))
                        + provided(visitor, keyword(call, "dependencies"), parameters))
    for path in paths:
        visitor.routes.append(RouteDecl(
            owner, "litestar", methods, path, decorator.lineno,
            handler=visitor.key(function.name), span=function_span(function),
            dependencies=dependencies,
            decorators=visitor.decorator_dependencies(function.decorator_list, decorator),
            tags=str_items(keyword(call, "tags")) if call else (),
            name=(literal_str(keyword(call, "name")) or "") if call else "",
            conditions=tuple(visitor.conditions), body_conditions=visitor.body_conditions(function),
        ))
    return True


def controller_of(visitor: Any) -> Ref | None:
    """The controller whose body the visitor is in, else None (a module-level handler)."""
    scope = visitor.scope_name
    if scope and any(o.key == scope and o.framework == "litestar" and o.kind == "router" for o in visitor.objects):
        return Ref(scope)
    return None


def controller_class(visitor: Any, cls: ast.ClassDef) -> None:
    """`class Orders(Controller): path = "/orders"; guards = [...]`: a router of its handler methods."""
    methods = [item for item in cls.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))]
    is_controller = any(litestar_name(visitor, base) == CONTROLLER for base in cls.bases) or any(
        handler_kind(visitor, d) for method in methods for d in method.decorator_list)
    if not is_controller:
        return
    attributes = class_attributes(cls)
    visitor.objects.append(ObjectDecl(
        visitor.key(cls.name), "router", "litestar", cls.lineno, cls.end_lineno or cls.lineno,
        prefix=(visitor.path_text(attributes.get("path")) or "").rstrip("/"),
        dependencies=visitor.dependencies(attributes.get("guards")),
        tags=str_items(attributes.get("tags")),
        conditions=tuple(visitor.conditions),
    ))


def class_attributes(cls: ast.ClassDef) -> dict[str, ast.expr]:
    """`name = value` (or `name: T = value`) statements of a class body."""
    found: dict[str, ast.expr] = {}
    for item in cls.body:
        if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
            found[item.targets[0].id] = item.value
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and item.value is not None:
            found[item.target.id] = item.value
    return found


def constructed(visitor: Any, call: ast.Call, made: Ref) -> None:
    """`Router("/api", route_handlers=[...], guards=[...])` / `Litestar([...], guards=[...])`."""
    index = next((i for i in range(len(visitor.objects) - 1, -1, -1) if visitor.objects[i].key == made.text), None)
    if index is None:
        return
    obj = visitor.objects[index]
    router = obj.kind == "router"
    prefix = (visitor.path_text(argument(call, 0, "path")) or "").rstrip("/") if router else obj.prefix
    visitor.objects[index] = replace(obj, prefix=prefix,
                                     dependencies=obj.dependencies + visitor.dependencies(keyword(call, "guards")))
    handlers = keyword(call, "route_handlers")
    if handlers is None and not router:
        handlers = argument(call, 0)
    mount_handlers(visitor, made, handlers, call)


def mount_handlers(visitor: Any, owner: Ref, node: ast.expr | None, call: ast.expr) -> None:
    """The handlers, controllers and routers a `route_handlers` value names, mounted on `owner`."""
    if node is None:
        return
    if isinstance(node, (ast.List, ast.Tuple)):
        for item in node.elts:
            mount_handlers(visitor, owner, item, call)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        mount_handlers(visitor, owner, node.left, call)
        mount_handlers(visitor, owner, node.right, call)
    elif isinstance(node, ast.Starred):
        mount_handlers(visitor, owner, node.value, call)
    else:
        for child in visitor.refs(node):
            visitor.add_mount(owner, child, "litestar", call, "")


def list_entry(visitor: Any, owner: Ref, item: ast.expr) -> None:
    """One entry of a module-level `route_handlers = [health, OrdersController, Router(...)]`."""
    mount_handlers(visitor, owner, item, item)


def register_call(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.register(handler)` / `router.register(handler)` in a file that uses Litestar."""
    if not call.args or not visitor.imports_from(*ROOTS):
        return False
    mount_handlers(visitor, visitor.ref(owner), call.args[0], call)
    return True


def handler_list(visitor: Any, name: str, entries: frozenset[str]) -> bool:
    """A list of handler references (or routers) in a file that imports Litestar, or any list
    called `route_handlers` (a routes module may import only the handlers it lists)."""
    if not entries & {NAME_ENTRY, ROUTER} or name in NOT_HANDLER_LISTS:
        return False
    return HANDLER_LIST_NAME in name.lower() or visitor.imports_from(*ROOTS)


LITESTAR = register(
    Adapter(
        framework="litestar",
        import_roots=ROOTS,
        constructors={"Litestar": "app", "Starlite": "app", ROUTER: "router"},
        needs_import=frozenset({ROUTER}),
        calls={"register": register_call},
        decorators=(handler_decorator,),
        classes=(controller_class,),
        entries={NAME_ENTRY: list_entry, ROUTER: list_entry},
        lists=handler_list,
        constructed=constructed,
        hints=("litestar", "starlite", HANDLER_LIST_NAME),
    )
)
