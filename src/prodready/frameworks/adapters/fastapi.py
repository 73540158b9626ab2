"""FastAPI: `FastAPI()` apps, `APIRouter(prefix=, dependencies=, tags=)` routers,
`include_router(router, prefix=)`, `add_api_route(path, endpoint)`, `add_api_websocket_route`
and `APIRoute(...)` entries of `APIRouter(routes=[...])` / `FastAPI(routes=[...])`."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.astutil import argument, keyword, str_items
from prodready.frameworks.registry import Adapter, register

ROUTE_ENTRIES = ("APIRoute", "APIWebSocketRoute")


def include_router(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.include_router(router, prefix="/x", dependencies=[...], tags=[...])`."""
    parent = visitor.ref(owner)
    prefix = visitor.path_text(keyword(call, "prefix")) or ""
    for child in visitor.refs(argument(call, 0, "router")):
        visitor.add_mount(parent, child, "fastapi", call, prefix,
                          visitor.dependencies(keyword(call, "dependencies")), str_items(keyword(call, "tags")))
    return True


def add_api_route(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`router.add_api_route("/x", endpoint, methods=[...])`."""
    visitor.add_registered_route(owner, call, argument(call, 0, "path"), argument(call, 1, "endpoint"), ("GET",))
    return True


def add_api_websocket_route(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`router.add_api_websocket_route("/ws", endpoint)` (its handshake is a GET)."""
    visitor.add_registered_route(owner, call, argument(call, 0, "path"), argument(call, 1, "endpoint"), ("GET",))
    return True


def api_route_entry(visitor: Any, owner: Any, call: ast.Call) -> None:
    """`APIRoute("/x", endpoint, methods=[...])` in a `routes=[...]` list: FastAPI prefixes only the
    routes a router adds itself, so not these with the router's own `prefix=`."""
    methods = tuple(m.upper() for m in str_items(keyword(call, "methods"))) or ("GET",)
    visitor.add_route(owner, "fastapi", methods, visitor.path_text(argument(call, 0, "path")), call,
                      argument(call, 1, "endpoint"), dependencies=visitor.dependencies(keyword(call, "dependencies")),
                      tags=str_items(keyword(call, "tags")), router_prefix=False)


def routes_keyword(visitor: Any, call: ast.Call, made: Any) -> None:
    """`APIRouter(routes=[APIRoute(...)])` / `FastAPI(routes=routes)`."""
    routes = keyword(call, "routes")
    if routes is not None:
        visitor.add_route_items(made, routes, "fastapi")


def route_list(visitor: Any, name: str, entries: frozenset[str]) -> bool:
    """A list holding `APIRoute` entries in a file that imports FastAPI."""
    return bool(entries & set(ROUTE_ENTRIES)) and visitor.imports_from("fastapi")


FASTAPI = register(
    Adapter(
        framework="fastapi",
        import_roots=("fastapi",),
        constructors={"FastAPI": "app", "APIRouter": "router"},
        prefix_keywords=("prefix",),
        calls={"include_router": include_router, "add_api_route": add_api_route,
               "add_api_websocket_route": add_api_websocket_route},
        entries={"APIRoute": api_route_entry, "APIWebSocketRoute": api_route_entry},
        lists=route_list,
        constructed=routes_keyword,
        hints=("FastAPI", "APIRoute", "include_router", "add_api_route"),  # "APIRoute" covers APIRouter
    )
)
