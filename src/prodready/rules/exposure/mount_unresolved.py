"""PR205 dev-route-mount-unresolved."""

from prodready.model.findings import Severity
from prodready.model.project import Route
from prodready.rules.base import Rule


class DevRouteMountUnresolved(Rule):
    """A test/dev route whose router is registered by code a static reader cannot follow.

    What it finds
    The routes PR201 looks for, on a router or blueprint that no chain of mounts reaches while
    the project registers routers dynamically (`importlib.import_module(name)` over a list read
    from the environment, `getattr(module, attr)` with a computed name, a loop over what a
    function returns, a router passed in as a parameter), or on an object prodready cannot name
    at all. The path shown is the route's own: its prefixes are unknown.

    Why it matters
    It may be exposed in production, or not: nobody can tell from the code alone, so it is not
    reported as harmlessly unmounted. A reader has to check the registration once.

    Example
    ```python
    import importlib
    import os

    from fastapi import APIRouter, FastAPI

    router = APIRouter(prefix="/debug")


    @router.get("/env")
    async def debug_env():
        return dict(os.environ)


    app = FastAPI()
    for name in os.environ.get("ROUTER_MODULES", "").split(","):
        app.include_router(importlib.import_module(name).router)
    ```

    Use instead
    ```python
    import importlib
    import os

    from fastapi import FastAPI

    app = FastAPI()
    for name in ("orders.routes", "payments.routes"):  # literal: prodready follows each one
        app.include_router(importlib.import_module(name).router)
    if os.environ.get("ENVIRONMENT") == "development":
        app.include_router(importlib.import_module("debug.routes").router)
    ```

    Fix
    Register dev routers by a literal import (or a literal list of modules) under an environment
    gate, or guard them with `prodready_kit.guards.dev_only`; then prodready can say where they are.
    """

    id = "PR205"
    slug = "dev-route-mount-unresolved"
    family = "exposure"
    status = "mount-unresolved"
    severity = Severity.MEDIUM
    message = "Test/development route is registered dynamically: where it is mounted is not resolved"


def mount_unresolved_details(route: Route) -> tuple[str, ...]:
    """What a PR205 finding adds: the route's own path and what is not known."""
    return (f"Mount not resolved: served at `{route.path}` plus prefixes a static reader cannot tell",
            "Check where it is registered and gate it for production")
