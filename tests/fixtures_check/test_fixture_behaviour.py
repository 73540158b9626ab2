"""The classes the expected files assign are true at runtime: each fixture app answers its probes
in-process (Starlette/Flask test clients, in a subprocess with the fixture as working directory)
against a real Redis or a dead port and a reachable or unreachable database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, free_port

PROBE = Path(__file__).with_name("probe_app.py")
UNREACHABLE_DIR = "/nonexistent-prodready-fixture-dir"


def probe(fixture: str, target: str, requests: list[str], lifespan: bool = True, **env: str) -> dict[str, tuple]:
    """(status, body) per request, as the fixture app answered it."""
    completed = subprocess.run(
        [sys.executable, str(PROBE), target, *requests],
        cwd=FIXTURES / fixture, capture_output=True, text=True, timeout=60,
        env={**os.environ, **env, "PYTHONDONTWRITEBYTECODE": "1", "PROBE_LIFESPAN": "1" if lifespan else "0"},
    )
    assert completed.returncode == 0, completed.stderr
    answers = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    return {answer["request"]: (answer["status"], answer["body"]) for answer in answers}


def dead_redis_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


REAL_HEALTH_PROBES = ["GET /health/live", "GET /health/ready", "GET /health"]


def test_real_health_service_reports_ready_when_redis_answers(redis_server, tmp_path: Path) -> None:
    answers = probe("real_health_service", "app.main:app", REAL_HEALTH_PROBES,
                    REDIS_URL=redis_server.url, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/orders.db")
    assert answers["GET /health/live"] == (200, {"status": "ok"})
    assert answers["GET /health/ready"] == (200, {"status": "ready"})
    assert answers["GET /health"][0] == 200
    assert answers["GET /health"][1]["status"] == "pass"


def test_real_health_service_answers_503_when_redis_is_down(tmp_path: Path) -> None:
    answers = probe("real_health_service", "app.main:app", REAL_HEALTH_PROBES,
                    REDIS_URL=dead_redis_url(), DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/orders.db")
    assert answers["GET /health/live"] == (200, {"status": "ok"})
    assert answers["GET /health/ready"] == (503, {"status": "not ready", "failing": ["redis"]})
    assert answers["GET /health"][0] == 503
    assert answers["GET /health"][1]["checks"]["redis"]["status"] == "fail"


def test_starlette_readiness_says_ok_with_the_database_gone() -> None:
    answers = probe("starlette_service", "app:app", ["GET /internal/ready", "GET /healthz", "GET /debug/pool"],
                    lifespan=False, DATABASE_URL=f"sqlite+aiosqlite:///{UNREACHABLE_DIR}/catalog.db",
                    ENVIRONMENT="production")
    assert answers["GET /internal/ready"] == (200, {"status": "ok"})  # fake
    assert answers["GET /healthz"][0] == 503  # real
    assert answers["GET /debug/pool"][0] == 404  # gated by ENVIRONMENT


def test_flask_health_fails_only_in_the_body(tmp_path: Path) -> None:
    answers = probe("flask_service", "run:app",
                    ["GET /ping", "GET /readyz", "GET /health", "GET /_debug/routes", "POST /dev/seed",
                     "POST /mock-supplier/orders"],
                    REDIS_URL=dead_redis_url(), DATABASE_URL=f"sqlite:///{tmp_path}/inventory.db",
                    FLASK_ENV="production")
    assert answers["GET /ping"] == (200, "pong")
    assert answers["GET /readyz"][0] == 503
    assert answers["GET /health"] == (200, {"status": "unhealthy", "database": "up", "cache": "down"})
    assert answers["GET /_debug/routes"][0] == 200  # exposed
    assert "/_debug/env" in answers["GET /_debug/routes"][1]
    assert answers["POST /dev/seed"][0] == 404  # gated by FLASK_ENV
    assert answers["POST /mock-supplier/orders"][0] == 404  # never registered


GATED_PROBES = ["GET /status", "POST /testing/token", "GET /debug/config", "POST /demo/seed",
                "POST /mock-payments/charge"]


def test_gated_routes_are_unreachable_in_production() -> None:
    answers = probe("gated_test_routes", "app.main:app", GATED_PROBES, lifespan=False,
                    ENVIRONMENT="production", JWT_SECRET="s" * 32,
                    DATABASE_URL=f"sqlite:///{UNREACHABLE_DIR}/billing.db")
    assert answers["GET /status"][0] == 200
    assert answers["GET /status"][1]["status"] == "ok"  # fake: constant while the database is down
    assert answers["GET /status"][1]["database"] == "down"
    assert answers["POST /testing/token"][0] == 404  # gated by ENVIRONMENT
    assert answers["GET /debug/config"][0] == 401  # gated by require_admin
    assert answers["POST /demo/seed"][0] == 404  # include commented out
    assert answers["POST /mock-payments/charge"][0] == 404  # never mounted


def test_gated_test_routes_appear_in_development() -> None:
    answers = probe("gated_test_routes", "app.main:app", ["POST /testing/token"], lifespan=False,
                    ENVIRONMENT="development", JWT_SECRET="s" * 32,
                    DATABASE_URL=f"sqlite:///{UNREACHABLE_DIR}/billing.db")
    status, body = answers["POST /testing/token"]
    assert status == 200 and body["token_type"] == "bearer"


DJANGO_PROBES = ["GET /readiness/", "GET /debug/sql/", "GET /e2e/login-as/1/"]


def django_env(tmp_path: Path, redis_url: str, e2e: str) -> dict[str, str]:
    return {"DJANGO_SECRET_KEY": "fixture-check", "DB_ENGINE": "django.db.backends.sqlite3",
            "POSTGRES_DB": str(tmp_path / "shop.sqlite3"), "ALLOWED_HOSTS": "testserver",
            "REDIS_URL": redis_url, "ENABLE_E2E_ROUTES": e2e}


def test_django_debug_views_are_served_and_e2e_views_only_when_enabled(redis_server, tmp_path: Path) -> None:
    answers = probe("django_shop", "django:shop.settings", DJANGO_PROBES, **django_env(tmp_path, redis_server.url, "0"))
    assert answers["GET /readiness/"] == (200, {"ready": True})
    assert answers["GET /debug/sql/"][0] == 200  # exposed
    assert answers["GET /e2e/login-as/1/"][0] == 404  # gated by ENABLE_E2E_ROUTES
    enabled = probe("django_shop", "django:shop.settings", DJANGO_PROBES, **django_env(tmp_path, redis_server.url, "1"))
    assert enabled["GET /e2e/login-as/1/"][0] == 405  # mounted now (POST only)


def test_django_readiness_answers_503_when_the_cache_is_down(tmp_path: Path) -> None:
    answers = probe("django_shop", "django:shop.settings", ["GET /readiness/"],
                    **django_env(tmp_path, dead_redis_url(), "0"))
    assert answers["GET /readiness/"] == (503, {"ready": False, "failing": ["cache"]})


GATEWAY_PROBES = ["GET /livez", "GET /readyz", "GET /healthz", "GET /psp/status", "GET /api/internal/tools/debug/echo",
                  "POST /api/internal/tools/debug/replay-webhook/evt_1", "POST /api/internal/fake-psp/capture/auth_1"]


def test_gateway_answers_match_the_expected_classes() -> None:
    answers = probe("fastapi_gateway", "gateway.main:app", GATEWAY_PROBES, lifespan=False,
                    DATABASE_URL=f"sqlite:///{UNREACHABLE_DIR}/gateway.db",
                    PSP_BASE_URL=f"http://127.0.0.1:{free_port()}", PSP_TIMEOUT="0.5")
    assert answers["GET /livez"][0] == 204  # static liveness
    assert answers["GET /readyz"][0] == 503  # real
    assert answers["GET /healthz"] == (200, {"status": "ok", "database": False, "psp": False})  # fake
    assert answers["GET /psp/status"] == (502, {"psp": "down"})  # real
    assert answers["GET /api/internal/tools/debug/echo"][0] == 200  # exposed
    assert answers["POST /api/internal/tools/debug/replay-webhook/evt_1"][0] == 403  # gated by verify_api_key
    assert answers["POST /api/internal/fake-psp/capture/auth_1"] == (
        200, {"authorization_id": "auth_1", "captured": True})  # exposed through two nested routers


PATTERN_PROBES = ["GET /health", "GET /status", "GET /health/db", "GET /health/cache", "GET /health/queue",
                  "GET /ready", "GET /readyz"]


def test_health_patterns_answer_as_classified_with_every_dependency_down() -> None:
    dead = dead_redis_url()
    answers = probe("fastapi_health_patterns", "telemetry.main:app", PATTERN_PROBES, lifespan=False,
                    DATABASE_URL=f"sqlite:///{UNREACHABLE_DIR}/telemetry.db", REDIS_URL=dead, QUEUE_URL=dead)
    assert answers["GET /health"] == (200, {"status": "ok"})  # static liveness
    assert answers["GET /status"][0] == 200  # static liveness
    assert answers["GET /health/db"][0] == 500  # real: the uncaught error fails the probe
    assert answers["GET /health/cache"] == (503, {"status": "down"})  # real
    assert answers["GET /health/queue"][0] == 200  # body-only failure
    assert answers["GET /health/queue"][1]["status"] == "error"
    assert answers["GET /ready"] == (200, {"status": "ready"})  # fake
    assert answers["GET /readyz"] == (200, {"ready": True})  # fake


LITESTAR_PROBES = ["GET /health/live", "GET /health/ready", "GET /status", "GET /internal/cache/ready",
                   "GET /debug/config", "POST /admin/test-token", "POST /dev/seed", "GET /mock/payments",
                   "GET /api/bookings"]


def test_litestar_answers_match_the_expected_classes_with_every_dependency_down() -> None:
    answers = probe("litestar_service", "bookings.app:app", LITESTAR_PROBES, lifespan=False,
                    DATABASE_URL=f"sqlite+aiosqlite:///{UNREACHABLE_DIR}/bookings.db", REDIS_URL=dead_redis_url(),
                    ENVIRONMENT="production")
    assert answers["GET /health/live"] == (200, {"status": "ok"})  # static liveness
    assert answers["GET /health/ready"] == (503, {"status": "fail", "database": "OperationalError"})  # real
    assert answers["GET /status"] == (200, {"status": "healthy", "database": "connected", "cache": "connected"})  # fake
    assert answers["GET /internal/cache/ready"][0] == 503  # real: ServiceUnavailableException
    assert answers["GET /debug/config"][0] == 200  # exposed
    assert answers["POST /admin/test-token"][0] == 401  # gated by the requires_admin guard
    assert answers["POST /dev/seed"][0] == 404  # gated by ENVIRONMENT
    assert answers["GET /mock/payments"][0] == 404  # never registered
    assert answers["GET /api/bookings"][0] == 401  # the controller's requires_user guard


def test_litestar_probes_pass_and_the_seed_route_appears_in_development(redis_server, tmp_path: Path) -> None:
    answers = probe("litestar_service", "bookings.app:app", ["GET /health/ready", "GET /internal/cache/ready",
                                                             "POST /dev/seed"],
                    DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/bookings.db", REDIS_URL=redis_server.url,
                    ENVIRONMENT="development")
    assert answers["GET /health/ready"] == (200, {"status": "pass", "database": "ok"})
    assert answers["GET /internal/cache/ready"] == (200, {"status": "ready"})
    assert answers["POST /dev/seed"] == (201, {"seeded": 1})


TORNADO_PROBES = ["GET /health/live", "GET /health/ready", "HEAD /health/ready", "GET /status",
                  "GET ops.internal/healthz", "GET ops.internal/debug/state", "POST /dev/login"]


def test_tornado_answers_match_the_expected_classes_with_every_dependency_down() -> None:
    answers = probe("tornado_service", "tornado:warehouse.server:make_app", TORNADO_PROBES,
                    DATABASE_URL=f"sqlite+aiosqlite:///{UNREACHABLE_DIR}/warehouse.db", REDIS_URL=dead_redis_url())
    assert answers["GET /health/live"] == (200, {"status": "ok"})  # static liveness
    assert answers["GET /health/ready"] == (503, {"status": "fail", "database": "OperationalError"})  # set_status
    assert answers["HEAD /health/ready"][0] == 503  # raise HTTPError(503)
    assert answers["GET /status"] == (200, {"status": "healthy", "cache": "connected"})  # fake
    assert answers["GET ops.internal/healthz"][0] == 503  # send_error(503)
    assert answers["GET ops.internal/debug/state"][0] == 200  # exposed on the ops host
    assert answers["POST /dev/login"][0] == 404  # only under --debug


def test_tornado_probes_pass_and_the_dev_login_appears_under_debug(redis_server, tmp_path: Path) -> None:
    answers = probe("tornado_service", "tornado:warehouse.server:make_app",
                    ["GET /health/ready", "GET ops.internal/healthz", "POST /dev/login"],
                    DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/warehouse.db", REDIS_URL=redis_server.url,
                    PROBE_ARGS="--debug=true", JWT_SECRET="t" * 32)
    assert answers["GET /health/ready"] == (200, {"status": "pass", "database": "ok"})
    assert answers["GET ops.internal/healthz"] == (200, {"status": "ok"})
    status, body = answers["POST /dev/login"]
    assert status == 200 and body["token"].count(".") == 2  # a signed JWT for anyone who asks


QUART_PROBES = ["GET /health/live", "GET /health/ready", "GET /health/cache", "GET /health/carrier", "GET /status",
                "GET /debug/routes", "POST /dev/seed", "POST /mock-carrier/labels"]


def test_quart_answers_match_the_expected_classes_with_every_dependency_down() -> None:
    answers = probe("quart_service", "asgi:app", QUART_PROBES, lifespan=False,
                    DATABASE_URL=f"sqlite+aiosqlite:///{UNREACHABLE_DIR}/shipping.db", REDIS_URL=dead_redis_url(),
                    CARRIER_API_URL=f"http://127.0.0.1:{free_port()}", QUART_ENV="production")
    assert answers["GET /health/live"] == (200, {"status": "ok"})  # static liveness
    assert answers["GET /health/ready"] == (503, {"status": "fail", "database": "OperationalError"})  # real
    assert answers["GET /health/cache"][0] == 503  # quart.abort(503)
    assert answers["GET /health/carrier"] == (503, "carrier API unreachable")  # Response(status=503)
    assert answers["GET /status"] == (200, {"status": "healthy", "database": "connected", "carrier_api": "connected"})
    assert answers["GET /debug/routes"][0] == 200  # exposed
    assert "/debug/routes" in answers["GET /debug/routes"][1]["routes"]
    assert answers["POST /dev/seed"][0] == 404  # gated by QUART_ENV
    assert answers["POST /mock-carrier/labels"][0] == 404  # never registered


def test_quart_readiness_passes_with_the_database_and_cache_up(redis_server, tmp_path: Path) -> None:
    answers = probe("quart_service", "asgi:app", ["GET /health/ready", "GET /health/cache", "POST /dev/seed"],
                    DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/shipping.db", REDIS_URL=redis_server.url,
                    QUART_ENV="development")
    assert answers["GET /health/ready"] == (200, {"status": "pass", "database": "ok"})
    assert answers["GET /health/cache"] == (200, {"status": "ok", "cache": "up"})
    assert answers["POST /dev/seed"] == (200, {"seeded": 1})
