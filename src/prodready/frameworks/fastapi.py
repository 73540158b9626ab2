"""FastAPI: `FastAPI()` apps, `APIRouter(prefix=, dependencies=, tags=)` routers."""

from prodready.frameworks.adapters import Adapter, register

FASTAPI = register(
    Adapter(
        framework="fastapi",
        import_roots=("fastapi",),
        constructors={"FastAPI": "app", "APIRouter": "router"},
        prefix_keywords=("prefix",),
    )
)
