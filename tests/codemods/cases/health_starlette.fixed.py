from prodready_kit.health import HealthRegistry
from prodready_kit.health.fastapi import readiness_response
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from .db import database


health_registry = HealthRegistry()


@health_registry.check("database")
async def _check_database():
    return bool(await database.is_connected())


health_registry.mark_started()


async def readiness(request):
    return await readiness_response(health_registry, request)


app = Starlette(routes=[Route("/ready", readiness)])
