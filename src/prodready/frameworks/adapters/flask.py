"""Flask (and APIFlask, flask-smorest): `Flask(__name__)` apps, `Blueprint(name, __name__,
url_prefix=)` blueprints, `register_blueprint(bp, url_prefix=)` and `add_url_rule(rule, view_func=)`
(Quart, which shares these shapes, is `adapters/quart.py`)."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.astutil import argument, keyword
from prodready.frameworks.registry import Adapter, register

METHOD_VIEW_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")  # flask.views.MethodView


def register_blueprint(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.register_blueprint(bp, url_prefix="/x")`: url_prefix replaces the blueprint's own."""
    return mount_blueprint(visitor, owner, call, "flask")


def mount_blueprint(visitor: Any, owner: ast.expr, call: ast.Call, framework: str) -> bool:
    """A blueprint mounted with an optional `url_prefix=` (Flask, Sanic)."""
    parent = visitor.ref(owner)
    prefix = visitor.path_text(keyword(call, "url_prefix"))
    for child in visitor.refs(argument(call, 0, "blueprint")):
        visitor.add_mount(parent, child, framework, call, prefix, visitor.dependencies(keyword(call, "dependencies")))
    return True


def add_url_rule(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.add_url_rule("/x", "endpoint", view_func, methods=[...])`; a `View.as_view("name")`
    (`MethodView`) serves the methods its class defines."""
    handler = keyword(call, "view_func") or (call.args[2] if len(call.args) > 2 else None)
    class_based = isinstance(handler, ast.Call) and isinstance(handler.func, ast.Attribute) and handler.func.attr == "as_view"
    visitor.add_registered_route(owner, call, argument(call, 0, "rule", "path"), handler, () if class_based else ("GET",))
    return True


FLASK = register(
    Adapter(
        framework="flask",
        import_roots=("flask", "apiflask", "flask_smorest"),
        constructors={"Flask": "app", "APIFlask": "app", "Blueprint": "router", "APIBlueprint": "router"},
        prefix_keywords=("url_prefix",),
        needs_import=frozenset({"Blueprint"}),
        prefix_replaced_by_mount=True,
        calls={"register_blueprint": register_blueprint, "add_url_rule": add_url_rule},
        handler_methods={verb: (verb.upper(),) for verb in METHOD_VIEW_VERBS},
        inherited={"MethodView": (), "View": ()},
        hints=("Flask", "Blueprint", "register_blueprint", "add_url_rule"),
    )
)
