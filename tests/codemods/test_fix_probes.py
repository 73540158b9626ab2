"""Probe semantics of the fake-health fix: an old path nothing shows a readiness probe calls keeps
answering liveness and readiness moves to `/health/ready` (the diff header says which); a path a
readiness probe calls keeps readiness; one check per dependency. The fixed apps are served for real."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from prodready.codemods.probes import LIVENESS, READINESS, UNKNOWN
from prodready.codemods.runner import FixPlan, plan_fixes, write_plan
from prodready.model.findings import Finding, Location, ScanResult, Severity
from tests.kit_health.test_adapters import serve_asgi

STATE = "class Database:\n    up = True\n\n    def is_connected(self):\n        return self.up\n\n\ndatabase = Database()\n"
FASTAPI_APP = '''from fastapi import FastAPI

from state import database

app = FastAPI()


@app.get("{path}")
def health():
    return {{"status": "ok", "database": database.is_connected()}}
'''
STARLETTE_APP = '''from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from state import database


async def health(request):
    return JSONResponse({"status": "ok", "database": database.is_connected()})


app = Starlette(routes=[Route("/health", health)])
'''


def fake_health(path: str, line: int) -> Finding:
    return Finding(rule_id="PR101", slug="health-fake", family="health", status="fake", severity=Severity.HIGH,
                   message=f"Health endpoint `{path}` always reports healthy", location=Location("app.py", line, line),
                   extra=(("path", path),))


def plan_for(root: Path, app: str, path: str, line: int, probe_kind_of=lambda path: UNKNOWN) -> FixPlan:
    (root / "app.py").write_text(app)
    (root / "state.py").write_text(STATE)
    (root / "requirements.txt").write_text("fastapi\n")
    return plan_fixes(ScanResult(root=str(root), findings=(fake_health(path, line),)), unsafe=True,
                      probe_kind_of=probe_kind_of)


def header(plan: FixPlan) -> str:
    return plan.changes[0].diff().splitlines()[0]


def load(root: Path) -> ModuleType:
    """Import the fixed app.py (and its state module) fresh from `root`."""
    sys.path.insert(0, str(root))
    try:
        for name in ("state", "app"):
            sys.modules.pop(name, None)
        spec = importlib.util.spec_from_file_location("app", root / "app.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["app"] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(root))
        sys.modules.pop("app", None)


def test_unknown_probe_keeps_liveness_and_the_header_says_so(tmp_path):
    plan = plan_for(tmp_path, FASTAPI_APP.format(path="/health"), "/health", 8)
    assert header(plan) == (
        "# PR101 health-fake (unsafe fix): `/health` keeps liveness semantics (nothing shows which probe calls "
        "it): it answers 200 while the process runs; readiness with the reported checks moves to "
        "`/health/ready`, which answers 503 when a critical check fails")
    fixed = plan.changes[0].updated.decode()
    assert "return await liveness_response(health_registry)" in fixed
    assert "app.include_router(health_router(health_registry, include_root=False))" in fixed


@pytest.mark.parametrize(("kind", "said"), [(LIVENESS, "a liveness probe calls it"),
                                            (READINESS, "a readiness probe calls it")])
def test_the_deployments_answer_decides_and_is_named(tmp_path, kind, said):
    plan = plan_for(tmp_path, FASTAPI_APP.format(path="/health"), "/health", 8, lambda path: kind)
    semantics = "liveness" if kind == LIVENESS else "readiness"
    assert header(plan).startswith(f"# PR101 health-fake (unsafe fix): `/health` keeps {semantics} semantics ({said})")
    helper = "liveness_response" if kind == LIVENESS else "readiness_response"
    assert f"return await {helper}(health_registry)" in plan.changes[0].updated.decode()


def test_a_path_named_for_readiness_keeps_readiness(tmp_path):
    plan = plan_for(tmp_path, FASTAPI_APP.format(path="/readyz"), "/readyz", 8)
    assert "`/readyz` keeps readiness semantics (its name says readiness)" in header(plan)
    assert "return await readiness_response(health_registry)" in plan.changes[0].updated.decode()


def test_fixed_fastapi_app_old_path_stays_up_while_readiness_fails(tmp_path):
    write_plan(plan_for(tmp_path, FASTAPI_APP.format(path="/health"), "/health", 8), tmp_path)
    module = load(tmp_path)
    with serve_asgi(module.app) as url, httpx.Client(base_url=url, timeout=5) as client:
        assert client.get("/health").status_code == 200
        sys.modules["state"].database.up = False  # before any readiness answer is cached
        assert client.get("/health").status_code == 200
        assert client.get("/health/ready").status_code == 503
        assert client.get("/health/live").status_code == 200


def test_fixed_starlette_app_serves_readiness_beside_the_old_path(tmp_path):
    plan = plan_for(tmp_path, STARLETTE_APP, "/health", 8)
    fixed = plan.changes[0].updated.decode()
    assert fixed.endswith('app = Starlette(routes=[Route("/health", health)])\n'
                          "app.router.routes.extend(health_routes(health_registry, include_root=False))\n")
    write_plan(plan, tmp_path)
    module = load(tmp_path)
    with serve_asgi(module.app) as url, httpx.Client(base_url=url, timeout=5) as client:
        sys.modules["state"].database.up = False
        assert client.get("/health").status_code == 200
        assert client.get("/health/ready").status_code == 503
        assert client.get("/health/live").status_code == 200


def test_one_check_per_dependency(tmp_path):
    app = '''from fastapi import FastAPI

from core import primary, services

app = FastAPI()


@app.get("/health")
def health():
    return {
        "status": "healthy",
        "db_connected": services.db_client and services.db_client.is_connected(),
        "services": {"db": services.db_client is not None, "events": services.events is not None},
        "replica": {"db": primary.replica.is_connected()},
    }
'''
    fixed = plan_for(tmp_path, app, "/health", 8).changes[0].updated.decode()
    checks = [line for line in fixed.splitlines() if line.startswith("@health_registry.check(")]
    assert checks == ['@health_registry.check("db")', '@health_registry.check("events", critical=False)',
                      '@health_registry.check("replica_db")']
