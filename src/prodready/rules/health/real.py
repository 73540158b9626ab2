"""PR104 health-real (inventory)."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class HealthReal(Rule):
    """A health endpoint whose status follows real checks and can fail.

    What it finds
    A health-ish route with a path that answers a non-2xx status code (503 when a check fails,
    a computed status code, an exception from a dependency call surfacing as 500) or that answers
    through `prodready_kit.health`. Recorded for the inventory; it never gates.

    Why it matters
    It is the evidence that the service can be taken out of rotation when a dependency fails,
    and it satisfies the project-level readiness check.

    Example
    ```python
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

    from services import db

    app = FastAPI()


    @app.get("/health/ready")
    async def ready():
        ok = await db.is_connected()
        return JSONResponse({"ready": ok}, status_code=200 if ok else 503)
    ```

    Use instead
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/items")
    async def items():
        return []
    ```
    (nothing to replace: this is the good case.)

    Fix
    None.
    """

    id = "PR104"
    slug = "health-real"
    family = "health"
    status = "real"
    severity = Severity.NONE
    message = "Health endpoint reflects real checks"
