"""PR203 dev-route-unmounted."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DevRouteUnmounted(Rule):
    """A test/dev route whose router is never mounted on an application.

    What it finds
    The routes PR201 looks for, defined on a router or blueprint that no chain of
    `include_router`/`register_blueprint`/`Mount`/`include` connects to an application (a
    commented-out include line naming it is shown as related).

    Why it matters
    Dead test code in the production tree is one uncommented line away from being exposed.

    Example
    ```python
    from fastapi import APIRouter, FastAPI

    router = APIRouter(prefix="/mock")


    @router.get("/payments")
    async def mock_payments():
        return [{"id": 1, "amount": 100}]


    app = FastAPI()
    # app.include_router(router)
    ```

    Use instead
    ```python
    from fastapi import APIRouter, FastAPI

    router = APIRouter(prefix="/payments")


    @router.get("/recent")
    async def recent_payments():
        return []


    app = FastAPI()
    app.include_router(router)
    ```

    Fix
    Remove the routes from production code (move them to tests or a dev-only package).
    """

    id = "PR203"
    slug = "dev-route-unmounted"
    family = "exposure"
    status = "unmounted"
    severity = Severity.LOW
    message = "Test/development route is defined but never mounted: remove it from production code"
