"""PR303 capability-clustering."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class CapabilityClustering(Rule):
    """Clustering (leader election, distributed locks, consensus) is missing or never wired.

    What it finds
    Project-level: whether several instances of the service can coordinate. `present` when a
    coordination library is used: kazoo (ZooKeeper) clients, elections and locks, etcd3 locks,
    python-redis-lock, redis-py `lock()`, Redlock/Aioredlock, PySyncObj, raftos, tooz, or
    `prodready_kit.cluster`; `declared-not-wired` (medium) when such a package is declared or
    imported but never used; `missing` (low) otherwise, listing what was searched.
    A product decision rather than a defect, so off by default: it runs with
    `profile = "enterprise"` in `[tool.prodready]` (or `--profile enterprise`), or when
    selected by id, slug or family.

    Why it matters
    Scheduled jobs, backups and migrations run once per instance when nothing elects a leader:
    scale to three replicas and every backup runs three times, or two instances write the same
    record. Home-made election over a database row rarely survives a paused process.

    Example
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.on_event("startup")
    async def start_scheduler():
        pass
    ```

    Use instead
    ```python
    import redis
    from fastapi import FastAPI

    app = FastAPI()
    client = redis.Redis()


    @app.post("/jobs/nightly")
    def nightly():
        with client.lock("jobs:nightly", timeout=60, blocking_timeout=0):
            return {"ran": True}
    ```

    Fix
    No automatic fix. Use `prodready_kit.cluster` (leader election on Redis with leases,
    fencing tokens and clean hand-over) so one instance runs singleton work.
    """

    id = "PR303"
    slug = "capability-clustering"
    family = "capability"
    area = "clustering"
    profile = "enterprise"
    status = "missing"
    severity = Severity.LOW
    project_level = True
    message = "Clustering not found"
    kit_replacement = "prodready_kit.cluster"
