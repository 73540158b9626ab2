"""`prodready scan` on the OMS fixture reports the reference's two headline problems and fails;
on the real-health fixture it passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, REPO_ROOT

PRODREADY = Path(sys.executable).parent / "prodready"


def run_scan(fixture: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PRODREADY), "scan", f"fixtures/{fixture}", "--format", "json", "--no-cache"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )


def test_oms_scan_reports_fake_health_and_exposed_token_route() -> None:
    completed = run_scan("oms_monolith")
    assert completed.returncode == 1, completed.stderr
    report = json.loads(completed.stdout)
    assert Path(report["root"]) == (FIXTURES / "oms_monolith").resolve()

    health = [f for f in report["findings"] if f["rule_id"] == "PR101"]
    assert [(f["path"], f["start_line"], f["end_line"], f["status"]) for f in health] == [
        ("main.py", 184, 196, "fake")
    ]

    tokens = [
        f for f in report["findings"]
        if f["rule_id"] == "PR201" and f["path"] == "api/v1/rbac_test_routes.py" and f["start_line"] == 17
    ]
    assert len(tokens) == 1, report["findings"]
    token_route = tokens[0]
    assert token_route["end_line"] == 55
    assert token_route["status"] == "exposed"
    assert token_route["severity"] == "critical"
    text = " ".join([token_route["message"], token_route["title"], *token_route["details"]])
    assert "/api/v1/rbac-test/generate-tokens" in text
    assert any(r["path"] == "main.py" and r["start_line"] == 181 for r in token_route["related"]), token_route[
        "related"
    ]


def test_real_health_scan_passes() -> None:
    completed = run_scan("real_health_service")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    report = json.loads(completed.stdout)
    gating = [f for f in report["findings"] if f["family"] == "health" and f["severity"] not in ("info", "none")]
    assert gating == []
