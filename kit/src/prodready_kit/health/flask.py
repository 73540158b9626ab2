"""Flask adapter: a blueprint answering the probes, and a readiness response for existing views."""

from __future__ import annotations

from flask import Blueprint, Response, has_request_context, request

from prodready_kit.health.registry import HealthRegistry
from prodready_kit.health.responses import (
    PROBE, DetailsPolicy, ProbeResponse, Target, named_routes, probe_routes, target_response_sync,
)


def _to_response(answer: ProbeResponse) -> Response:
    return Response(answer.body, answer.status_code, list(answer.headers), content_type=answer.media_type)


def _respond(registry: HealthRegistry, target: Target, details_policy: DetailsPolicy | None) -> Response:
    current = request._get_current_object() if has_request_context() else None  # noqa: SLF001
    return _to_response(target_response_sync(registry, target, details_policy=details_policy, request=current))


def health_blueprint(registry: HealthRegistry, *, url_prefix: str = "/health", include_root: bool = True,
                     details_policy: DetailsPolicy | None = None, name: str = "prodready_health") -> Blueprint:
    """A blueprint answering {url_prefix}, /live, /ready, /startup, /ready/<check> and
    /group/<group>, trailing slash optional (give each one a unique `name`). Created on the main thread, it makes SIGTERM
    begin the registry's shutdown, the process stopping `registry.drain` seconds later."""
    blueprint = Blueprint(name, __name__)
    for route in probe_routes(url_prefix, include_root):
        view = _view(registry, Target(PROBE, route.probe), details_policy)
        blueprint.add_url_rule(route.path, route.name, view, methods=["GET", "HEAD"], strict_slashes=False)
    for named in named_routes(url_prefix):
        blueprint.add_url_rule(f"{named.path}/<name>", named.name, _named_view(registry, named.kind, details_policy),
                               methods=["GET", "HEAD"], strict_slashes=False)
    registry.drain_on_sigterm()
    return blueprint


def _view(registry: HealthRegistry, target: Target, details_policy: DetailsPolicy | None):  # noqa: ANN202
    return lambda: _respond(registry, target, details_policy)


def _named_view(registry: HealthRegistry, kind: str, details_policy: DetailsPolicy | None):  # noqa: ANN202
    return lambda name: _respond(registry, Target(kind, name), details_policy)


def readiness_response(registry: HealthRegistry, *, details_policy: DetailsPolicy | None = None) -> Response:
    """The readiness probe as a Flask Response, for an existing health view to return."""
    return _respond(registry, Target(PROBE, "readiness"), details_policy)


def liveness_response(registry: HealthRegistry, *, details_policy: DetailsPolicy | None = None) -> Response:
    """The liveness probe (200 while the process answers, no dependency checked) as a Flask
    Response, for an existing view that liveness probes call."""
    return _respond(registry, Target(PROBE, "liveness"), details_policy)
