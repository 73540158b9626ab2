"""Sanic: `Sanic("name")` apps, `Blueprint("name", url_prefix=)` blueprints, `app.blueprint(bp)`
and blueprint groups (`Blueprint.group(a, b, url_prefix=)`: a router the blueprints are mounted on,
each keeping its own prefix)."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.adapters.flask import mount_blueprint
from prodready.frameworks.astutil import dotted, keyword
from prodready.frameworks.facts import ObjectDecl, Ref
from prodready.frameworks.registry import Adapter, register

FRAMEWORK = "sanic"
BLUEPRINT = "Blueprint"
GROUP = "group"


def blueprint(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.blueprint(bp, url_prefix="/x")`."""
    return mount_blueprint(visitor, owner, call, FRAMEWORK)


def group(visitor: Any, key: str, call: ast.Call) -> bool:
    """`bp = Blueprint.group(chat_bp, files_bp, url_prefix="/api")`: a router of its own with the
    blueprints mounted on it (their own prefixes kept)."""
    head, _, method = dotted(call.func).rpartition(".")
    binding = visitor.imports.binding(head.partition(".")[0]) if head else None
    if method != GROUP or head.rpartition(".")[2] != BLUEPRINT or binding is None or binding.module.split(".")[0] != FRAMEWORK:
        return False
    visitor.objects.append(ObjectDecl(key, "router", FRAMEWORK, call.lineno, call.end_lineno or call.lineno,
                                      prefix=visitor.path_text(keyword(call, "url_prefix")) or "",
                                      conditions=tuple(visitor.conditions)))
    for item in call.args:
        visitor.add_mount(Ref(key), visitor.ref(item.value if isinstance(item, ast.Starred) else item), FRAMEWORK,
                          call, None)
    return True


SANIC = register(
    Adapter(
        framework=FRAMEWORK,
        import_roots=(FRAMEWORK,),
        constructors={"Sanic": "app", BLUEPRINT: "router"},
        prefix_keywords=("url_prefix",),
        needs_import=frozenset({BLUEPRINT}),
        prefix_replaced_by_mount=True,
        calls={"blueprint": blueprint},
        call_assignments=(group,),
        hints=("Sanic",),
    )
)
