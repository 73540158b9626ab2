"""Starlette: `Starlette(routes=[...])`, `Router(routes=[...])`, `Route`/`Mount` entries."""

from prodready.frameworks.adapters import Adapter, register

STARLETTE = register(
    Adapter(
        framework="starlette",
        import_roots=("starlette",),
        constructors={"Starlette": "app", "Router": "router"},
        needs_import=frozenset({"Router"}),
    )
)

ROUTE_ENTRY = "Route"
MOUNT_ENTRY = "Mount"
