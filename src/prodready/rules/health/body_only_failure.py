"""PR102 health-body-only-failure."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class HealthBodyOnlyFailure(Rule):
    """A health endpoint that can say "unhealthy", but only in the body, always with HTTP 200.

    What it finds
    A health-ish route whose reported status varies (computed, or several literal values on
    different paths) while every path answers with a 2xx status code: no `HTTPException(503)`,
    `abort(503)`, `JSONResponse(..., status_code=...)` or `response.status_code = 503`.

    Why it matters
    Kubernetes probes, load balancers and most uptime checks look only at the status code. A
    body that says "unhealthy" under a 200 is read as healthy, so the failing instance keeps
    receiving traffic.

    Example
    ```python
    from fastapi import FastAPI

    from services import redis_client

    app = FastAPI()


    @app.get("/health")
    async def health():
        try:
            redis_client.ping()
            redis_ok = True
        except Exception:
            redis_ok = False
        return {"status": "ok" if redis_ok else "unhealthy", "redis": redis_ok}
    ```

    Use instead
    ```python
    from fastapi import FastAPI, HTTPException

    from services import redis_client

    app = FastAPI()


    @app.get("/health")
    async def health():
        if not redis_client.ping():
            raise HTTPException(status_code=503, detail="redis unavailable")
        return {"status": "ok"}
    ```

    Fix
    Return the failing status code on the failing path (503 Service Unavailable), or answer
    through `prodready_kit.health`, which maps a failing critical check to 503.
    """

    id = "PR102"
    slug = "health-body-only-failure"
    family = "health"
    status = "body-only-failure"
    severity = Severity.MEDIUM
    message = "Health endpoint reports failure only in the body, always with HTTP 200"
