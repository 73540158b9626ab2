"""PR105 no-readiness-check (project level)."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class NoReadinessCheck(Rule):
    """The service talks to dependencies, but no route can report them failing.

    What it finds
    A web service that imports database, cache, HTTP-client or broker libraries (redis,
    SQLAlchemy, psycopg, pymongo, httpx, requests, aiohttp, kafka, pika, celery, ...) while none of
    its routes is a `real` health endpoint and no `prodready_kit.health` router is mounted.
    Reported once, at the first application object.

    Why it matters
    Without a readiness endpoint that fails when a dependency fails, orchestrators cannot hold
    traffic back from an instance that lost its database, and rolling deploys proceed onto
    broken instances.

    Example
    ```python
    import redis
    from fastapi import FastAPI

    app = FastAPI()
    cache = redis.Redis()


    @app.get("/items")
    async def items():
        return cache.lrange("items", 0, -1)
    ```

    Use instead
    ```python
    import redis
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

    app = FastAPI()
    cache = redis.Redis()


    @app.get("/health/ready")
    async def ready():
        try:
            cache.ping()
        except redis.RedisError:
            return JSONResponse({"status": "fail"}, status_code=503)
        return {"status": "pass"}
    ```

    Fix
    Add a readiness endpoint: `app.include_router(health_router(registry))` from
    `prodready_kit.health.fastapi` (or `health_blueprint` for Flask) with a check per dependency.
    """

    id = "PR105"
    slug = "no-readiness-check"
    family = "health"
    status = "missing"
    severity = Severity.MEDIUM
    project_level = True
    message = "No route can report the service's dependencies failing"
