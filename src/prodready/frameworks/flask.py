"""Flask (and Quart, APIFlask, flask-smorest): `Flask(__name__)` apps, `Blueprint(name, __name__,
url_prefix=)` blueprints."""

from prodready.frameworks.adapters import Adapter, register

FLASK = register(
    Adapter(
        framework="flask",
        import_roots=("flask", "quart", "apiflask", "flask_smorest"),
        constructors={"Flask": "app", "Quart": "app", "APIFlask": "app", "Blueprint": "router",
                      "APIBlueprint": "router"},
        prefix_keywords=("url_prefix",),
        needs_import=frozenset({"Blueprint"}),
        prefix_replaced_by_mount=True,
    )
)
