"""Sanic: `Sanic("name")` apps, `Blueprint("name", url_prefix=)` blueprints, `app.blueprint(bp)`."""

from prodready.frameworks.adapters import Adapter, register

SANIC = register(
    Adapter(
        framework="sanic",
        import_roots=("sanic",),
        constructors={"Sanic": "app", "Blueprint": "router"},
        prefix_keywords=("url_prefix",),
        needs_import=frozenset({"Blueprint"}),
        prefix_replaced_by_mount=True,
    )
)

MOUNT = "blueprint"  # app.blueprint(bp, url_prefix=...); Blueprint.group(...) is not followed
