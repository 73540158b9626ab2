"""PR504 deploy-no-readiness-probe."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DeployNoReadinessProbe(Rule):
    """A Kubernetes workload serves HTTP with no probe at all.

    What it finds
    A container of a Deployment, StatefulSet, DaemonSet, ReplicaSet or Pod (plain manifests,
    Kustomize overlays merged by kind and name, Helm templates) that runs the web service (a
    server command such as `uvicorn` or `gunicorn`, the Dockerfile's when the container has none,
    or a port named `http`) and declares neither a readiness nor a liveness probe (PR505 covers
    liveness without readiness). Located at the container in the manifest; the related location
    is the application the service creates.

    Why it matters
    Without a readiness probe a pod receives traffic the moment its process starts, before the
    application has connected to its database, and keeps receiving it when its dependencies
    fail: every deployment and every outage shows up as errors to users.

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
    ```
    `app.py`
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/orders")
    async def orders():
        return []
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
                  path: /health/ready
                  port: 8000
    ```
    `app.py`
    ```python
    from fastapi import FastAPI

    from prodready_kit.health import HealthRegistry
    from prodready_kit.health.fastapi import health_router

    app = FastAPI()
    registry = HealthRegistry()
    app.include_router(health_router(registry))


    @app.get("/orders")
    async def orders():
        return []
    ```

    Fix
    No automatic fix. Add a `readinessProbe` on an endpoint that checks the critical
    dependencies (`prodready_kit.health` serves `/health/ready`).
    """

    id = "PR504"
    slug = "deploy-no-readiness-probe"
    family = "deploy"
    status = "no-readiness-probe"
    severity = Severity.MEDIUM
    message = "HTTP-serving workload has no readiness probe"
    example_path = "app.py"
    kit_replacement = "prodready_kit.health"
