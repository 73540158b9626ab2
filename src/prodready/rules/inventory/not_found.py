"""PR404 inventory-not-found."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class InventoryNotFound(Rule):
    """An inventory area with no component: its libraries declared but not wired, or nothing found.

    What it finds
    Project-level, for the report areas no capability or health rule covers (high availability,
    load balancing / service discovery, circuit breaker, authentication, monitoring & metrics,
    backup & recovery, and areas user packs add): no indicator pack found a component of the
    area anywhere in the code. `declared-not-wired` (low) when a library the area's packs name
    is declared in a manifest or imported (prometheus-client in requirements.txt, `import
    pybreaker`) but nothing uses it the way the packs recognise; `missing` (severity none)
    otherwise. Either way the finding lists what was searched (components, imports, settings,
    manifests) and what was found, with `file:line`, so a "Not found" can be checked.

    Why it matters
    A dependency that is installed but never wired is a feature everyone believes exists: the
    metrics library nobody exposes, the breaker nobody wraps a call in. And a "Not found" the
    reader cannot check is a "Not found" the reader does not trust.

    Example
    ```python
    import pybreaker
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/quotes")
    async def quotes():
        return []
    ```

    Use instead
    ```python
    import pybreaker
    import requests
    from fastapi import FastAPI

    app = FastAPI()
    breaker = pybreaker.CircuitBreaker(fail_max=5, reset_timeout=30)


    @app.get("/quotes")
    async def quotes():
        return breaker.call(requests.get, "http://quotes.internal/latest").json()
    ```

    Fix
    No automatic fix. Wire the library where the service needs it (create the client, install
    the app or middleware, wrap the calls), or drop the dependency.
    """

    id = "PR404"
    slug = "inventory-not-found"
    family = "inventory"
    status = "declared-not-wired"
    severity = Severity.LOW
    message = "Declared but not wired"
