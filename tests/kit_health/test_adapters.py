"""Plain ASGI/WSGI apps, Starlette routes and the readiness_response helpers, on real loopback servers."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Callable, Iterator

import httpx
import pytest
import uvicorn
from flask import Flask
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from werkzeug.serving import make_server

from prodready_kit.health import HealthRegistry
from prodready_kit.health.asgi import HealthASGIApp
from prodready_kit.health.fastapi import health_routes, liveness_response, readiness_response
from prodready_kit.health.flask import liveness_response as flask_liveness_response
from prodready_kit.health.flask import readiness_response as flask_readiness_response
from prodready_kit.health.wsgi import HealthWSGIApp


class Switch:
    """A dependency the test turns on and off."""

    def __init__(self) -> None:
        self.up = True

    def __call__(self) -> bool:
        return self.up


@pytest.fixture
def switch() -> Switch:
    return Switch()


@pytest.fixture
def registry(switch: Switch) -> HealthRegistry:
    registry = HealthRegistry(cache_ttl=0, drain=None)
    registry.register("dependency", switch, tags=["datastore"])
    registry.mark_started()
    return registry


@pytest.fixture
def grouped(registry: HealthRegistry) -> HealthRegistry:
    """The registry with a failing non-critical check and a group of the datastores."""
    registry.register("optional", lambda: False, critical=False)
    registry.add_group("datastores", tags=["datastore"])
    return registry


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve_asgi(app) -> Iterator[str]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(5)


@contextlib.contextmanager
def serve_wsgi(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()


def details_from_scope(scope) -> bool:
    return (b"x-health-details", b"yes") in scope["headers"]


def details_from_environ(environ) -> bool:
    return environ.get("HTTP_X_HEALTH_DETAILS") == "yes"


async def legacy_health(request: Request):
    return await readiness_response(request.app.state.registry, request)


async def legacy_liveness(request: Request):
    return await liveness_response(request.app.state.registry, request)


def starlette_app(registry: HealthRegistry) -> Starlette:
    app = Starlette(routes=[*health_routes(registry, prefix="/probes"), Route("/healthz", legacy_health),
                            Route("/livez", legacy_liveness),
                            Route("/orders", lambda request: PlainTextResponse("orders"))])
    app.state.registry = registry
    return app


def flask_app(registry: HealthRegistry) -> Flask:
    app = Flask(__name__)
    app.add_url_rule("/healthz", "healthz", lambda: flask_readiness_response(registry))
    app.add_url_rule("/livez", "livez", lambda: flask_liveness_response(registry))
    app.add_url_rule("/orders", "orders", lambda: "orders")
    return app


@pytest.fixture(params=["asgi", "wsgi"])
def served(request, registry) -> Iterator[str]:
    if request.param == "asgi":
        app = HealthASGIApp(registry, starlette_app(registry), details_policy=details_from_scope)
        with serve_asgi(app) as url:
            yield url
    else:
        app = HealthWSGIApp(registry, flask_app(registry), details_policy=details_from_environ)
        with serve_wsgi(app) as url:
            yield url


def test_probes_pass_fail_and_delegate(served, switch):
    with httpx.Client(base_url=served, timeout=5) as client:
        for path in ("/health", "/health/live", "/health/ready", "/health/startup", "/healthz", "/livez"):
            response = client.get(path)
            assert (path, response.status_code) == (path, 200)
            assert response.headers["content-type"] == "application/health+json"
        assert client.get("/orders").text == "orders"
        switch.up = False
        assert client.get("/health/ready").status_code == 503
        assert client.get("/healthz").status_code == 503
        assert client.get("/health/live").status_code == 200
        assert client.get("/livez").status_code == 200
        head = client.head("/health/ready")
        assert (head.status_code, head.content) == (503, b"")


def test_details_only_when_policy_allows(served):
    with httpx.Client(base_url=served, timeout=5) as client:
        assert client.get("/health/ready").json() == {"status": "pass"}
        detailed = client.get("/health/ready", headers={"X-Health-Details": "yes"}).json()
        assert detailed["checks"]["dependency"][0]["status"] == "pass"


@pytest.mark.parametrize("serve", [serve_asgi, serve_wsgi], ids=["asgi", "wsgi"])
def test_standalone_apps_answer_404_elsewhere(serve: Callable, registry):
    app = HealthASGIApp(registry, prefix="/_status") if serve is serve_asgi else HealthWSGIApp(
        registry, prefix="/_status")
    with serve(app) as url:
        with httpx.Client(base_url=url, timeout=5) as client:
            assert client.get("/_status/ready").status_code == 200
            assert client.get("/_status").status_code == 200
            assert client.get("/health/ready").status_code == 404


def test_starlette_routes_under_custom_prefix(registry, switch):
    with serve_asgi(starlette_app(registry)) as url:
        with httpx.Client(base_url=url, timeout=5) as client:
            assert client.get("/probes/ready").status_code == 200
            switch.up = False
            assert client.get("/probes").status_code == 503
            assert client.get("/probes/live").status_code == 200


@pytest.mark.parametrize("wrapped", [False, True], ids=["standalone", "wrapping"])
def test_asgi_app_follows_the_servers_lifespan(wrapped: bool, switch):
    registry = HealthRegistry(cache_ttl=0)
    registry.register("dependency", switch)
    app = HealthASGIApp(registry, starlette_app(registry) if wrapped else None)
    assert not registry.started
    with serve_asgi(app) as url:
        with httpx.Client(base_url=url, timeout=5) as client:
            assert client.get("/health/startup").status_code == 200
            assert client.get("/health/ready").status_code == 200
            assert not registry.shutting_down
    assert registry.shutting_down


@pytest.fixture(params=["asgi", "wsgi", "flask-blueprint", "starlette-routes"])
def served_named(request, grouped) -> Iterator[str]:
    from prodready_kit.health.flask import health_blueprint

    if request.param == "asgi":
        with serve_asgi(HealthASGIApp(grouped)) as url:
            yield url
    elif request.param == "wsgi":
        with serve_wsgi(HealthWSGIApp(grouped)) as url:
            yield url
    elif request.param == "flask-blueprint":
        app = Flask(__name__)
        app.register_blueprint(health_blueprint(grouped))
        with serve_wsgi(app) as url:
            yield url
    else:
        with serve_asgi(Starlette(routes=health_routes(grouped))) as url:
            yield url


def test_one_check_and_group_endpoints(served_named, switch):
    with httpx.Client(base_url=served_named, timeout=5) as client:
        assert client.get("/health/ready").status_code == 200  # warn: a non-critical check fails
        assert client.get("/health/ready/dependency").status_code == 200
        assert client.get("/health/ready/optional").status_code == 200  # warn maps to 200
        assert client.get("/health/group/datastores").status_code == 200
        assert client.get("/health/ready/missing").status_code == 404
        assert client.get("/health/group/missing").status_code == 404
        switch.up = False
        assert client.get("/health/ready/dependency").status_code == 503
        assert client.get("/health/group/datastores").status_code == 503


def test_django_patterns_route_one_check_and_groups(grouped):
    from django.conf import settings

    if not settings.configured:
        settings.configure()
    from django.urls.resolvers import RegexPattern, URLResolver

    from prodready_kit.health.django import health_urls

    resolver = URLResolver(RegexPattern(r"^/"), health_urls(grouped))
    match = resolver.resolve("/health/ready/dependency/")
    assert (match.url_name, match.kwargs) == ("health_component", {"name": "dependency"})
    match = resolver.resolve("/health/group/datastores")
    assert (match.url_name, match.kwargs) == ("health_group", {"name": "datastores"})
    assert resolver.resolve("/health/ready").url_name == "health_readiness"
