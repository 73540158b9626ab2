"""PR502 deploy-liveness-checks-dependencies."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DeployLivenessChecksDependencies(Rule):
    """A liveness probe calls a handler that fails when a dependency fails.

    What it finds
    A Kubernetes `livenessProbe` whose request reaches a handler classified `real` because a
    dependency call (database, Redis, a peer service, the kit's readiness checks) can make it
    answer an error. The finding is located at the probe's line and names the dependency; its
    related location is the handler.

    Why it matters
    The kubelet restarts a container whose liveness probe fails. When the database has an outage
    every pod's liveness probe fails at once and Kubernetes restarts them all, again and again:
    the outage of one dependency becomes an outage of the whole service, and the restarts slow
    its recovery (the cascading failure the Kubernetes documentation warns about).

    Example
    `k8s/deployment.yaml`
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: orders
    spec:
      template:
        spec:
          containers:
            - name: orders
              image: orders:1.0
              command: ["uvicorn", "app:app", "--port", "8000"]
              readinessProbe:
                httpGet:
                  path: /ready
                  port: 8000
              livenessProbe:
                httpGet:
                  path: /ready
                  port: 8000
    ```
    `app.py`
    ```python
    from fastapi import FastAPI

    from db import database

    app = FastAPI()


    @app.get("/ready")
    async def ready():
        await database.execute("SELECT 1")
        return {"status": "ready"}
    ```

    Use instead
    `k8s/deployment.yaml`
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: orders
    spec:
      template:
        spec:
          containers:
            - name: orders
              image: orders:1.0
              command: ["uvicorn", "app:app", "--port", "8000"]
              readinessProbe:
                httpGet:
                  path: /ready
                  port: 8000
              livenessProbe:
                httpGet:
                  path: /live
                  port: 8000
    ```
    `app.py`
    ```python
    from fastapi import FastAPI

    from db import database

    app = FastAPI()


    @app.get("/live")
    async def live():
        return {"status": "alive"}


    @app.get("/ready")
    async def ready():
        await database.execute("SELECT 1")
        return {"status": "ready"}
    ```

    Fix
    No automatic fix. Give liveness its own endpoint that checks only the process itself
    (`prodready_kit.health`'s `/health/live`) and keep dependency checks on readiness.
    """

    id = "PR502"
    slug = "deploy-liveness-checks-dependencies"
    family = "deploy"
    status = "restarts-on-dependency"
    severity = Severity.MEDIUM
    message = "Liveness probe calls a handler that checks dependencies"
    example_path = "app.py"
    kit_replacement = "prodready_kit.health"
