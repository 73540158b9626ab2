"""PR103 health-static-liveness."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class HealthStaticLiveness(Rule):
    """A constant health answer that claims nothing about dependencies.

    What it finds
    A health-ish route that always answers the same thing (`{"status": "ok"}`, `"pong"`) and
    neither reports nor calls any dependency. That is exactly right for a liveness probe ("the
    process answers"), and wrong if it is used as the readiness probe.

    Why it matters
    Pointing a readiness probe or a load balancer at a static endpoint sends traffic to instances
    whose database or cache is unreachable. Keep it for liveness and add a real readiness check.

    Example
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/livez")
    async def liveness():
        return {"status": "ok"}
    ```

    Use instead
    ```python
    from fastapi import FastAPI, HTTPException

    from services import db

    app = FastAPI()


    @app.get("/livez")
    async def liveness():
        await db.execute("SELECT 1")
        return {"status": "ok"}
    ```
    (for readiness; a static liveness endpoint is reported for information only.)

    Fix
    None needed for liveness. For readiness use `prodready_kit.health`'s `/health/ready`.
    """

    id = "PR103"
    slug = "health-static-liveness"
    family = "health"
    status = "static-liveness"
    severity = Severity.INFO
    message = "Static health endpoint: fine for liveness, not for readiness"
