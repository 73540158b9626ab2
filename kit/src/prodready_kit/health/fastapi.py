"""FastAPI and Starlette adapter: a router (FastAPI) or plain routes (Starlette) for the probes."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from prodready_kit.health.registry import HealthRegistry
from prodready_kit.health.responses import (
    PROBE, DetailsPolicy, ProbeResponse, Target, named_routes, probe_response, probe_routes, target_response,
)

Endpoint = Callable[[Request], Awaitable[Response]]


def _to_response(answer: ProbeResponse) -> Response:
    return Response(answer.body, answer.status_code, dict(answer.headers), media_type=answer.media_type)


def _endpoint(registry: HealthRegistry, kind: str, probe: str, details_policy: DetailsPolicy | None) -> Endpoint:
    """A probe's endpoint (kind PROBE), or one taking the check or group from the path's `name`."""
    async def endpoint(request: Request) -> Response:
        target = Target(kind, probe if kind == PROBE else request.path_params["name"])
        return _to_response(await target_response(registry, target, details_policy=details_policy, request=request))
    endpoint.__name__ = f"health_{probe}"
    return endpoint


def _routes(registry: HealthRegistry, prefix: str, include_root: bool,
            details_policy: DetailsPolicy | None) -> list[tuple[str, Endpoint, str]]:
    """(path, endpoint, name) of every health endpoint, in Starlette's path syntax."""
    routes = [(route.path, _endpoint(registry, PROBE, route.probe, details_policy), route.name)
              for route in probe_routes(prefix, include_root)]
    routes += [(f"{named.path}/{{name}}", _endpoint(registry, named.kind, named.kind, details_policy), named.name)
               for named in named_routes(prefix)]
    return routes


def health_router(registry: HealthRegistry, *, prefix: str = "/health", include_root: bool = True,
                  details_policy: DetailsPolicy | None = None) -> APIRouter:
    """An APIRouter answering {prefix}, {prefix}/live, {prefix}/ready, {prefix}/startup,
    {prefix}/ready/{check} and {prefix}/group/{group}.

    Including it also includes the registry's lifespan: readiness passes once the app has
    started and fails as soon as SIGTERM arrives or the app shuts down.
    """
    router = APIRouter(tags=["health"], lifespan=registry.lifespan)
    for path, endpoint, name in _routes(registry, prefix, include_root, details_policy):
        router.add_api_route(path, endpoint, methods=["GET", "HEAD"], response_class=Response, name=name)
    return router


def health_routes(registry: HealthRegistry, *, prefix: str = "/health", include_root: bool = True,
                  details_policy: DetailsPolicy | None = None) -> list[Route]:
    """The same endpoints as plain Starlette routes: `Starlette(routes=[*health_routes(registry)],
    lifespan=registry.lifespan)`."""
    return [Route(path, endpoint, methods=["GET", "HEAD"], name=name)
            for path, endpoint, name in _routes(registry, prefix, include_root, details_policy)]


async def readiness_response(registry: HealthRegistry, request: Any = None, *,
                             details_policy: DetailsPolicy | None = None) -> Response:
    """The readiness probe as a Starlette Response, for an existing health endpoint to return."""
    answer = await probe_response(registry, "readiness", details_policy=details_policy, request=request)
    return _to_response(answer)


async def liveness_response(registry: HealthRegistry, request: Any = None, *,
                            details_policy: DetailsPolicy | None = None) -> Response:
    """The liveness probe (200 while the process answers, no dependency checked) as a Starlette
    Response, for an existing endpoint that liveness probes call."""
    answer = await probe_response(registry, "liveness", details_policy=details_policy, request=request)
    return _to_response(answer)
