"""PR503 deploy-probe-unrouted."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DeployProbeUnrouted(Rule):
    """A probe or health check asks a path no route of the service answers, or a port it does not listen on.

    What it finds
    An HTTP probe (`httpGet`, or an `exec`, compose or Dockerfile health command that curls or
    wgets a local URL) whose path matches no route of the service (path parameters, trailing
    slashes and the probe routes `prodready_kit.health` mounts are taken into account), or whose
    port is neither a port the container names nor the one its server command (`uvicorn --port`,
    `gunicorn --bind`, ...) listens on. Not reported when the code declares no route prodready
    can see, or serves its probes through a health-check library prodready does not trace. The
    related location is the application the routes were searched in.

    Why it matters
    A probe that gets 404 or a refused connection fails forever: readiness never succeeds and the
    rollout hangs, liveness restarts the container in a loop. Such a typo often ships because it
    is only noticed in the cluster.

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
                  path: /readyz
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
    ```
    `app.py`
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/ready")
    async def ready():
        return {"status": "ready"}
    ```

    Fix
    No automatic fix. Point the probe at a path and port the service serves.
    """

    id = "PR503"
    slug = "deploy-probe-unrouted"
    family = "deploy"
    status = "unrouted"
    severity = Severity.HIGH
    message = "Probe path matches no route of the service"
    example_path = "app.py"
