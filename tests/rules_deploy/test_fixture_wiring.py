"""The deploy fixtures: every finding names both ends (the manifest line and the handler or the
application) in every output format; the fixture with correct probes gives nothing above none."""

from __future__ import annotations

import json
from functools import cache

import pytest

from prodready.model.findings import Finding, ScanResult, Severity
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from prodready.reports.base import load_renderer
from tests.conftest import FIXTURES
from tests.fixtures_check.expected import load_expectation

PROBLEMS = ("PR501", "PR502", "PR503", "PR504", "PR505")
FORMATS = ("terminal", "json", "sarif", "markdown", "html", "junit", "github", "gitlab")


@cache
def scanned(fixture: str) -> ScanResult:
    return scan(ScanOptions(root=FIXTURES / fixture, use_cache=False, jobs=1))


def key(finding: Finding) -> tuple[str, str, int, str]:
    return finding.rule_id, finding.location.path, finding.location.start_line, finding.status


@pytest.mark.parametrize("fixture", ["deploy_wiring", "deploy_wiring_ok"])
def test_related_locations_are_the_expected_ones(fixture: str) -> None:
    expectation = load_expectation(FIXTURES / f"{fixture}.expected.yaml")
    wanted = {(e["rule"], e["path"], int(e["line"]), e["status"]): e.get("related") for e in expectation.entries
              if e["rule"].startswith(("PR5", "PR301"))}
    found = {key(f): f for f in scanned(fixture).findings if key(f) in wanted}
    assert set(found) == set(wanted)
    for entry, related in wanted.items():
        labels = [r.label() for r in found[entry].related]
        assert labels[:1] == ([related] if related else []), entry


def test_problem_findings_name_both_ends_in_their_message() -> None:
    problems = [f for f in scanned("deploy_wiring").findings if f.rule_id in PROBLEMS]
    assert len(problems) == 9
    for finding in problems:
        assert finding.location.label() in finding.message, finding.message
        assert finding.related[0].label() in finding.message, finding.message
        assert finding.related and finding.related[0].path.endswith(".py")


def test_the_messages_of_the_fixture_are_exact() -> None:
    messages = {key(f)[:3]: f.message for f in scanned("deploy_wiring").findings if f.rule_id in PROBLEMS}
    assert messages[("PR501", "k8s/base/inventory.yaml", 24)] == (
        "readinessProbe of Deployment/inventory-api (container api) at k8s/base/inventory.yaml:24-28 calls "
        "`app.main.health` (app/main.py:15-17), which can never fail (fake): traffic is sent to pods whose "
        "dependencies are down")
    assert messages[("PR502", "k8s/base/inventory.yaml", 29)] == (
        "livenessProbe of Deployment/inventory-api (container api) at k8s/base/inventory.yaml:29-33 calls "
        "`app.main.healthz` (app/main.py:20-24), which fails when `db.session` (SQLAlchemy), `session.execute` "
        "fail: a database outage restarts every pod")
    assert messages[("PR503", "docker-compose.yml", 23)] == (
        "healthcheck of compose service admin at docker-compose.yml:23-24 requests exec `wget -qO- "
        "http://localhost:9001/status || exit 1`: GET /status (port 9001), but gunicorn listens on port 8001, "
        "the probe asks port 9001 (routes of the application at app/main.py:10)")
    assert messages[("PR504", "k8s/base/inventory.yaml", 61)] == (
        "Container admin of Deployment/inventory-admin at k8s/base/inventory.yaml:61 serves HTTP (the application "
        "at app/main.py:10) but declares no readiness probe")
    livez = next(f for f in scanned("deploy_wiring").findings if f.rule_id == "PR506")
    assert livez.message.startswith("Liveness route `/livez` fails when `cache.redis.ping` (Redis) fails")


@pytest.mark.parametrize("output", FORMATS)
def test_every_format_shows_both_ends(output: str) -> None:
    result = scanned("deploy_wiring")
    text = load_renderer(output).render(result)
    for finding in (f for f in result.findings if f.rule_id in PROBLEMS):
        assert finding.location.path in text
        assert finding.related[0].label() in text, (output, finding.rule_id)


@pytest.mark.parametrize("output", ["markdown", "html"])
def test_reports_list_every_probe_in_the_deployment_wiring_section(output: str) -> None:
    result = scanned("deploy_wiring")
    text = load_renderer(output).render(result)
    assert "Deployment Wiring" in text
    records = [f for f in result.findings if f.rule_id == "PR507"]
    assert len(records) == 11
    for record in records:
        assert f"`{record.location.label()}`" in text or f"<code>{record.location.label()}</code>" in text


def test_markdown_table_rows() -> None:
    text = load_renderer("markdown").render(scanned("deploy_wiring"))
    rows = [line for line in text.splitlines() if line.startswith("| ") and "Probe |" not in line]
    assert len(rows) == 11
    assert ("| readinessProbe of Deployment/inventory-api | `k8s/base/inventory.yaml:24-28` | GET /health (port http) "
            "| `app.main.health` (app/main.py:15-17) | fake |") in rows
    assert ("| livenessProbe of Deployment/inventory | `charts/inventory/templates/deployment.yaml:33-36` | "
            "GET  (port http) | `.Values.probes.livenessPath` cannot be resolved from values.yaml | - |") not in rows
    assert any("`.Values.probes.livenessPath` cannot be resolved from values.yaml" in row for row in rows)


def test_correct_probes_give_nothing_above_none() -> None:
    result = scanned("deploy_wiring_ok")
    deploy = [f for f in result.findings if f.family == "deploy"]
    assert deploy and {f.rule_id for f in deploy} == {"PR507"}
    assert all(f.severity is Severity.NONE for f in deploy)
    assert not [f for f in result.findings if f.family == "health"]
    assert result.warnings == ()


def test_unresolved_helm_value_is_a_warning() -> None:
    warnings = [(w.path, w.kind, w.message) for w in scanned("deploy_wiring").warnings]
    assert warnings == [(
        "charts/inventory/templates/deployment.yaml", "deploy-unresolved",
        "line 33: livenessProbe of Deployment/inventory: `.Values.probes.livenessPath` cannot be resolved from "
        "values.yaml",
    )]


def test_json_report_gives_probe_records_and_health_findings_their_facts() -> None:
    report = json.loads(load_renderer("json").render(scanned("deploy_wiring")))
    facts = {(r["rule_id"], r["path"], r["start_line"]): r["facts"] for r in report["findings"]}
    assert facts[("PR507", "k8s/base/inventory.yaml", 24)] == {
        "probe": "readiness", "workload": "Deployment/inventory-api", "request": "GET /health (port http)",
        "path": "/health", "handler": "app.main.health", "handler_location": "app/main.py:15-17",
        "handler_status": "fake", "note": "",
        "yaml_path": "0:spec.template.spec.containers.0.readinessProbe.httpGet.path", "label": "readinessProbe",
    }
    assert facts[("PR101", "app/main.py", 15)] == {"path": "/health", "methods": "GET"}
    assert {rule for (rule, _, _), record in facts.items() if record} == {"PR101", "PR103", "PR104", "PR506", "PR507"}
