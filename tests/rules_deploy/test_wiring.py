"""Joining probes to routes: path matching, kit probe routes with their prefixes, ports, and which
probe kinds call a route path."""

from __future__ import annotations

import pytest

from prodready.rules.deploy.paths import matches, probe_kinds, wiring_pairs

APP = """\
    from fastapi import FastAPI
    from prodready_kit.health import HealthRegistry
    from prodready_kit.health.fastapi import health_router

    from db import database

    app = FastAPI()
    registry = HealthRegistry()
    app.include_router(health_router(registry, prefix="/ops/health"), prefix="/internal")


    @app.get("/healthz")
    async def healthz():
        await database.execute("SELECT 1")
        return {"ok": True}


    @app.get("/items/{item_id}")
    async def item(item_id: int):
        return {"id": item_id}
"""


def manifest(*probes: tuple[str, str, object]) -> str:
    lines = ["apiVersion: apps/v1", "kind: Deployment", "metadata: {name: api}", "spec:", "  template:",
             "    spec:", "      containers:", "        - name: api",
             '          command: ["uvicorn", "main:app", "--port", "8000"]',
             "          ports: [{name: web, containerPort: 8000}]"]
    for kind, path, port in probes:
        lines += [f"          {kind}Probe:", f"            httpGet: {{path: {path}, port: {port}}}"]
    return "\n".join(lines) + "\n"


def found(scan_files, *probes: tuple[str, str, object]) -> list[tuple[str, int, str]]:
    result = scan_files({"main.py": APP, "k8s/api.yaml": manifest(*probes)})
    return sorted((f.rule_id, f.location.start_line, f.related[0].label() if f.related else "")
                  for f in result if f.family == "deploy")


@pytest.mark.parametrize("request_path, route, expected", [
    ("/health/", "/health", True), ("/health?full=1", "/health", True), ("/items/7", "/items/{item_id}", True),
    ("/items/7", "/items/<int:item_id>", True), ("/static/a/b.css", "/static/{rest:path}", True),
    ("/items", "/items/{item_id}", False), ("/healthz", "/health", False), ("/health", "^health/$", True),
])
def test_path_matching(request_path: str, route: str, expected: bool) -> None:
    assert matches(request_path, route) is expected


def test_probe_kinds_of_a_route_path() -> None:
    pairs = [("liveness", "/healthz"), ("readiness", "/ready/"), ("startup", "/ready"), ("healthcheck", "")]
    assert probe_kinds(pairs, "/ready") == ("readiness", "startup")
    assert probe_kinds(pairs, "/healthz") == ("liveness",)
    assert probe_kinds(pairs, "/metrics") == ()


def test_probe_kinds_from_a_finished_scan(scan_files) -> None:
    result = scan_files({"main.py": APP, "k8s/api.yaml": manifest(("readiness", "/internal/ops/health/ready", 8000),
                                                                    ("liveness", "/healthz", "web"))})
    pairs = wiring_pairs(result)
    assert pairs == [("readiness", "/internal/ops/health/ready"), ("liveness", "/healthz")]
    assert probe_kinds(pairs, "/healthz") == ("liveness",)


def test_kit_routes_under_both_prefixes(scan_files) -> None:
    assert found(scan_files, ("readiness", "/internal/ops/health/ready", 8000),
                 ("liveness", "/internal/ops/health/live", "web"), ("startup", "/internal/ops/health/startup", 8000)) == [
        ("PR506", 12, ""),  # /healthz checks the database and no liveness probe calls it
        ("PR507", 11, "main.py:9"), ("PR507", 13, "main.py:9"), ("PR507", 15, "main.py:9"),
    ]


def test_healthz_used_as_readiness_is_not_a_liveness_route(scan_files) -> None:
    assert found(scan_files, ("readiness", "/healthz", 8000)) == [("PR507", 11, "main.py:12-15")]


def test_liveness_on_the_kit_readiness_route_checks_dependencies(scan_files) -> None:
    assert found(scan_files, ("readiness", "/internal/ops/health/ready", 8000),
                 ("liveness", "/internal/ops/health/ready", 8000)) == [
        ("PR502", 13, "main.py:9"), ("PR506", 12, ""), ("PR507", 11, "main.py:9"), ("PR507", 13, "main.py:9"),
    ]


@pytest.mark.parametrize("port, problem", [
    (9000, "uvicorn listens on port 8000, the probe asks port 9000"),
    ("http", "the container declares no port named `http`"),
])
def test_probe_ports_the_service_does_not_listen_on(scan_files, port: object, problem: str) -> None:
    result = scan_files({"main.py": APP, "k8s/api.yaml": manifest(("readiness", "/internal/ops/health/ready", port))})
    [unrouted] = [f for f in result if f.rule_id == "PR503"]
    assert problem in unrouted.message and unrouted.related[0].label() == "main.py:7"


def test_no_routes_in_the_code_no_unrouted_probe(scan_files) -> None:
    result = scan_files({"tool.py": "print('hi')\n", "k8s/api.yaml": manifest(("readiness", "/ready", 8000))})
    assert [(f.rule_id, f.message.rsplit(": ", 1)[-1]) for f in result if f.family == "deploy"] == [
        ("PR507", "the code declares no route prodready can see")]
