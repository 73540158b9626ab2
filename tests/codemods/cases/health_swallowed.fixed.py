from fastapi import FastAPI
from prodready_kit.health import HealthRegistry
from prodready_kit.health.fastapi import health_router, readiness_response

from .db import engine

app = FastAPI()


health_registry = HealthRegistry()


@health_registry.check("engine")
def _check_engine():
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    return True


@app.get("/ready")
async def ready():
    return await readiness_response(health_registry)


app.include_router(health_router(health_registry, include_root=False))
