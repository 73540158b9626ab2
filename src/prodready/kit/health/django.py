"""Django adapter: URL patterns for the probes, to add to (or `include` from) a urlconf."""

from __future__ import annotations

import re
from typing import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, re_path
from django.views.decorators.http import require_safe

from prodready.kit.health.registry import HealthRegistry
from prodready.kit.health.responses import DetailsPolicy, probe_routes, probe_response_sync


def _view(registry: HealthRegistry, probe: str,
          details_policy: DetailsPolicy | None) -> Callable[[HttpRequest], HttpResponse]:
    @require_safe
    def view(request: HttpRequest) -> HttpResponse:
        answer = probe_response_sync(registry, probe, details_policy=details_policy, request=request)
        response = HttpResponse(answer.body, status=answer.status_code, content_type=answer.media_type)
        for header, value in answer.headers:
            response[header] = value
        return response
    return view


def health_urls(registry: HealthRegistry, *, prefix: str = "health/", include_root: bool = True,
                details_policy: DetailsPolicy | None = None) -> list[URLPattern]:
    """Patterns for health, health/live, health/ready, health/startup (trailing slash optional)."""
    patterns = []
    for route in probe_routes(prefix, include_root):
        relative = route.path.strip("/")
        regex = f"^{re.escape(relative)}/?$" if relative else "^$"
        patterns.append(re_path(regex, _view(registry, route.probe, details_policy), name=route.name))
    return patterns
