"""Starlette: `Starlette(routes=[...])`, `Router(routes=[...])`, `Route`/`Mount` entries,
`app.mount(path, sub)` and `app.add_route(path, endpoint)` (FastAPI apps inherit both)."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.astutil import argument, keyword, str_items
from prodready.frameworks.registry import Adapter, register

ROUTE_ENTRY = "Route"
MOUNT_ENTRY = "Mount"


def route_entry(visitor: Any, owner: Any, call: ast.Call) -> None:
    """`Route("/x", endpoint, methods=[...])`."""
    methods = tuple(m.upper() for m in str_items(keyword(call, "methods"))) or ("GET",)
    visitor.add_route(owner, "starlette", methods, visitor.path_text(argument(call, 0, "path")), call,
                      argument(call, 1, "endpoint"))


def mount_entry(visitor: Any, owner: Any, call: ast.Call) -> None:
    """`Mount("/x", routes=[...])` or `Mount("/x", app=sub)`."""
    path = visitor.path_text(argument(call, 0, "path"))
    if path is None:
        return
    routes = keyword(call, "routes")
    if isinstance(routes, (ast.List, ast.Tuple)):
        child = visitor.add_object(f"<mount@{call.lineno}>", "router", "starlette", call)
        visitor.entries(child, routes, "starlette")
    else:
        child = visitor.ref(routes if routes is not None else argument(call, 1, "app"))
    visitor.add_mount(owner, child, "starlette", call, path)


def routes_keyword(visitor: Any, call: ast.Call, made: Any) -> None:
    """`Starlette(routes=[...])` / `Router(routes=routes)`: the entries, or the list it is given."""
    routes = keyword(call, "routes")
    if isinstance(routes, (ast.List, ast.Tuple)):
        visitor.entries(made, routes, "starlette")
    elif routes is not None:
        visitor.add_mount(made, visitor.ref(routes), "starlette", call, "")


def mount(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.mount("/x", sub_app)`."""
    parent = visitor.ref(owner)
    prefix = visitor.path_text(argument(call, 0, "path")) or ""
    for child in visitor.refs(argument(call, 1, "app")):
        visitor.add_mount(parent, child, "starlette", call, prefix, visitor.dependencies(keyword(call, "dependencies")))
    return True


def add_route(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.add_route("/x", endpoint, methods=[...])`."""
    visitor.add_registered_route(owner, call, argument(call, 0, "path"), argument(call, 1, "endpoint", "route"),
                                 ("GET",))
    return True


def route_list(visitor: Any, name: str, entries: frozenset[str]) -> bool:
    """A list holding `Route`/`Mount` entries in a file that imports Starlette or FastAPI."""
    return bool(entries & {ROUTE_ENTRY, MOUNT_ENTRY}) and visitor.imports_from("starlette", "fastapi")


STARLETTE = register(
    Adapter(
        framework="starlette",
        import_roots=("starlette",),
        constructors={"Starlette": "app", "Router": "router"},
        needs_import=frozenset({"Router"}),
        calls={"mount": mount, "add_route": add_route},
        entries={ROUTE_ENTRY: route_entry, MOUNT_ENTRY: mount_entry},
        lists=route_list,
        constructed=routes_keyword,
        hints=("Starlette", "Router", "Route", "Mount", ".mount(", "add_route"),
    )
)
