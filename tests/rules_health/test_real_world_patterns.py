"""Health patterns seen in public services (paraphrased): exact rule, file, line span and status."""

from __future__ import annotations

from prodready.model.findings import Finding

ROUTE_CLASSES = frozenset({"PR101", "PR102", "PR103", "PR104"})


def classes(findings: list[Finding]) -> set[tuple[str, str, int, int, str]]:
    """(rule, path, start, end, status) of the per-route health findings."""
    return {
        (f.rule_id, f.location.path, f.location.start_line, f.location.end_line, f.status)
        for f in findings if f.rule_id in ROUTE_CLASSES
    }


def test_except_block_answering_unhealthy_with_200_is_body_only(scan_files) -> None:
    findings = scan_files({
        "api.py": """\
            from fastapi import FastAPI

            from storage import warehouse

            app = FastAPI()


            @app.get("/health/warehouse")
            async def warehouse_status():
                try:
                    async with warehouse.connect() as link:
                        await link.execute("SELECT 1")
                    return {"status": "up", "warehouse": "reachable"}
                except Exception as error:
                    return {"status": "down", "warehouse": repr(error)}
            """,
        "storage.py": "warehouse = None\n",
    })
    assert classes(findings) == {("PR102", "api.py", 8, 15, "body-only-failure")}


def test_error_class_that_is_not_a_dependency_failure_still_propagates(scan_files) -> None:
    findings = scan_files({
        "api.py": """\
            from fastapi import FastAPI

            from storage import cache

            app = FastAPI()


            @app.get("/healthz")
            async def healthz():
                try:
                    await cache.ping()
                except ValueError:
                    return {"status": "misconfigured"}
                return {"status": "up"}
            """,
        "storage.py": "cache = None\n",
    })
    assert classes(findings) == {("PR104", "api.py", 8, 14, "real")}


def test_rollback_in_except_block_does_not_make_a_constant_status_real(scan_files) -> None:
    findings = scan_files({
        "web.py": """\
            from flask import Flask, jsonify

            from models import store

            app = Flask(__name__)


            @app.get("/health")
            def health():
                try:
                    store.session.execute("SELECT 1")
                    storage = "reachable"
                except Exception:
                    store.session.rollback()
                    storage = "unreachable"
                return jsonify({"status": "ok", "storage": storage})
            """,
        "models.py": "store = None\n",
    })
    assert classes(findings) == {("PR101", "web.py", 8, 16, "fake")}


def test_model_built_from_its_defaults_is_a_constant_answer(scan_files) -> None:
    findings = scan_files({
        "probes.py": """\
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()


            class Alive(BaseModel):
                state: str = "alive"


            @app.get("/livez")
            async def livez() -> Alive:
                return Alive()
            """,
    })
    assert classes(findings) == {("PR103", "probes.py", 11, 13, "static-liveness")}


def test_literal_component_states_nested_in_the_body_are_fake(scan_files) -> None:
    findings = scan_files({
        "ops.py": """\
            from fastapi import FastAPI

            app = FastAPI()


            @app.get("/ops/health")
            async def ops_health():
                return {"report": {"mysql": {"state": "up"}, "kafka": {"state": "up"}}}
            """,
    })
    assert classes(findings) == {("PR101", "ops.py", 6, 8, "fake")}


def test_healthy_path_is_a_health_route(scan_files) -> None:
    findings = scan_files({
        "site.py": """\
            from flask import Flask, jsonify

            from models import store

            app = Flask(__name__)


            @app.route("/api/healthy")
            def probe():
                good = True
                try:
                    store.session.execute("SELECT 1")
                except Exception:
                    good = False
                return jsonify({"healthy": good})
            """,
        "models.py": "store = None\n",
    })
    assert classes(findings) == {("PR102", "site.py", 8, 15, "body-only-failure")}


def test_routes_of_an_app_factory_whose_result_is_bound_to_the_same_name(scan_files) -> None:
    findings = scan_files({
        "server.py": """\
            from fastapi import FastAPI
            from fastapi.responses import JSONResponse


            def build():
                app = FastAPI()
                app.state.warm = False

                @app.get("/livez")
                async def livez():
                    return {"state": "alive"}

                @app.get("/readyz")
                async def readyz():
                    if not app.state.warm:
                        return JSONResponse({"state": "warming"}, status_code=503)
                    return {"state": "ready"}

                return app


            app = build()
            """,
    })
    assert classes(findings) == {
        ("PR103", "server.py", 9, 11, "static-liveness"),
        ("PR104", "server.py", 13, 17, "real"),
    }


def test_flask_style_tuple_code_in_fastapi_is_only_a_body(scan_files) -> None:
    findings = scan_files({
        "svc.py": """\
            from fastapi import FastAPI

            from store import ledger

            app = FastAPI()


            @app.get("/ready")
            async def ready():
                try:
                    ledger.execute("SELECT 1")
                except ConnectionError:
                    return {"ready": False}, 503
                return {"ready": True}
            """,
        "store.py": "ledger = None\n",
    })
    assert classes(findings) == {("PR102", "svc.py", 8, 14, "body-only-failure")}


def test_flask_reads_the_tuple_code(scan_files) -> None:
    findings = scan_files({
        "svc.py": """\
            from flask import Flask

            from store import ledger

            app = Flask(__name__)


            @app.get("/ready")
            def ready():
                try:
                    ledger.execute("SELECT 1")
                except ConnectionError:
                    return {"ready": False}, 503
                return {"ready": True}
            """,
        "store.py": "ledger = None\n",
    })
    assert classes(findings) == {("PR104", "svc.py", 8, 14, "real")}


HELPERS = {
    "checks.py": """\
        from queue_client import broker


        async def broker_alive() -> bool:
            return await broker.ping()


        async def broker_alive_or_false() -> bool:
            try:
                return await broker.ping()
            except Exception:
                return False
        """,
    "queue_client.py": "broker = None\n",
}


def test_component_value_from_a_helper_that_lets_errors_escape_is_real(scan_files) -> None:
    findings = scan_files({
        **HELPERS,
        "app.py": """\
            from fastapi import FastAPI

            from checks import broker_alive

            app = FastAPI()


            @app.get("/health")
            async def health():
                return {"status": "up", "broker": await broker_alive()}
            """,
    })
    assert classes(findings) == {("PR104", "app.py", 8, 10, "real")}


def test_component_value_from_a_helper_that_swallows_errors_is_fake(scan_files) -> None:
    findings = scan_files({
        **HELPERS,
        "app.py": """\
            from fastapi import FastAPI

            from checks import broker_alive_or_false

            app = FastAPI()


            @app.get("/health")
            async def health():
                return {"status": "up", "broker": await broker_alive_or_false()}
            """,
    })
    assert classes(findings) == {("PR101", "app.py", 8, 10, "fake")}


def test_building_a_client_from_a_url_probes_nothing(scan_files) -> None:
    findings = scan_files({
        "web.py": """\
            import redis
            from flask import Flask, jsonify

            app = Flask(__name__)


            def cache_state() -> str:
                client = redis.Redis.from_url("redis://cache:6379/0")
                try:
                    return "up" if client.ping() else "down"
                except redis.RedisError:
                    return "down"


            @app.get("/health")
            def health():
                state = cache_state()
                return jsonify(status="ok" if state == "up" else "degraded", cache=state)
            """,
    })
    assert classes(findings) == {("PR102", "web.py", 15, 18, "body-only-failure")}


def test_a_setting_about_a_component_is_not_its_state(scan_files) -> None:
    findings = scan_files({
        "hub.py": """\
            from flask import Flask, jsonify

            app = Flask(__name__)


            @app.route("/health")
            def health():
                return jsonify({"status": "up", "feeds": 12, "redis_enabled": True})
            """,
    })
    assert classes(findings) == {("PR103", "hub.py", 6, 8, "static-liveness")}


def test_json_dumps_body_is_read_like_a_dict(scan_files) -> None:
    findings = scan_files({
        "users.py": """\
            import json

            from flask import Flask

            app = Flask(__name__)


            @app.route("/accounts/health")
            def accounts_health():
                return json.dumps({"health": "fine"})
            """,
    })
    assert classes(findings) == {("PR103", "users.py", 8, 10, "static-liveness")}
