"""Quart: Flask's shapes on asyncio (`Quart(__name__)`, `Blueprint(name, __name__, url_prefix=)`,
`register_blueprint`, `add_url_rule`, async handlers), reported as framework "quart"."""

from __future__ import annotations

from prodready.frameworks.adapters.flask import FLASK
from prodready.frameworks.registry import Adapter, register

QUART = register(
    Adapter(
        framework="quart",
        import_roots=("quart",),
        constructors={"Quart": "app", "Blueprint": "router"},
        prefix_keywords=FLASK.prefix_keywords,
        needs_import=frozenset({"Blueprint"}),
        prefix_replaced_by_mount=True,
        calls=FLASK.calls,  # the same registration calls (whichever adapter answers first records them)
        handler_methods=FLASK.handler_methods,  # quart.views.MethodView
        inherited=FLASK.inherited,
        hints=("Quart",),
    )
)
