"""PR505 deploy-liveness-without-readiness."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DeployLivenessWithoutReadiness(Rule):
    """A Kubernetes container has a liveness probe but no readiness probe.

    What it finds
    A container of a long-running workload (not a Job or CronJob) that declares a
    `livenessProbe` and no `readinessProbe`. Located at the liveness probe; the related location
    is the handler the probe calls, when it reaches one.

    Why it matters
    Liveness only decides when to restart a container; it never takes a pod out of the Service.
    With liveness alone a pod that cannot reach its database keeps receiving traffic until the
    restarts begin, and a pod still starting up receives traffic it cannot serve.

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
              livenessProbe:
                httpGet:
                  path: /live
                  port: 8000
    ```
    `app.py`
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/live")
    async def live():
        return {"status": "alive"}
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
              livenessProbe:
                httpGet:
                  path: /health/live
                  port: 8000
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
    ```

    Fix
    No automatic fix. Add a `readinessProbe` on an endpoint that checks the critical
    dependencies (`prodready_kit.health` serves `/health/ready`).
    """

    id = "PR505"
    slug = "deploy-liveness-without-readiness"
    family = "deploy"
    status = "no-readiness-probe"
    severity = Severity.MEDIUM
    message = "Liveness probe without a readiness probe"
    example_path = "app.py"
    kit_replacement = "prodready_kit.health"
