"""Each health class on small multi-file projects: exact rule, file, line span and status."""

from __future__ import annotations

import textwrap

from prodready.model.findings import Finding

FASTAPI_APP = """\
from fastapi import FastAPI

app = FastAPI()
"""


def with_app(body: str) -> str:
    """A FastAPI module: the app creation (lines 1-3) followed by `body`."""
    return FASTAPI_APP + textwrap.dedent(body)


def health(findings: list[Finding]) -> set[tuple[str, str, int, int, str]]:
    """(rule, path, start, end, status) of the health family's findings."""
    return {
        (f.rule_id, f.location.path, f.location.start_line, f.location.end_line, f.status)
        for f in findings if f.family == "health"
    }


def test_constant_status_beside_component_fields_is_fake(scan_files) -> None:
    findings = scan_files({
        "main.py": """\
            from fastapi import FastAPI

            from services import services

            app = FastAPI(title="OMS")


            @app.get("/health")
            async def health_check():
                \"\"\"System status.\"\"\"
                return {
                    "status": "healthy",  # Always returns "healthy"
                    "version": "2.0.1",
                    "db_connected": services.db_client and services.db_client.is_connected(),
                    "services": {
                        "schema": services.schema_service is not None,
                        "db": services.db_client is not None,
                    },
                }
            """,
        "services.py": "services = None\n",
    })
    assert health(findings) == {("PR101", "main.py", 8, 19, "fake")}
    fake = next(f for f in findings if f.rule_id == "PR101")
    assert "`/health`" in fake.message and fake.symbol == "main.health_check"
    assert fake.title == "`/health` Endpoint" and fake.area == "health-monitoring"
    assert 'Always returns "healthy" status regardless of actual system health' in fake.details


def test_constant_readiness_route_is_fake_but_constant_liveness_is_static(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\


            @app.get("/ready")
            def ready():
                return {"status": "ok"}


            @app.get("/livez")
            def live():
                return {"status": "ok"}
            """),
    })
    assert health(findings) == {
        ("PR101", "app.py", 6, 8, "fake"),
        ("PR103", "app.py", 11, 13, "static-liveness"),
    }


def test_dependency_error_swallowed_before_constant_ok_is_fake(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            import logging
            from db import engine


            @app.get("/healthz")
            async def healthz():
                try:
                    await engine.execute("SELECT 1")
                except Exception:
                    logging.exception("db down")
                return {"status": "ok"}
            """),
        "db.py": "engine = None\n",
    })
    assert health(findings) == {("PR101", "app.py", 8, 14, "fake")}


def test_uncaught_dependency_probe_fails_with_500_so_it_is_real(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from db import engine


            @app.get("/healthz")
            async def healthz():
                await engine.execute("SELECT 1")
                return {"status": "ok"}
            """),
        "db.py": "engine = None\n",
    })
    assert health(findings) == {("PR104", "app.py", 7, 10, "real")}


def test_status_built_in_a_helper_of_the_same_module(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\


            def build_status():
                return {"status": "healthy", "redis": True, "database": True}


            @app.get("/health")
            def health():
                return build_status()
            """),
    })
    assert health(findings) == {("PR101", "app.py", 10, 12, "fake")}


def test_status_built_in_a_helper_of_another_module_that_can_fail_is_real(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from monitoring.checks import overall


            @app.get("/health")
            async def health():
                return await overall()
            """),
        "monitoring/__init__.py": "",
        "monitoring/checks.py": """\
            from fastapi.responses import JSONResponse
            from fastapi import status

            from db import ping


            async def overall():
                ok = await ping()
                code = status.HTTP_200_OK if ok else status.HTTP_503_SERVICE_UNAVAILABLE
                return JSONResponse({"status": "pass" if ok else "fail"}, status_code=code)
            """,
        "db.py": "async def ping():\n    return True\n",
    })
    assert health(findings) == {("PR104", "app.py", 7, 9, "real")}


def test_helper_in_another_module_with_constant_status_is_fake(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from monitoring import report


            @app.get("/health")
            def health():
                return report.build()
            """),
        "monitoring/__init__.py": "",
        "monitoring/report.py": """\
            def build():
                return {"status": "UP", "checks": {"kafka": "connected"}}
            """,
    })
    assert health(findings) == {("PR101", "app.py", 7, 9, "fake")}


def test_json_response_with_constant_200_and_components_is_fake(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from fastapi.responses import JSONResponse
            from cache import redis_client


            @app.get("/status")
            def status():
                return JSONResponse(content={"state": "up", "cache": redis_client.connected}, status_code=200)
            """),
        "cache.py": "redis_client = None\n",
    })
    assert health(findings) == {("PR101", "app.py", 8, 10, "fake")}


def test_pydantic_model_return_varying_only_in_body(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from pydantic import BaseModel
            from db import database


            class Health(BaseModel):
                status: str
                database: bool


            @app.get("/health", response_model=Health)
            async def health():
                connected = database.is_connected
                return Health(status="healthy" if connected else "degraded", database=connected)
            """),
        "db.py": "database = None\n",
    })
    assert health(findings) == {("PR102", "app.py", 13, 16, "body-only-failure")}


def test_http_exception_503_makes_it_real(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from fastapi import HTTPException
            from db import database


            @app.get("/health/ready")
            async def ready():
                if not database.is_connected:
                    raise HTTPException(status_code=503, detail="database down")
                return {"status": "ready", "database": True}
            """),
        "db.py": "database = None\n",
    })
    assert health(findings) == {("PR104", "app.py", 8, 12, "real")}


def test_response_status_code_assignment_makes_it_real(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from fastapi import Response
            from db import database


            @app.get("/health")
            async def health(response: Response):
                ok = database.is_connected
                if not ok:
                    response.status_code = 503
                return {"status": "ok" if ok else "down", "db": ok}
            """),
        "db.py": "database = None\n",
    })
    assert health(findings) == {("PR104", "app.py", 8, 13, "real")}


def test_flask_jsonify_abort_and_tuple_returns(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from flask import Flask, abort, jsonify

            from db import db

            app = Flask(__name__)


            @app.route("/health")
            def health():
                return jsonify(status="healthy", database=db.ping_ok())


            @app.get("/ready")
            def ready():
                if not db.ping_ok():
                    abort(503)
                return jsonify({"ready": True})


            @app.get("/live")
            def live():
                ok = db.alive()
                return {"status": "ok" if ok else "unhealthy"}, 200


            @app.get("/ping")
            def ping():
                return "pong", 200
            """,
        "db.py": "db = None\n",
    })
    assert health(findings) == {
        ("PR101", "app.py", 8, 10, "fake"),
        ("PR104", "app.py", 13, 17, "real"),
        ("PR102", "app.py", 20, 23, "body-only-failure"),
        ("PR103", "app.py", 26, 28, "static-liveness"),
    }


def test_flask_tuple_with_computed_status_code_is_real(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from flask import Flask

            from db import db

            app = Flask(__name__)


            @app.route("/healthcheck")
            def healthcheck():
                ok = db.alive()
                return {"status": "ok" if ok else "fail"}, (200 if ok else 503)
            """,
        "db.py": "db = None\n",
    })
    assert health(findings) == {("PR104", "app.py", 8, 11, "real")}


def test_non_health_routes_are_not_classified(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\


            @app.get("/orders/{order_id}/status")
            def order_status(order_id: int):
                return {"status": "shipped"}


            @app.get("/statuses-report")
            def statuses_report():
                return {"status": "ok"}


            @app.post("/health")
            def post_health():
                return {"status": "ok"}
            """),
    })
    assert health(findings) == set()


def test_no_readiness_check_when_dependencies_but_no_real_health(scan_files) -> None:
    findings = scan_files({
        "main.py": with_app("""\
            from api import orders

            app.include_router(orders.router)
            """),
        "api/__init__.py": "",
        "api/orders.py": """\
            from fastapi import APIRouter
            from sqlalchemy import select

            router = APIRouter(prefix="/orders")


            @router.get("")
            def list_orders():
                return []
            """,
    })
    assert health(findings) == {("PR105", "main.py", 3, 3, "missing")}
    missing = next(f for f in findings if f.rule_id == "PR105")
    assert "SQLAlchemy" in missing.message
    assert missing.details == ("SQLAlchemy imported at api/orders.py:2",)


def test_kit_readiness_satisfies_readiness_and_is_real(scan_files) -> None:
    findings = scan_files({
        "main.py": with_app("""\
            import redis
            from prodready_kit.health import HealthRegistry
            from prodready_kit.health.fastapi import readiness_response

            registry = HealthRegistry()


            @app.get("/health")
            async def health():
                return await readiness_response(registry)
            """),
    })
    assert health(findings) == {("PR104", "main.py", 11, 13, "real")}


def test_kit_health_router_counts_as_readiness(scan_files) -> None:
    findings = scan_files({
        "main.py": with_app("""\
            import httpx
            from prodready_kit.health import HealthRegistry
            from prodready_kit.health.fastapi import health_router

            app.include_router(health_router(HealthRegistry()))


            @app.get("/items")
            def items():
                return httpx.get("http://inventory/items").json()
            """),
    })
    assert health(findings) == set()


def test_health_words_must_name_the_segment_not_a_domain_object(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\


            @app.get("/patients/{patient_id}/health-records")
            def health_records(patient_id: int):
                return {"status": "ok"}


            @app.get("/jobs/{job_id}/status")
            def job_status(job_id: int):
                return {"status": "running"}


            @app.get("/live/streams")
            def live_streams():
                return {"status": "ok"}


            @app.get("/")
            def health_check():
                return {"status": "ok"}


            @app.get("/api/v1/status")
            def service_status():
                return {"status": "ok"}
            """),
    })
    assert health(findings) == {
        ("PR103", "app.py", 21, 23, "static-liveness"),
        ("PR103", "app.py", 26, 28, "static-liveness"),
    }


def test_route_dependency_that_checks_the_database_can_fail_the_route(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from fastapi import Depends

            from db import check_database, verify_token


            @app.get("/health", dependencies=[Depends(check_database)])
            def health():
                return {"status": "ok", "database": "connected"}


            @app.get("/ready", dependencies=[Depends(verify_token)])
            def ready():
                return {"status": "ok"}
            """),
        "db.py": "def check_database():\n    pass\n\n\ndef verify_token():\n    pass\n",
    })
    assert health(findings) == {("PR104", "app.py", 9, 11, "real"), ("PR101", "app.py", 14, 16, "fake")}


def test_django_class_view_and_health_check_library(scan_files) -> None:
    findings = scan_files({
        "proj/__init__.py": "",
        "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nINSTALLED_APPS = ["health_check"]\n',
        "proj/urls.py": """\
            from django.urls import include, path

            from proj.views import Ready

            urlpatterns = [
                path("ready/", Ready.as_view()),
                path("ht/", include("health_check.urls")),
            ]
            """,
        "proj/views.py": """\
            from django.db import connection
            from django.http import JsonResponse
            from django.views import View


            class Ready(View):
                def get(self, request):
                    return JsonResponse({"status": "ready", "database": connection.is_usable()})
            """,
    })
    assert health(findings) == {("PR101", "proj/views.py", 7, 8, "fake")}  # the view's `get` method


def test_statement_helper_that_raises_503_makes_it_real_and_suppress_is_swallowing(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            import contextlib

            from fastapi import HTTPException

            from deps import cache, database


            def ensure_database():
                if not database.is_usable():
                    raise HTTPException(status_code=503)


            @app.get("/ready")
            def ready():
                ensure_database()
                return {"status": "ready"}


            @app.get("/healthz")
            def healthz():
                with contextlib.suppress(Exception):
                    cache.ping()
                return {"status": "ok"}
            """),
        "deps.py": "cache = database = None\n",
    })
    assert health(findings) == {("PR104", "app.py", 16, 19, "real"), ("PR101", "app.py", 22, 26, "fake")}


def test_raising_probe_inside_the_body_is_real_but_logging_is_not_a_probe(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from flask import current_app

            from deps import db, redis_client


            @app.get("/health")
            async def health():
                return {"detail": "ok", "redis": await redis_client.ping()}


            @app.get("/healthz")
            def healthz():
                current_app.logger.info("probe")
                return {"status": "ok", "db": db.is_connected()}
            """),
        "deps.py": "db = redis_client = None\n",
    })
    assert health(findings) == {("PR104", "app.py", 9, 11, "real"), ("PR101", "app.py", 14, 17, "fake")}


def test_two_constant_status_keys_are_one_constant_answer(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from flask import Flask, jsonify

            app = Flask(__name__)


            @app.get("/health")
            def health():
                return jsonify(ok=True, status="healthy"), 200
            """,
    })
    assert health(findings) == {("PR103", "app.py", 6, 8, "static-liveness")}


def test_starlette_response_with_failure_status_code_is_real(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from starlette.applications import Starlette
            from starlette.responses import PlainTextResponse, Response
            from starlette.routing import Route

            from deps import broker


            async def ready(request):
                if not broker.connected:
                    return Response(content="broker down", status_code=503)
                return PlainTextResponse("ready")


            async def live(request):
                return PlainTextResponse("alive")


            app = Starlette(routes=[Route("/ready", ready), Route("/live", live)])
            """,
        "deps.py": "broker = None\n",
    })
    assert health(findings) == {("PR104", "app.py", 8, 11, "real"), ("PR103", "app.py", 14, 15, "static-liveness")}


def test_method_of_a_module_level_monitor_instance_is_followed(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from monitoring import monitor


            @app.get("/health")
            async def health():
                return await monitor.report()
            """),
        "monitoring.py": """\
            class HealthMonitor:
                async def report(self):
                    return {"status": "healthy", "components": {"db": self.db_ok}}


            monitor = HealthMonitor()
            """,
    })
    assert health(findings) == {("PR101", "app.py", 7, 9, "fake")}


def test_configuration_values_beside_a_constant_status_are_not_component_state(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from config import settings


            @app.get("/health")
            def health():
                return {"status": "ok", "database": settings.DATABASE_NAME, "cache_backend": "redis"}
            """),
        "config.py": "settings = None\n",
    })
    assert health(findings) == {("PR103", "app.py", 7, 9, "static-liveness")}


def test_sanic_json_response_with_status_argument(scan_files) -> None:
    findings = scan_files({
        "server.py": """\
            from sanic import Sanic
            from sanic.response import json

            from deps import pool

            app = Sanic("svc")


            @app.get("/ready")
            async def ready(request):
                ok = pool.healthy
                return json({"ready": ok}, 200 if ok else 503)
            """,
        "deps.py": "pool = None\n",
    })
    assert health(findings) == {("PR104", "server.py", 9, 12, "real")}


def test_django_readiness_whose_connection_check_raises_is_real(scan_files) -> None:
    findings = scan_files({
        "proj/__init__.py": "",
        "proj/urls.py": """\
            from django.urls import path

            from proj import views

            urlpatterns = [path("readyz/", views.readyz), path("livez/", views.livez)]
            """,
        "proj/views.py": """\
            from django.core.cache import cache
            from django.db import connection
            from django.http import JsonResponse


            def readyz(request):
                connection.ensure_connection()
                cache.set("probe", "1", 5)
                return JsonResponse({"ready": True})


            def livez(request):
                return JsonResponse({"alive": True, "db_connected": connection.is_usable()})
            """,
    })
    assert health(findings) == {("PR104", "proj/views.py", 6, 9, "real"), ("PR101", "proj/views.py", 12, 13, "fake")}


def test_a_companion_glued_to_a_health_word_is_still_health_ish(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\


            @app.get("/__lbheartbeat__")
            def lb():
                return {}


            @app.get("/lbrecords")
            def records():
                return {}
            """),
    })
    assert health(findings) == {("PR103", "app.py", 6, 8, "static-liveness")}


def test_a_handler_around_a_literal_answer_never_runs(scan_files) -> None:
    findings = scan_files({
        "app.py": with_app("""\
            from fastapi import HTTPException


            @app.get("/__lbheartbeat__")
            def lbheartbeat():
                try:
                    return {"status": "OK"}
                except Exception:
                    raise HTTPException(503)
            """),
    })
    assert health(findings) == {("PR103", "app.py", 7, 12, "static-liveness")}


def test_a_prefix_the_scanner_cannot_resolve_is_no_path_parameter(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from fastapi import APIRouter, FastAPI

            from settings import url_prefix

            app = FastAPI()
            router = APIRouter()


            @router.get("/celery/status")
            def celery_status():
                return {"status": "ok"}


            @router.get("/jobs/{job_id}/status")
            def job_status(job_id: int):
                return {"status": "running"}


            app.include_router(router, prefix=url_prefix("api/v2/"))
            """,
    })
    assert health(findings) == {("PR103", "app.py", 9, 11, "static-liveness")}
