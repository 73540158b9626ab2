"""Flask adapter: a blueprint answering the probes, and a readiness response for existing views."""

from __future__ import annotations

from flask import Blueprint, Response, has_request_context, request

from prodready.kit.health.registry import HealthRegistry
from prodready.kit.health.responses import DetailsPolicy, ProbeResponse, probe_routes, probe_response_sync


def _to_response(answer: ProbeResponse) -> Response:
    return Response(answer.body, answer.status_code, list(answer.headers), content_type=answer.media_type)


def _respond(registry: HealthRegistry, probe: str, details_policy: DetailsPolicy | None) -> Response:
    current = request._get_current_object() if has_request_context() else None  # noqa: SLF001
    return _to_response(probe_response_sync(registry, probe, details_policy=details_policy, request=current))


def health_blueprint(registry: HealthRegistry, *, url_prefix: str = "/health", include_root: bool = True,
                     details_policy: DetailsPolicy | None = None, name: str = "prodready_health") -> Blueprint:
    """A blueprint answering {url_prefix}, /live, /ready and /startup (give each one a unique `name`)."""
    blueprint = Blueprint(name, __name__)
    for route in probe_routes(url_prefix, include_root):
        blueprint.add_url_rule(route.path, route.name, _view(registry, route.probe, details_policy),
                               methods=["GET", "HEAD"])
    return blueprint


def _view(registry: HealthRegistry, probe: str, details_policy: DetailsPolicy | None):  # noqa: ANN202
    return lambda: _respond(registry, probe, details_policy)


def readiness_response(registry: HealthRegistry, *, details_policy: DetailsPolicy | None = None) -> Response:
    """The readiness probe as a Flask Response, for an existing health view to return."""
    return _respond(registry, "readiness", details_policy)
