"""FastAPI and Starlette adapter: a router (FastAPI) or plain routes (Starlette) for the probes."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from prodready.kit.health.registry import HealthRegistry
from prodready.kit.health.responses import DetailsPolicy, ProbeResponse, probe_routes, probe_response


def _to_response(answer: ProbeResponse) -> Response:
    return Response(answer.body, answer.status_code, dict(answer.headers), media_type=answer.media_type)


def _endpoint(registry: HealthRegistry, probe: str,
              details_policy: DetailsPolicy | None) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return _to_response(await probe_response(registry, probe, details_policy=details_policy, request=request))
    endpoint.__name__ = f"health_{probe}"
    return endpoint


def health_router(registry: HealthRegistry, *, prefix: str = "/health", include_root: bool = True,
                  details_policy: DetailsPolicy | None = None) -> APIRouter:
    """An APIRouter answering {prefix}, {prefix}/live, {prefix}/ready and {prefix}/startup.

    Including it also includes the registry's lifespan: readiness passes once the app has
    started and fails as soon as it shuts down.
    """
    router = APIRouter(tags=["health"], lifespan=registry.lifespan)
    for route in probe_routes(prefix, include_root):
        router.add_api_route(route.path, _endpoint(registry, route.probe, details_policy),
                             methods=["GET", "HEAD"], response_class=Response, name=route.name)
    return router


def health_routes(registry: HealthRegistry, *, prefix: str = "/health", include_root: bool = True,
                  details_policy: DetailsPolicy | None = None) -> list[Route]:
    """The same probes as plain Starlette routes: `Starlette(routes=[*health_routes(registry)])`."""
    return [Route(route.path, _endpoint(registry, route.probe, details_policy), methods=["GET", "HEAD"],
                  name=route.name) for route in probe_routes(prefix, include_root)]


async def readiness_response(registry: HealthRegistry, request: Any = None, *,
                             details_policy: DetailsPolicy | None = None) -> Response:
    """The readiness probe as a Starlette Response, for an existing health endpoint to return."""
    answer = await probe_response(registry, "readiness", details_policy=details_policy, request=request)
    return _to_response(answer)
