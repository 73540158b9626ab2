"""aiohttp: `web.Application()` apps, `web.RouteTableDef()` tables (`@routes.get(...)` functions,
`@routes.view(...)` classes), `app.router.add_get(...)`, `add_route("GET", path, handler)`,
`app.add_routes([web.get(...)])`, `app.add_subapp(prefix, subapp)` and class-based `web.View`s
(one route per HTTP method they define)."""

from __future__ import annotations

import ast
from functools import partial
from typing import Any

from prodready.frameworks.astutil import argument, callee, last_name, literal_str
from prodready.frameworks.facts import Ref, RouteDecl
from prodready.frameworks.registry import Adapter, register

VIEW_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")  # aiohttp.web.View

ROUTER_METHODS = {  # app.router.add_get("/x", handler) -> ("GET",)
    "add_get": ("GET",), "add_post": ("POST",), "add_put": ("PUT",), "add_delete": ("DELETE",),
    "add_patch": ("PATCH",), "add_head": ("HEAD",), "add_view": (),
}
ROUTE_DEFS = {  # web.get("/x", handler) inside app.add_routes([...])
    "get": ("GET",), "post": ("POST",), "put": ("PUT",), "delete": ("DELETE",), "patch": ("PATCH",),
    "head": ("HEAD",), "view": (),
}


def route(visitor: Any, owner: ast.expr, methods: tuple[str, ...], call: ast.Call, first: int) -> None:
    """`app.router.add_get("/x", handler)` (first=0) or `add_route("GET", "/x", handler)` (first=1)."""
    visitor.add_route(visitor.ref(owner), "aiohttp", methods, visitor.path_text(argument(call, first, "path")),
                      call, argument(call, first + 1, "handler"))


def add_method_route(methods: tuple[str, ...], visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.router.add_get("/x", handler)` and its siblings; an `add_view` of another shape passes
    (Pyramid's `config.add_view(view)`, Cornice's `svc.add_view("GET", view)`)."""
    if not methods and not visitor.imports_from("aiohttp"):
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
    """`app.add_routes([web.get("/", handler), ...])` or `app.add_routes(table)`."""
    if not call.args:
        return False
    table = call.args[0]
    if not isinstance(table, (ast.List, ast.Tuple)):
        visitor.add_mount(visitor.ref(owner), visitor.ref(table), "aiohttp", call, "")
        return True
    for item in table.elts:
        short = last_name(callee(item)) if isinstance(item, ast.Call) else ""
        if short in ROUTE_DEFS:
            route(visitor, owner, ROUTE_DEFS[short], item, 0)  # type: ignore[arg-type]
        elif short == "route" and isinstance(item, ast.Call):
            method = literal_str(argument(item, 0, "method")) or ""
            route(visitor, owner, (method.upper(),) if method else (), item, 1)
    return True


def add_subapp(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.add_subapp("/prefix", subapp)`."""
    prefix = visitor.path_text(argument(call, 0, "prefix")) or ""
    visitor.add_mount(visitor.ref(owner), visitor.ref(argument(call, 1, "subapp")), "aiohttp", call, prefix)
    return True


def view_class(visitor: Any, cls: ast.ClassDef) -> None:
    """`@routes.view("/x")` on a `web.View` class."""
    for decorator in cls.decorator_list:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "view"):
            continue
        path = visitor.path_text(argument(decorator, 0, "path"))
        owner = visitor.ref(decorator.func.value)
        if path is not None and owner is not None:
            visitor.routes.append(RouteDecl(owner, "aiohttp", (), path, decorator.lineno,
                                            handler_ref=Ref(visitor.key(cls.name), visitor.scope_name),
                                            conditions=tuple(visitor.conditions)))


AIOHTTP = register(
    Adapter(
        framework="aiohttp",
        import_roots=("aiohttp",),
        constructors={"Application": "app", "RouteTableDef": "router"},
        needs_import=frozenset({"Application", "RouteTableDef"}),
        calls={**{name: partial(add_method_route, methods) for name, methods in ROUTER_METHODS.items()},
               "add_route": add_route, "add_routes": add_routes, "add_subapp": add_subapp},
        classes=(view_class,),
        handler_methods={verb: (verb.upper(),) for verb in VIEW_METHODS},
        inherited={"View": ()},
        hints=("Application", "RouteTableDef", "add_routes", "add_subapp", *(f".{name}(" for name in ROUTER_METHODS)),
    )
)
