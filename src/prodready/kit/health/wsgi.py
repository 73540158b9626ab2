"""Plain WSGI adapter: answers the probes and hands every other request to the wrapped app."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, Callable, Iterable

from prodready.kit.health.registry import HealthRegistry
from prodready.kit.health.responses import DetailsPolicy, probe_response_sync, probe_routes

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _status_line(code: int) -> str:
    return f"{code} {HTTPStatus(code).phrase}"


class HealthWSGIApp:
    """WSGI app serving {prefix}, /live, /ready and /startup in front of `app` (404 without one)."""

    def __init__(self, registry: HealthRegistry, app: WSGIApp | None = None, *, prefix: str = "/health",
                 include_root: bool = True, details_policy: DetailsPolicy | None = None) -> None:
        self.registry = registry
        self.app = app
        self.details_policy = details_policy
        self._probes = {route.path: route.probe for route in probe_routes(prefix, include_root)}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """Serve a probe, or delegate."""
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "") or "/"
        probe = self._probes.get(path.rstrip("/") or "/") if method in ("GET", "HEAD") else None
        if probe is None:
            if self.app is not None:
                return self.app(environ, start_response)
            start_response(_status_line(404), [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not Found"]
        answer = probe_response_sync(self.registry, probe, details_policy=self.details_policy, request=environ)
        headers = [("Content-Type", answer.media_type), ("Content-Length", str(len(answer.body))),
                   *answer.headers]
        start_response(_status_line(answer.status_code), headers)
        return [b"" if method == "HEAD" else answer.body]
