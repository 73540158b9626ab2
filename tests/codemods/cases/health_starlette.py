from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from .db import database


async def readiness(request):
    return JSONResponse({"status": "ready", "database": await database.is_connected()})


app = Starlette(routes=[Route("/ready", readiness)])
