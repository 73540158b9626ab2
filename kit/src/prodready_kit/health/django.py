"""Django adapter: URL patterns for the probes, to add to (or `include` from) a urlconf.

The views are async: Django runs them natively under ASGI and on a short event loop under WSGI,
so a slow check never holds Django's shared thread for sync views.
"""

from __future__ import annotations

import re
from typing import Awaitable, Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, re_path

from prodready_kit.health.registry import HealthRegistry
from prodready_kit.health.responses import (
    PROBE, DetailsPolicy, Target, named_routes, probe_response, probe_routes, target_response,
)

SAFE_METHODS = ("GET", "HEAD")


def _view(registry: HealthRegistry, kind: str, probe: str,
          details_policy: DetailsPolicy | None) -> Callable[..., Awaitable[HttpResponse]]:
    """A probe's view (kind PROBE), or one taking the check or group from the URL's `name`."""
    async def view(request: HttpRequest, name: str | None = None) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        target = Target(kind, probe if kind == PROBE else name or "")
        answer = await target_response(registry, target, details_policy=details_policy, request=request)
        response = HttpResponse(answer.body, status=answer.status_code, content_type=answer.media_type)
        for header, value in answer.headers:
            response[header] = value
        return response
    view.__name__ = f"health_{probe}"
    return view


def health_urls(registry: HealthRegistry, *, prefix: str = "health/", include_root: bool = True,
                details_policy: DetailsPolicy | None = None) -> list[URLPattern]:
    """Patterns for health, health/live, health/ready, health/startup, health/ready/<check> and
    health/group/<group> (trailing slash optional).

    Call `registry.drain_on_sigterm()` from an `AppConfig.ready()` so SIGTERM drains (URL
    patterns load lazily, often off the main thread, where no signal handler can be set)."""
    patterns = []
    for route in probe_routes(prefix, include_root):
        relative = route.path.strip("/")
        regex = f"^{re.escape(relative)}/?$" if relative else "^$"
        patterns.append(re_path(regex, _view(registry, PROBE, route.probe, details_policy), name=route.name))
    for named in named_routes(prefix):
        regex = f"^{re.escape(named.path.strip('/'))}/(?P<name>[^/]+)/?$"
        patterns.append(re_path(regex, _view(registry, named.kind, named.kind, details_policy), name=named.name))
    return patterns


async def readiness_response(registry: HealthRegistry, request: HttpRequest | None = None, *,
                             details_policy: DetailsPolicy | None = None) -> HttpResponse:
    """The readiness probe as a Django response, for an existing async health view to return."""
    answer = await probe_response(registry, "readiness", details_policy=details_policy, request=request)
    return HttpResponse(answer.body, status=answer.status_code, content_type=answer.media_type)
