"""PR501 deploy-probe-never-fails."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DeployProbeNeverFails(Rule):
    """A readiness or startup probe (or a compose/Dockerfile health check) calls a handler that can never fail.

    What it finds
    A Kubernetes `readinessProbe` or `startupProbe` (plain manifests, Kustomize, Helm) whose
    `httpGet` path, or the URL its `exec` command curls or wgets, reaches a route whose handler
    is `fake` or `static-liveness`: it answers HTTP 200 whatever happens. A docker-compose
    `healthcheck` or Dockerfile `HEALTHCHECK` on a `fake` handler too. The finding is located at
    the probe's line in the manifest; its related location is the handler.

    Why it matters
    Kubernetes sends traffic to a pod as soon as its readiness probe succeeds and keeps it in the
    Service while it does. A probe that cannot fail keeps sending traffic to pods whose database
    or cache is down, and a rollout replaces healthy pods with broken ones without stopping.

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
              command: ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]
              readinessProbe:
                httpGet:
                  path: /health
                  port: 8000
    ```
    `app.py`
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/health")
    async def health():
        return {"status": "ok"}
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
              command: ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]
              readinessProbe:
                httpGet:
                  path: /ready
                  port: 8000
    ```
    `app.py`
    ```python
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

    from db import database

    app = FastAPI()


    @app.get("/ready")
    async def ready():
        try:
            await database.execute("SELECT 1")
        except Exception:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return {"status": "ready"}
    ```

    Fix
    Unsafe (pods start leaving the Service when a dependency fails). Point the probe at a
    readiness endpoint that answers 503 when a critical dependency is down: the codemod of PR101
    turns the handler into a `prodready_kit.health.HealthRegistry` and suggests the kit's
    `/health/ready` and `/health/startup` paths in the manifest.
    """

    id = "PR501"
    slug = "deploy-probe-never-fails"
    family = "deploy"
    status = "never-fails"
    severity = Severity.HIGH
    message = "Readiness probe calls a handler that can never fail"
    example_path = "app.py"
    kit_replacement = "prodready_kit.health.HealthRegistry"
