"""PR101 health-fake."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class HealthFake(Rule):
    """A health endpoint that reports dependency state but can never report failure.

    What it finds
    A health-ish route (`/health`, `/ready`, `/status`, ...) whose handler claims to know about
    dependencies (it reports `db_connected`, `services`, `checks`, ..., calls a dependency, or is
    a readiness route) yet every path returns the same literal status and none produces a
    non-2xx status code. Dependency errors caught and dropped before a constant "healthy" count
    too. Helpers the handler returns (`return build_status()`) are followed across modules.

    Why it matters
    Orchestrators, load balancers and uptime monitors read this endpoint to decide whether to
    send traffic or restart the service. An endpoint that always says "healthy" keeps a broken
    instance in rotation while the database is down: the outage is invisible until users report it.

    Example
    ```python
    from fastapi import FastAPI

    from services import db_client

    app = FastAPI()


    @app.get("/health")
    async def health_check():
        return {
            "status": "healthy",
            "version": "2.0.1",
            "db_connected": db_client.is_connected(),
        }
    ```

    Use instead
    ```python
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

    from services import db_client

    app = FastAPI()


    @app.get("/health")
    async def health_check():
        connected = db_client.is_connected()
        return JSONResponse(
            {"status": "healthy" if connected else "unhealthy", "db_connected": connected},
            status_code=200 if connected else 503,
        )
    ```
    Or register the checks in `prodready_kit.health.HealthRegistry` and mount its router.

    Fix
    Unsafe (behaviour changes: the endpoint starts failing when a dependency fails). The codemod
    turns the handler into a `prodready_kit.health.HealthRegistry` whose checks are the
    expressions the handler used to report, answering 503 when a critical check fails.
    """

    id = "PR101"
    slug = "health-fake"
    family = "health"
    status = "fake"
    severity = Severity.HIGH
    message = "Health endpoint can never report failure"
    fixable = True
    fix_safety = "unsafe"
    kit_replacement = "prodready_kit.health.HealthRegistry"
