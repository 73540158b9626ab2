"""PR506 liveness-route-checks-dependencies."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class LivenessRouteChecksDependencies(Rule):
    """A liveness route's handler fails when a dependency fails (found from the code alone).

    What it finds
    A route whose path says liveness (`/live`, `/livez`, `/liveness`, `/alive`, or `/healthz`
    unless a readiness or startup probe uses it) and whose handler is `real` because a dependency
    call can fail it: the finding names the dependency. Reported when no liveness probe of the
    deployment files calls the route (PR502 reports those, with the manifest line).

    Why it matters
    Whoever wires the route as a liveness probe (the name invites it) gets a container that is
    restarted whenever the database or cache is down: one dependency's outage restarts every pod.

    Example
    ```python
    from fastapi import FastAPI

    from cache import redis_client

    app = FastAPI()


    @app.get("/livez")
    async def livez():
        await redis_client.ping()
        return {"status": "ok"}
    ```

    Use instead
    ```python
    from fastapi import FastAPI

    from cache import redis_client

    app = FastAPI()


    @app.get("/livez")
    async def livez():
        return {"status": "ok"}


    @app.get("/readyz")
    async def readyz():
        await redis_client.ping()
        return {"status": "ok"}
    ```

    Fix
    No automatic fix. Move the dependency checks to a readiness route and let the liveness
    route answer while the process runs (`prodready_kit.health`'s `/health/live`).
    """

    id = "PR506"
    slug = "liveness-route-checks-dependencies"
    family = "deploy"
    status = "restarts-on-dependency"
    severity = Severity.MEDIUM
    message = "Liveness route checks dependencies"
    example_path = "app.py"
    kit_replacement = "prodready_kit.health"
