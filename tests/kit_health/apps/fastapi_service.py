"""FastAPI service probed by the tests (uvicorn fastapi_service:app)."""

from fastapi import FastAPI
from service_health import burst, probes, show_details

from prodready.kit.health.fastapi import health_router

app = FastAPI()
app.include_router(health_router(probes, details_policy=show_details))
app.include_router(health_router(burst, prefix="/burst"))
