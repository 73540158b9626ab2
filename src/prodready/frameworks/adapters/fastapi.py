"""FastAPI: `FastAPI()` apps, `APIRouter(prefix=, dependencies=, tags=)` routers,
`include_router(router, prefix=)` and `add_api_route(path, endpoint)`."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.astutil import argument, keyword, str_items
from prodready.frameworks.registry import Adapter, register


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


FASTAPI = register(
    Adapter(
        framework="fastapi",
        import_roots=("fastapi",),
        constructors={"FastAPI": "app", "APIRouter": "router"},
        prefix_keywords=("prefix",),
        calls={"include_router": include_router, "add_api_route": add_api_route},
        hints=("FastAPI", "APIRouter", "include_router", "add_api_route"),
    )
)
