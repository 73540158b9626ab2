"""Plain ASGI adapter: answers the probes and hands every other request to the wrapped app."""

from __future__ import annotations

from typing import Any, Awaitable, Callable, MutableMapping

from prodready_kit.health.registry import HealthRegistry
from prodready_kit.health.responses import DetailsPolicy, Target, resolve_path, target_response

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class HealthASGIApp:
    """ASGI app serving {prefix}, /live, /ready, /startup, /ready/{check} and /group/{group} in
    front of `app` (404 without one).

    It follows the server's lifespan: the registry is marked started once start-up completes (the
    wrapped app's `lifespan.startup.complete`) and begins shutting down on SIGTERM (after which
    the server stops `registry.drain` seconds later) or when shutdown is announced.
    """

    def __init__(self, registry: HealthRegistry, app: ASGIApp | None = None, *, prefix: str = "/health",
                 include_root: bool = True, details_policy: DetailsPolicy | None = None) -> None:
        self.registry = registry
        self.app = app
        self.details_policy = details_policy
        self.prefix = prefix
        self.include_root = include_root

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve a probe, or delegate."""
        target = self._target_for(scope)
        if target is not None:
            await self._answer(target, scope, send)
        elif scope["type"] == "lifespan" and self.app is not None:
            await self.app(scope, self._watch_receive(receive), self._watch_send(send))
        elif self.app is not None:
            await self.app(scope, receive, send)
        elif scope["type"] == "lifespan":
            await _complete_lifespan(self.registry, receive, send)
        elif scope["type"] == "http":
            await _send(send, 404, b"Not Found", b"text/plain; charset=utf-8", ())

    def _watch_receive(self, receive: Receive) -> Receive:
        """Begin shutting down (readiness fails) before the wrapped app hears of the shutdown."""
        async def watched() -> MutableMapping[str, Any]:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.registry.drain_on_sigterm()
            elif message["type"] == "lifespan.shutdown":
                self.registry.begin_shutdown()
            return message
        return watched

    def _watch_send(self, send: Send) -> Send:
        """Mark start-up complete when the wrapped app reports it."""
        async def watched(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "lifespan.startup.complete":
                self.registry.mark_started()
            await send(message)
        return watched

    def _target_for(self, scope: Scope) -> Target | None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        return resolve_path(scope["path"], self.prefix, self.include_root)

    async def _answer(self, target: Target, scope: Scope, send: Send) -> None:
        answer = await target_response(self.registry, target, details_policy=self.details_policy, request=scope)
        body = b"" if scope["method"] == "HEAD" else answer.body
        await _send(send, answer.status_code, body, answer.media_type.encode(), answer.headers,
                    length=len(answer.body))


async def _send(send: Send, status: int, body: bytes, content_type: bytes,
                headers: tuple[tuple[str, str], ...], length: int | None = None) -> None:
    content_length = str(len(body) if length is None else length).encode()
    raw_headers = [(b"content-type", content_type), (b"content-length", content_length)]
    raw_headers += [(name.lower().encode(), value.encode()) for name, value in headers]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


async def _complete_lifespan(registry: HealthRegistry, receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            registry.drain_on_sigterm()
            registry.mark_started()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            registry.begin_shutdown()
            await send({"type": "lifespan.shutdown.complete"})
            return
