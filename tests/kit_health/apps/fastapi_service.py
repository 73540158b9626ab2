"""FastAPI service probed by the tests (uvicorn fastapi_service:app)."""

from fastapi import FastAPI, Request
from service_health import burst, probes, show_details

from prodready_kit.health.fastapi import health_router, readiness_response

app = FastAPI(lifespan=probes.lifespan)
app.include_router(health_router(probes, details_policy=show_details))
app.include_router(health_router(burst, prefix="/burst"))


@app.get("/healthz")
async def existing_health_endpoint(request: Request):
    """An existing endpoint that now returns the registry's readiness (what the codemod writes)."""
    return await readiness_response(probes, request)
