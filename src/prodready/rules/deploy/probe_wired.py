"""PR507 deploy-probe."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DeployProbe(Rule):
    """Inventory: one probe or health check of the deployment files and what it calls.

    What it finds
    Every readiness, liveness and startup probe of Kubernetes manifests and Helm templates, every
    docker-compose `healthcheck` and Dockerfile `HEALTHCHECK`: its request, the route and handler
    it reaches (related location) and the handler's health class, or why it could not be traced
    (a Helm value that values.yaml does not set, a TCP probe, an exec command requesting no URL).
    The Markdown and HTML reports list them in their Deployment Wiring section. Never gates.

    Why it matters
    The probes decide when Kubernetes sends traffic to a pod and when it restarts it; reading
    them next to the code they call is how a reviewer sees what the cluster will really do.

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
              readinessProbe:
                httpGet:
                  path: /ready
                  port: 8000
    ```
    `app.py`
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/ready")
    async def ready():
        return {"status": "ready"}
    ```

    Use instead
    `app.py`
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/ready")
    async def ready():
        return {"status": "ready"}
    ```
    (No deployment file: nothing to list.)

    Fix
    Nothing to fix: an inventory record.
    """

    id = "PR507"
    slug = "deploy-probe"
    family = "deploy"
    status = "wired"
    severity = Severity.NONE
    message = "Probe"
    example_path = "app.py"
