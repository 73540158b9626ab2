"""`prodready fix --write --unsafe-fixes` on a copy of the OMS fixture, then the fixed app for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from prodready_kit.guards import ENVIRONMENT_VARIABLES
from tests.conftest import FIXTURES, free_port, wait_for_port

TOKEN_ROUTE = "/api/v1/rbac-test/generate-tokens"


def prodready(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "prodready", *arguments], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def fixed_oms(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fix") / "oms_monolith"
    shutil.copytree(FIXTURES / "oms_monolith", root)
    preview = prodready("fix", str(root))
    assert preview.returncode == 1, preview.stderr
    assert "(unsafe fix)" in preview.stdout
    written = prodready("fix", str(root), "--write", "--unsafe-fixes")
    assert written.returncode == 0, written.stderr
    return root


def test_fixed_tree_no_longer_has_the_fake_health_the_exposed_token_route_or_missing_tracing(fixed_oms):
    scan = prodready("scan", str(fixed_oms), "--format", "json", "--no-cache")
    findings = json.loads(scan.stdout)["findings"]
    reported = {(f["rule_id"], f["status"]) for f in findings}
    assert ("PR101", "fake") not in reported
    assert ("PR201", "exposed") not in reported
    assert ("PR301", "missing") not in reported
    assert ("PR301", "present") in reported


def test_fix_twice_changes_nothing_and_reports_nothing_left(fixed_oms):
    before = {p: p.read_bytes() for p in fixed_oms.rglob("*") if p.is_file()}
    again = prodready("fix", str(fixed_oms), "--write", "--unsafe-fixes")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "Nothing to fix.\n")
    assert {p: p.read_bytes() for p in fixed_oms.rglob("*") if p.is_file()} == before


def test_the_fix_declares_the_kit_with_its_extras_in_the_requirements(fixed_oms):
    lines = (fixed_oms / "requirements.txt").read_text().splitlines()
    assert lines[-1] == "prodready-kit[fastapi,tracing,tracing-instrumentations]>=0.1"
    assert lines[:-1] == (FIXTURES / "oms_monolith" / "requirements.txt").read_text().splitlines()


def _serve(root: Path, redis_url: str, port: int, environment: dict[str, str], log: Path) -> subprocess.Popen:
    """uvicorn serving the fixed app; its output goes to `log` (a pipe nobody reads could fill up)."""
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_VARIABLES and not k.startswith("OTEL_")}
    env.update(environment, REDIS_URL=redis_url, OTEL_TRACES_EXPORTER="none", OTEL_SDK_DISABLED="true")
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT,
        )


def _status_once_cache_expires(client: httpx.Client, path: str, wanted: int = 503) -> int:
    """Ask until the answer changes to `wanted` or the registry's 1 s result cache has surely expired."""
    status = client.get(path).status_code
    for _ in range(12):
        if status == wanted:
            break
        time.sleep(0.25)
        status = client.get(path).status_code
    return status


def test_fixed_app_readiness_follows_redis_and_token_route_is_hidden_in_production(fixed_oms, redis_server, tmp_path):
    port = free_port()
    log = tmp_path / "uvicorn.log"
    server = _serve(fixed_oms, redis_server.url, port, {}, log)
    try:
        wait_for_port(port, timeout=30)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as client:
            assert client.get("/health/ready").status_code == 200
            assert client.get("/health").status_code == 200
            assert client.get(TOKEN_ROUTE).status_code == 404
            redis_server.kill()
            assert _status_once_cache_expires(client, "/health/ready") == 503
            assert client.get("/health").status_code == 200  # nothing said a readiness probe calls it
            assert client.get("/health/live").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
    output = log.read_text(errors="replace")
    assert "Traceback" not in output, output


def test_fixed_app_serves_the_token_route_in_development(fixed_oms, redis_server, tmp_path):
    port = free_port()
    server = _serve(fixed_oms, redis_server.url, port, {"PRODREADY_ENV": "development"}, tmp_path / "uvicorn.log")
    try:
        wait_for_port(port, timeout=30)
        response = httpx.get(f"http://127.0.0.1:{port}{TOKEN_ROUTE}", timeout=10)
        assert response.status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
