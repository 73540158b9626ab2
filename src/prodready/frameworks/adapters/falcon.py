"""Falcon: `falcon.App()` / `falcon.API()` / `falcon.asgi.App()` apps, `app.add_route(path, Resource())`
(an instance made inline or bound to a name first; `suffix="x"` answers through `on_get_x`),
`app.add_sink(sink, prefix)`; resources answer through `on_get`, `on_post`, ... (one route per method)."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.astutil import argument, keyword, literal_str
from prodready.frameworks.facts import RouteDecl
from prodready.frameworks.registry import HTTP_METHOD_DECORATORS, Adapter, register

FRAMEWORK = "falcon"
RESPONDERS = {f"on_{method}": (method.upper(),) for method in HTTP_METHOD_DECORATORS if method != "trace"}


def resource(visitor: Any, node: ast.expr | None) -> ast.expr | None:
    """The class behind a resource expression: `Health()` -> `Health`, `health` bound to `Health()`
    in this scope or the module -> `Health`; anything else as written."""
    if isinstance(node, ast.Name):
        bound = visitor.bound.get(visitor.key(node.id)) or visitor.bound.get(node.id)
        if isinstance(bound, ast.Call):
            node = bound
    return node.func if isinstance(node, ast.Call) else node


def is_falcon(visitor: Any) -> bool:
    """True when the file imports Falcon (its `add_route` shares a name with Starlette's and Pyramid's)."""
    return visitor.imports_from(FRAMEWORK)


def add_route(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.add_route("/x", Resource(), suffix="item")` in a file importing Falcon."""
    path = argument(call, 0, "uri_template")
    target = argument(call, 1, "resource")
    if not is_falcon(visitor) or path is None or target is None:
        return False
    handler_ref = visitor.ref(resource(visitor, target))
    path_text = visitor.path_text(path)
    owner_ref = visitor.ref(owner)
    if owner_ref is None or handler_ref is None or path_text is None:
        return True
    visitor.routes.append(RouteDecl(owner_ref, FRAMEWORK, (), path_text, call.lineno, handler_ref=handler_ref,
                                    conditions=tuple(visitor.conditions),
                                    suffix=literal_str(keyword(call, "suffix")) or ""))
    return True


def add_sink(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.add_sink(sink, prefix="/proxy")`: every method under the prefix."""
    if not is_falcon(visitor):
        return False
    prefix = visitor.path_text(argument(call, 1, "prefix")) or "/"
    visitor.add_route(visitor.ref(owner), FRAMEWORK, (), prefix.rstrip("/") + "/{path}", call,
                      argument(call, 0, "sink"))
    return True


FALCON = register(
    Adapter(
        framework=FRAMEWORK,
        import_roots=(FRAMEWORK,),
        constructors={"App": "app", "API": "app"},
        needs_import=frozenset({"App", "API"}),
        calls={"add_route": add_route, "add_sink": add_sink},
        handler_methods=RESPONDERS,
        hints=("falcon",),
    )
)
