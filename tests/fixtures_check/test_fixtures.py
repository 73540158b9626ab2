"""Each fixture under fixtures/ yields exactly the findings its expected file lists (for the
families it lists), and the OMS fixture really runs: a uvicorn process on loopback answering
/health, /metrics and the test-token route against a real Redis."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import httpx
import jwt
import pytest

from tests.conftest import FIXTURES, free_port, wait_for_port
from tests.fixtures_check.expected import annotations, expected_files, load_expectation

EXPECTED = expected_files()
ANNOTATED = ("PR1", "PR2")  # health and exposure findings carry a `# expect:` comment in the fixture
ROLES = {"admin", "developer", "reviewer", "viewer", "service"}


def _describe(label: str, items: set) -> str:
    lines = "\n".join(f"    {item}" for item in sorted(items)) or "    (none)"
    return f"  {label}:\n{lines}"


@pytest.mark.parametrize("expected_file", EXPECTED, ids=[p.name.split(".")[0] for p in EXPECTED])
def test_scan_finds_exactly_the_expected_findings(expected_file: Path) -> None:
    from prodready.pipeline.options import ScanOptions
    from prodready.pipeline.scan import scan

    expectation = load_expectation(expected_file)
    result = scan(ScanOptions(root=expectation.root, use_cache=False, jobs=1))
    actual = {
        (f.rule_id, f.location.path, f.location.start_line, f.status)
        for f in result.findings
        if f.family in expectation.families
    }
    expected = set(expectation.findings)
    missing = expected - actual
    unexpected = actual - expected
    assert not missing and not unexpected, (
        f"{expectation.fixture}: findings differ from {expected_file.name}\n"
        + _describe("expected but not found", missing) + "\n"
        + _describe("found but not expected", unexpected)
    )


@pytest.mark.parametrize("expected_file", EXPECTED, ids=[p.name.split(".")[0] for p in EXPECTED])
def test_findings_have_the_expected_severity_and_confidence(expected_file: Path) -> None:
    from prodready.model.findings import Severity
    from prodready.pipeline.configuration import load_config
    from prodready.pipeline.options import ScanOptions
    from prodready.pipeline.scan import scan

    expectation = load_expectation(expected_file)
    config = load_config(expectation.root)
    result = scan(ScanOptions(root=expectation.root, config=config, use_cache=False, jobs=1))
    found = [f for f in result.findings if f.family in expectation.families]
    by_key = {(f.rule_id, f.location.path, f.location.start_line, f.status): f for f in found}
    for key, severity in expectation.graded("severity").items():
        assert key in by_key and by_key[key].severity.label == severity, (key, severity)
    for key, confidence in expectation.graded("confidence").items():
        assert key in by_key and by_key[key].confidence.label == confidence, (key, confidence)
    if expectation.max_severity:
        ceiling = Severity.parse(expectation.max_severity)
        above = sorted((f.rule_id, f.location.label(), f.severity.label) for f in found if f.severity > ceiling)
        assert not above, f"{expectation.fixture}: findings above {ceiling.label}: {above}"


@pytest.mark.parametrize("expected_file", EXPECTED, ids=[p.name.split(".")[0] for p in EXPECTED])
def test_expect_comments_match_the_expected_file(expected_file: Path) -> None:
    expectation = load_expectation(expected_file)
    listed = {(rule, path, line) for rule, path, line, _ in expectation.findings if rule.startswith(ANNOTATED)}
    commented = set(annotations(expectation.root))
    assert listed == commented, (
        _describe("in the expected file without `# expect:` comment", listed - commented) + "\n"
        + _describe("`# expect:` comments missing from the expected file", commented - listed)
    )


def test_fixtures_cover_every_health_and_exposure_class() -> None:
    entries = [entry for path in EXPECTED for entry in load_expectation(path).entries]
    classes = {(entry["rule"], entry["status"]) for entry in entries}
    assert classes >= {
        ("PR101", "fake"), ("PR102", "body-only-failure"), ("PR103", "static-liveness"), ("PR104", "real"),
        ("PR105", "missing"), ("PR201", "exposed"), ("PR202", "gated"), ("PR203", "unmounted"),
        ("PR204", "enabled"),
    }
    exposed = [entry for entry in entries if entry["status"] == "exposed"]
    assert any(entry.get("mints_tokens") for entry in exposed)
    assert any(not entry.get("mints_tokens") for entry in exposed)
    gates = [entry.get("gate", "") for entry in entries if entry["status"] == "gated"]
    assert any("ENVIRONMENT" in gate for gate in gates) and any("Depends(" in gate for gate in gates)


# -- the OMS fixture as a running service --------------------------------------------------------

JWT_SECRET = "fixture-check-secret-at-least-32-bytes-long"


@pytest.fixture
def oms_url(redis_server, tmp_path: Path) -> Iterator[str]:
    """The OMS fixture under a real uvicorn on 127.0.0.1, with only Redis available."""
    port = free_port()
    env = {
        key: value for key, value in os.environ.items()
        if key not in {"IAM_SERVICE_URL", "TERMINUS_URL", "MINIO_ENDPOINT", "BACKUP_ENABLED",
                       "REDIS_SENTINELS", "SERVICE_ENDPOINTS", "DISCOVERY_DNS_NAMES", "ALERT_WEBHOOK_URL"}
    }
    env.update(REDIS_URL=redis_server.url, JWT_SECRET=JWT_SECRET, LOG_LEVEL="WARNING", PYTHONDONTWRITEBYTECODE="1")
    log = (tmp_path / "uvicorn.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=FIXTURES / "oms_monolith", env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        try:
            wait_for_port(port, timeout=30)
        except TimeoutError:
            process.kill()
            process.wait()
            raise AssertionError((tmp_path / "uvicorn.log").read_text(errors="replace")) from None
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.mark.slow
def test_oms_serves_health_metrics_and_test_tokens(oms_url: str) -> None:
    with httpx.Client(base_url=oms_url, timeout=10) as client:
        health = client.get("/health")
        assert health.status_code == 200
        assert health.json() == {
            "status": "healthy", "version": "2.0.1", "db_connected": True,
            "services": {"schema": True, "db": True, "events": True},
        }

        metrics = client.get("/metrics")
        assert metrics.status_code == 200
        assert metrics.headers["content-type"].startswith("text/plain")
        assert "oms_etag_hit_ratio" in metrics.text and "oms_http_requests_total" in metrics.text

        minted = client.get("/api/v1/rbac-test/generate-tokens")
        assert minted.status_code == 200
        tokens = minted.json()["tokens"]
        assert set(tokens) == ROLES
        for role, entry in tokens.items():
            claims = jwt.decode(entry["token"], JWT_SECRET, algorithms=["HS256"],
                                audience="oms", issuer="iam.oms.local")
            assert claims["roles"] == [role]

        # the minted admin token opens the real API: why the route must not ship
        assert client.get("/api/v1/branches").status_code == 401
        branches = client.get("/api/v1/branches",
                              headers={"Authorization": f"Bearer {tokens['admin']['token']}"})
        assert branches.status_code == 200
        assert [branch["name"] for branch in branches.json()] == ["main"]


@pytest.mark.slow
def test_oms_health_says_healthy_while_redis_is_down(oms_url: str, redis_server) -> None:
    with httpx.Client(base_url=oms_url, timeout=10) as client:
        assert client.get("/health").json()["db_connected"] is True
        redis_server.kill()
        down = client.get("/health")
        assert down.status_code == 200
        assert down.json()["status"] == "healthy"
        assert down.json()["db_connected"] is False
        redis_server.start()
        assert client.get("/health").json()["db_connected"] is True
