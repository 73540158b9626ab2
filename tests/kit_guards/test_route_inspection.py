"""Which mounted routes the start-up check refuses, per framework, in-process."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, Depends, FastAPI
from flask import Blueprint, Flask
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

from prodready_kit.guards import (
    ENVIRONMENT_VARIABLES,
    UnsafeRoutesError,
    assert_safe_for_production,
    dev_only,
    dev_only_view,
    guard_blueprint,
    unsafe_routes,
)
from prodready_kit.health import HealthRegistry
from prodready_kit.health.fastapi import health_router


@pytest.fixture(autouse=True)
def production(monkeypatch):
    for variable in ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(variable, raising=False)


def view(name: str = "handler", module: str = "shop.views"):
    """A handler that seems to live in the user's module (this test module's name says "test")."""
    def handler() -> str:
        return ""
    handler.__name__, handler.__module__ = name, module
    return handler


def paths(app) -> list[str]:
    return [route.path for route in unsafe_routes(app)]


def test_fastapi_nested_routers_tags_and_token_minting():
    app = FastAPI()
    app.include_router(health_router(HealthRegistry()))
    api = APIRouter(prefix="/api/v1")
    rbac = APIRouter(prefix="/rbac-test")
    rbac.add_api_route("/generate-tokens", view(), methods=["POST"])
    api.include_router(rbac)
    tokens = APIRouter(prefix="/auth")
    tokens.add_api_route("/token", view(), methods=["POST"], name="login_for_access_token")
    tokens.add_api_route("/impersonate", view(), methods=["POST"])
    tokens.add_api_route("/service-token", view(), methods=["POST"], name="generate_service_token")
    api.include_router(tokens)
    tagged = APIRouter(tags=["demo"])
    tagged.add_api_route("/showcase", view())
    app.include_router(api)
    app.include_router(tagged)
    app.add_api_route("/roles", view("list_roles", "shop.rbac_test_routes"))
    assert paths(app) == ["/api/v1/rbac-test/generate-tokens", "/api/v1/auth/impersonate",
                          "/api/v1/auth/service-token", "/showcase", "/roles"]


def test_fastapi_guard_on_router_route_or_app_dependency():
    app = FastAPI()
    guarded_router = APIRouter(prefix="/debug", dependencies=[Depends(dev_only)])
    guarded_router.add_api_route("/vars", view())
    app.include_router(guarded_router)
    app.add_api_route("/testing/ping", view(), dependencies=[Depends(dev_only)])
    app.add_api_route("/mock/ping", view())
    sub = FastAPI(dependencies=[Depends(dev_only)])
    sub.add_api_route("/fake", view())
    app.mount("/internal", sub)
    assert paths(app) == ["/mock/ping"]
    with pytest.raises(UnsafeRoutesError, match="/mock/ping"):
        assert_safe_for_production(app)


def test_words_match_whole_words_only():
    app = FastAPI()
    for path in ("/latest", "/developers", "/contest", "/devices", "/tests/run", "/api/devTools"):
        app.add_api_route(path, view())
    assert paths(app) == ["/tests/run", "/api/devTools"]


def test_starlette_mounts_and_guarded_endpoints():
    async def ok(request):
        return PlainTextResponse("ok")
    ok.__module__ = "shop.views"

    app = Starlette(routes=[
        Route("/orders", ok),
        Route("/debug/info", dev_only_view(ok)),
        Mount("/admin", routes=[Route("/demo", ok), Route("/users", ok)]),
        Mount("/assets", app=ok),
        Mount("/mock-bank", app=ok),
    ])
    assert paths(app) == ["/admin/demo", "/mock-bank"]


def test_flask_blueprints_nested_and_views():
    app = Flask(__name__)
    app.add_url_rule("/orders", "orders", view())
    app.add_url_rule("/fake/payment", "fake_payment", dev_only_view(view()))
    debug = guard_blueprint(Blueprint("debug", __name__, url_prefix="/debug"))
    nested = Blueprint("tools", __name__, url_prefix="/tools")
    nested.add_url_rule("/mock", "mock", view())
    debug.register_blueprint(nested)
    debug.add_url_rule("/vars", "vars", view())
    qa = Blueprint("qa", __name__, url_prefix="/qa")
    qa.add_url_rule("/test-users", "users", view())
    app.register_blueprint(debug)
    app.register_blueprint(qa)
    assert paths(app) == ["/qa/test-users"]


def test_development_environment_allows_everything(monkeypatch):
    app = FastAPI()
    app.add_api_route("/test/reset", view())
    monkeypatch.setenv("PRODREADY_ENV", "development")
    assert_safe_for_production(app)
    monkeypatch.setenv("PRODREADY_ENV", "production")
    with pytest.raises(UnsafeRoutesError) as raised:
        assert_safe_for_production(app)
    assert [route.path for route in raised.value.routes] == ["/test/reset"]


def test_unknown_application_type_is_an_error():
    with pytest.raises(TypeError, match="routes"):
        assert_safe_for_production(object())


def test_django_patterns_with_includes():
    from django.urls import include, path

    patterns = [
        path("orders", view()),
        path("internal/", include([path("vars", dev_only_view(view())), path("sql-debug", view()),
                                   path("users", view())])),
        path("demo", view()),
    ]
    assert paths(patterns) == ["/internal/sql-debug", "/demo"]


def require_admin() -> None:
    """An auth dependency by its name."""


def get_current_user(admin: None = Depends(require_admin)) -> str:
    return "alice"


def test_routes_behind_an_auth_dependency_are_allowed():
    app = FastAPI()
    app.add_api_route("/admin/debug/cache", view("cache_stats"), dependencies=[Depends(require_admin)])
    admin = APIRouter(prefix="/internal/debug", dependencies=[Depends(get_current_user)])
    admin.add_api_route("/vars", view())
    app.include_router(admin)
    app.add_api_route("/debug/open", view(), dependencies=[Depends(view("get_db"))])
    assert paths(app) == ["/debug/open"]


def test_dev_words_naming_a_resource_collection_are_not_dev_routes():
    app = FastAPI()
    app.add_api_route("/api/v1/demo-requests", view("book_demo"), methods=["POST"])
    app.add_api_route("/api/v1/test-runs/{run_id}", view("get_test_run"))
    app.add_api_route("/api/v1/test-cases", view("list_test_cases"))
    app.add_api_route("/api/v1/debug-tools", view())
    app.add_api_route("/api/v1/rbac-test", view())
    assert paths(app) == ["/api/v1/debug-tools", "/api/v1/rbac-test"]
    with pytest.raises(UnsafeRoutesError):
        assert_safe_for_production(app)


def test_allow_accepts_paths_and_handler_names():
    app = FastAPI()
    app.add_api_route("/debug/open", view("debug_open"))
    app.add_api_route("/test/reset", view("reset"))
    app.add_api_route("/mock/bank", view("mock_bank"))
    assert_safe_for_production(app, allow=["/debug/open", "reset", "shop.views.mock_bank"])
    with pytest.raises(UnsafeRoutesError) as raised:
        assert_safe_for_production(app, allow=["/debug/open"])
    assert [route.path for route in raised.value.routes] == ["/test/reset", "/mock/bank"]


def login_required(function):
    """A Flask-Login-style decorator."""
    import functools

    @functools.wraps(function)
    def decorated_view(*args, **kwargs):
        return function(*args, **kwargs)
    return decorated_view


def test_flask_routes_behind_auth_decorators_or_hooks_are_allowed():
    app = Flask(__name__)
    app.add_url_rule("/debug/cache", "cache", login_required(view("cache")))
    admin = Blueprint("admin", __name__, url_prefix="/admin")
    admin.add_url_rule("/debug/vars", "vars", view("vars"))

    def require_staff() -> None:
        """An auth hook by its name."""

    admin.before_request(require_staff)
    open_tools = Blueprint("tools", __name__, url_prefix="/tools")
    open_tools.add_url_rule("/debug/vars", "vars", view("vars"))
    app.register_blueprint(admin)
    app.register_blueprint(open_tools)
    assert paths(app) == ["/tools/debug/vars"]


def test_django_views_behind_login_required_are_allowed():
    from django.contrib.auth.decorators import login_required as django_login_required
    from django.urls import path

    patterns = [path("debug/cache", django_login_required(view())), path("debug/open", view())]
    assert paths(patterns) == ["/debug/open"]
