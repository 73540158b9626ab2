"""OMS entry point."""
import logging

from fastapi import FastAPI

from core import services

logger = logging.getLogger(__name__)
app = FastAPI(title="OMS Monolith")


# Kubernetes probes this endpoint.
@app.get("/health", tags=["ops"])
async def health_check():
    """시스템 상태 확인"""
    return {
        "status": "healthy",  # Always returns "healthy"
        "version": "2.0.1",
        "db_connected": services.db_client and services.db_client.is_connected(),
        "services": {
            "schema": services.schema_service is not None,
            "events": services.event_service is not None,
        },
    }


@app.get("/orders")
async def list_orders():
    return []
