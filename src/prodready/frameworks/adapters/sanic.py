"""Sanic: `Sanic("name")` apps, `Blueprint("name", url_prefix=)` blueprints, `app.blueprint(bp)`
(`Blueprint.group(...)` is not followed)."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.adapters.flask import mount_blueprint
from prodready.frameworks.registry import Adapter, register


def blueprint(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.blueprint(bp, url_prefix="/x")`."""
    return mount_blueprint(visitor, owner, call, "sanic")


SANIC = register(
    Adapter(
        framework="sanic",
        import_roots=("sanic",),
        constructors={"Sanic": "app", "Blueprint": "router"},
        prefix_keywords=("url_prefix",),
        needs_import=frozenset({"Blueprint"}),
        prefix_replaced_by_mount=True,
        calls={"blueprint": blueprint},
        hints=("Sanic",),
    )
)
