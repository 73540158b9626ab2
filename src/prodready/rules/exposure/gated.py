"""PR202 dev-route-gated."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DevRouteGated(Rule):
    """A test/dev route that is mounted only under an environment condition or behind auth.

    What it finds
    The routes PR201 looks for, when their mount sits inside `if settings.ENVIRONMENT ==
    "development":` (or another environment/debug test), or an auth dependency, scope,
    permission decorator or view class `permission_classes` protects the route, its router or
    its mount, or a `prodready_kit.guards` guard hides it in production, or the handler body
    (or the helper it returns the result of) refuses outside development (`if not
    app.config["DEV_AUTH_ENABLED"]: abort(404)`, or everything under `if DEV_AUTH: ... else:
    raise NotFound`). Reported for information, with the gate's location.

    Why it matters
    The gate is what keeps the route out of production: reviewers should know it exists and
    where, so it is not removed by accident.

    Example
    ```python
    import os

    from fastapi import APIRouter, FastAPI

    router = APIRouter(prefix="/debug")


    @router.get("/state")
    async def debug_state():
        return {"cache": "warm"}


    app = FastAPI()
    if os.environ.get("ENVIRONMENT") == "development":
        app.include_router(router)
    ```

    Use instead
    ```python
    from fastapi import APIRouter, FastAPI

    router = APIRouter(prefix="/orders")


    @router.get("/recent")
    async def recent_orders():
        return []


    app = FastAPI()
    app.include_router(router)
    ```

    Fix
    None needed; keep the gate (or use `prodready_kit.guards.dev_only`, which fails closed).
    """

    id = "PR202"
    slug = "dev-route-gated"
    family = "exposure"
    status = "gated"
    severity = Severity.INFO
    message = "Test/development route is gated"
