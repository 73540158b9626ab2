"""Plain WSGI adapter: answers the probes and hands every other request to the wrapped app."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, Callable, Iterable

from prodready_kit.health.registry import HealthRegistry
from prodready_kit.health.responses import DetailsPolicy, resolve_path, target_response_sync

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _status_line(code: int) -> str:
    return f"{code} {HTTPStatus(code).phrase}"


class HealthWSGIApp:
    """WSGI app serving {prefix}, /live, /ready, /startup, /ready/{check} and /group/{group} in
    front of `app` (404 without one).

    Created on the main thread (at import, as gunicorn and werkzeug load apps), it makes SIGTERM
    begin the registry's shutdown and stops the process `registry.drain` seconds later.
    """

    def __init__(self, registry: HealthRegistry, app: WSGIApp | None = None, *, prefix: str = "/health",
                 include_root: bool = True, details_policy: DetailsPolicy | None = None) -> None:
        self.registry = registry
        self.app = app
        self.details_policy = details_policy
        self.prefix = prefix
        self.include_root = include_root
        registry.drain_on_sigterm()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """Serve a probe, or delegate."""
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "") or "/"
        target = resolve_path(path, self.prefix, self.include_root) if method in ("GET", "HEAD") else None
        if target is None:
            if self.app is not None:
                return self.app(environ, start_response)
            start_response(_status_line(404), [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not Found"]
        answer = target_response_sync(self.registry, target, details_policy=self.details_policy, request=environ)
        headers = [("Content-Type", answer.media_type), ("Content-Length", str(len(answer.body))),
                   *answer.headers]
        start_response(_status_line(answer.status_code), headers)
        return [b"" if method == "HEAD" else answer.body]
