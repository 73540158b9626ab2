"""The optional semgrep run: offline flags, result conversion, missing semgrep, the shipped pack."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prodready.cli import app
from prodready.model.findings import Location, Severity
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.semgrep import run_semgrep, semgrep_argv, semgrep_finding, shipped_pack


def test_command_line_is_offline_and_targets_the_root(tmp_path: Path) -> None:
    argv = semgrep_argv("semgrep", Path("/pack.yml"), tmp_path, 2, ("build",))
    assert "--metrics=off" in argv and "--disable-version-check" in argv
    assert argv[:5] == ["semgrep", "scan", "--config", "/pack.yml", "--json"]
    assert argv[-5:] == ["--jobs", "2", "--exclude", "build", str(tmp_path)]


def test_shipped_pack_exists() -> None:
    assert shipped_pack().is_file()
    assert "id: health-never-fails" in shipped_pack().read_text()


def test_result_becomes_a_semgrep_family_finding(tmp_path: Path) -> None:
    result = {
        "check_id": "semgrep.health-never-fails",
        "path": str(tmp_path / "svc" / "main.py"),
        "start": {"line": 8, "col": 1},
        "end": {"line": 10, "col": 40},
        "extra": {"message": "Health route can never fail", "severity": "WARNING",
                  "metadata": {"status": "fake", "prodready-severity": "medium", "area": "health-monitoring"}},
    }
    finding = semgrep_finding(result, tmp_path)
    assert (finding.rule_id, finding.slug, finding.family, finding.status, finding.severity) == (
        "SG:health-never-fails", "health-never-fails", "semgrep", "fake", Severity.MEDIUM
    )
    assert finding.location == Location("svc/main.py", 8, 10, 1)
    assert finding.message == "Health route can never fail"


def test_missing_semgrep_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "app.py").write_text("x = 1\n")
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--semgrep", "--no-cache", "-j", "1", "-q"])
    assert result.exit_code == 2
    assert result.stderr == "error: --semgrep: semgrep is not installed (install it with `pipx install semgrep`)\n"


@pytest.mark.skipif(shutil.which("semgrep") is None, reason="semgrep is not installed")
def test_shipped_pack_finds_the_fake_health_route(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/health')\ndef health():\n"
        "    return {'status': 'healthy', 'db_connected': True}\n"
    )
    findings = run_semgrep(ScanOptions(root=tmp_path))
    assert [(f.rule_id, f.location.path, f.location.start_line) for f in findings] == [
        ("SG:health-never-fails", "main.py", 6)
    ]


def test_pack_rules_declare_a_prodready_severity_and_status() -> None:
    import yaml

    rules = yaml.safe_load(shipped_pack().read_text())["rules"]
    assert [rule["id"] for rule in rules] == [
        "health-never-fails", "health-body-only-failure", "token-minting-dev-route", "dev-route", "debug-mode-enabled"
    ]
    for rule in rules:
        assert rule["languages"] == ["python"]
        assert Severity.parse(rule["metadata"]["prodready-severity"]) > Severity.NONE
        assert rule["metadata"]["status"] and rule["metadata"]["area"]
