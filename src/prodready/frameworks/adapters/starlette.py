"""Starlette: `Starlette(routes=[...])`, `Router(routes=[...])`, `Route`/`WebSocketRoute`/`Mount`/`Host`
entries, `routes=` lists built by concatenation or by a function, `app.mount(path, sub)` and
`app.add_route(path, endpoint)` (FastAPI apps inherit both). An app a library makes, mounted inline
(`app.mount("/metrics", make_asgi_app())`, `Mount("/static", app=StaticFiles(...))`), is a route of its
own: any method under the mount's path, served by the library's callable."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.astutil import argument, callee, dotted, keyword, last_name, str_items
from prodready.frameworks.facts import Ref
from prodready.frameworks.registry import Adapter, register

ROUTE_ENTRY = "Route"
WEBSOCKET_ENTRY = "WebSocketRoute"  # its handshake is a GET
MOUNT_ENTRY = "Mount"
HOST_ENTRY = "Host"


def route_entry(visitor: Any, owner: Any, call: ast.Call) -> None:
    """`Route("/x", endpoint, methods=[...])`."""
    methods = tuple(m.upper() for m in str_items(keyword(call, "methods"))) or ("GET",)
    visitor.add_route(owner, "starlette", methods, visitor.path_text(argument(call, 0, "path")), call,
                      argument(call, 1, "endpoint"))


def websocket_entry(visitor: Any, owner: Any, call: ast.Call) -> None:
    """`WebSocketRoute("/ws", endpoint)`."""
    visitor.add_route(owner, "starlette", ("GET",), visitor.path_text(argument(call, 0, "path")), call,
                      argument(call, 1, "endpoint"))


def mount_entry(visitor: Any, owner: Any, call: ast.Call) -> None:
    """`Mount("/x", routes=[...])`, `Mount("/x", app=sub)` or `Host("api.example.com", app=sub)`."""
    path = visitor.path_text(argument(call, 0, "path")) if last_name(callee(call)) == MOUNT_ENTRY else ""
    if path is None:
        return
    routes = keyword(call, "routes")
    if routes is not None and not isinstance(routes, ast.Name):
        child = visitor.add_object(f"<mount@{call.lineno}>", "router", "starlette", call)
        visitor.add_route_items(child, routes, "starlette")
    else:
        child = visitor.ref(routes if routes is not None else argument(call, 1, "app"))
        library_route(visitor, owner, child, argument(call, 1, "app"), call, path)
    visitor.add_mount(owner, child, "starlette", call, path)


def library_route(visitor: Any, parent: Ref | None, child: Ref | None, node: ast.expr | None, call: ast.Call,
                  path: str) -> None:
    """`make_asgi_app()` mounted at `path`: an app made by a call to a name another top-level package
    provides is one route (any method) served by that callable."""
    if child is None or not child.is_call or not isinstance(node, ast.Call):
        return
    binding = visitor.imports.binding(dotted(node.func).partition(".")[0])
    if binding is not None and binding.module.split(".")[0] != visitor.module.split(".")[0]:
        visitor.add_route(parent, "starlette", (), path, call, node.func, router_prefix=False)  # a router's prefix is not a mount's


def routes_keyword(visitor: Any, call: ast.Call, made: Any) -> None:
    """`Starlette(routes=[...])` / `Router(routes=base + extra)` / `routes=build_routes()`."""
    routes = keyword(call, "routes")
    if routes is not None:
        visitor.add_route_items(made, routes, "starlette")


def mount(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.mount("/x", sub_app)`."""
    parent = visitor.ref(owner)
    prefix = visitor.path_text(argument(call, 0, "path")) or ""
    for child in visitor.refs(argument(call, 1, "app")):
        library_route(visitor, parent, child, argument(call, 1, "app"), call, prefix)
        visitor.add_mount(parent, child, "starlette", call, prefix, visitor.dependencies(keyword(call, "dependencies")))
    return True


def add_route(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.add_route("/x", endpoint, methods=[...])`."""
    visitor.add_registered_route(owner, call, argument(call, 0, "path"), argument(call, 1, "endpoint", "route"),
                                 ("GET",))
    return True


def route_list(visitor: Any, name: str, entries: frozenset[str]) -> bool:
    """A list holding `Route`/`Mount` entries in a file that imports Starlette or FastAPI."""
    return bool(entries & set(ENTRIES)) and visitor.imports_from("starlette", "fastapi")


ENTRIES = {ROUTE_ENTRY: route_entry, WEBSOCKET_ENTRY: websocket_entry, MOUNT_ENTRY: mount_entry,
           HOST_ENTRY: mount_entry}

STARLETTE = register(
    Adapter(
        framework="starlette",
        import_roots=("starlette",),
        constructors={"Starlette": "app", "Router": "router"},
        needs_import=frozenset({"Router"}),
        calls={"mount": mount, "add_route": add_route},
        entries=ENTRIES,
        lists=route_list,
        constructed=routes_keyword,
        hints=("Starlette", "Router", "Route", "Mount", ".mount(", "add_route"),
    )
)
