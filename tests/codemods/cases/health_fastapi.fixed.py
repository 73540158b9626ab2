"""OMS entry point."""
import logging

from fastapi import FastAPI

from core import services
from prodready_kit.health import HealthRegistry
from prodready_kit.health.fastapi import health_router, liveness_response

logger = logging.getLogger(__name__)
app = FastAPI(title="OMS Monolith")


health_registry = HealthRegistry(version="2.0.1")


@health_registry.check("db")
def _check_db():
    return bool(services.db_client and services.db_client.is_connected())


@health_registry.check("schema", critical=False)
def _check_schema():
    return services.schema_service is not None


@health_registry.check("events", critical=False)
def _check_events():
    return services.event_service is not None


# Kubernetes probes this endpoint.
@app.get("/health", tags=["ops"])
async def health_check():
    """시스템 상태 확인"""
    return await liveness_response(health_registry)


app.include_router(health_router(health_registry, include_root=False))


@app.get("/orders")
async def list_orders():
    return []
