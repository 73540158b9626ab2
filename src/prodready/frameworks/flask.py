"""Flask (and Quart): `Flask(__name__)` apps, `Blueprint(name, __name__, url_prefix=)`."""

from prodready.frameworks.adapters import Adapter, register

FLASK = register(
    Adapter(
        framework="flask",
        import_roots=("flask", "quart"),
        constructors={"Flask": "app", "Quart": "app", "Blueprint": "router"},
        prefix_keywords=("url_prefix",),
        needs_import=frozenset({"Blueprint"}),
        prefix_replaced_by_mount=True,
    )
)
