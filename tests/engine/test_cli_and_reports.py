"""`prodready scan` end to end: exit codes, the terminal report and the JSON report."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import jsonschema
import pytest
from engine_support import PROBE_RULE, report_schema, run_scan, write_tree
from rich.console import Console
from typer.testing import CliRunner

from prodready.cli import app
from prodready.model.findings import Severity, Suppression
from prodready.reports.base import load_renderers
from prodready.reports.terminal import print_result

SERVICE = {
    "svc/main.py": "import os\n\n\ndef handler():\n    return {'status': 'healthy'}  # PROBE\n",
    "svc/util.py": "VALUE = 1  # PROBE-LOW\n",
    "svc/records.py": "INVENTORY = 1  # PROBE-NONE\n",
    "svc/broken.py": "def (:\n",
    "svc/[odd].py": "x = [1\n",
}


def _invoke(*args: str):
    return CliRunner().invoke(app, ["scan", *args, "--no-cache"])


def _probe_records(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["rule_id"] == PROBE_RULE]


def test_exit_codes(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path, SERVICE)
    assert _invoke(str(root)).exit_code == 1
    assert _invoke(str(root), "--fail-on", "critical").exit_code == 0
    assert _invoke(str(root), "--fail-on", "low", "--exit-zero").exit_code == 0
    low_only = write_tree(tmp_path / "low", {"util.py": "VALUE = 1  # PROBE-LOW\n"})
    assert _invoke(str(low_only)).exit_code == 0
    assert _invoke(str(low_only), "--fail-on", "low").exit_code == 1


def test_usage_errors_exit_2(tmp_path: Path, probe: None) -> None:
    write_tree(tmp_path, {"a.py": "x = 1\n"})
    unknown = _invoke(str(tmp_path), "--format", "no-such-format")
    assert unknown.exit_code == 2 and "no-such-format" in unknown.output
    missing = _invoke(str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "does not exist" in missing.output
    assert _invoke(str(tmp_path), "--fail-on", "severe").exit_code == 2


def test_json_report_shape_and_values(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path, SERVICE)
    run = _invoke(str(root), "--format", "json")
    assert run.exit_code == 1
    report = json.loads(run.stdout)
    jsonschema.validate(report, report_schema())
    assert report["schema_version"] == "1.2" and report["tool"]["name"] == "prodready"
    assert report["root"] == str(root)
    main = next(f for f in _probe_records(report) if f["path"] == "svc/main.py")
    assert {k: main[k] for k in ("severity", "status", "start_line", "end_line", "snippet", "suppression")} == {
        "severity": "high", "status": "fake", "start_line": 5, "end_line": 5,
        "snippet": "    return {'status': 'healthy'}  # PROBE", "suppression": None,
    }
    assert main["related"] == [{"path": "svc/main.py", "start_line": 1, "end_line": 1, "message": "file start"}]
    assert len(main["fingerprint"]) == 32
    assert {"path": "svc/broken.py", "kind": "syntax-error", "message": "line 1: invalid syntax"} in report["warnings"]
    summary = report["summary"]
    assert summary["files_scanned"] == 3 and summary["warnings"] == len(report["warnings"])
    assert summary["by_severity"]["high"] >= 1 and summary["by_severity"]["none"] >= 1


def test_json_report_is_deterministic_across_cold_and_warm_scans(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", SERVICE)
    render = load_renderers()["json"].render
    cache = tmp_path / "cache"
    cold = render(run_scan(root, use_cache=True, cache_dir=cache))
    warm = render(run_scan(root, use_cache=True, cache_dir=cache, jobs=1))
    assert cold == warm


def test_json_report_to_a_file(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", SERVICE)
    out = tmp_path / "out" / "report.json"
    run = _invoke(str(root), "--format", "json", "--output", str(out), "--quiet")
    assert run.exit_code == 1 and run.stdout == ""
    assert len(_probe_records(json.loads(out.read_text()))) == 3


def test_terminal_report(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path, SERVICE)
    result = run_scan(root)
    buffer = io.StringIO()
    print_result(result, Severity.HIGH, Console(file=buffer, width=120, color_system=None))
    text = buffer.getvalue()
    assert "svc/main.py" in text and "svc/util.py" in text
    assert f"HIGH {PROBE_RULE} engine-probe [fake]" in text
    assert "probe marker at line 5" in text
    assert "return {'status': 'healthy'}  # PROBE" in text  # the excerpt
    assert "related svc/main.py:1: file start" in text
    assert "svc/records.py" not in text.split("Warnings")[0]  # inventory records are only counted
    assert "syntax-error" in text and "FAIL (1 at or above high)" in text
    assert "svc/[odd].py" in text and "'[' was never closed" in text  # no rich markup in messages
    passing = io.StringIO()
    print_result(result, Severity.CRITICAL, Console(file=passing, width=120, color_system=None))
    assert "pass (nothing at or above critical)" in passing.getvalue()


def test_terminal_counts_suppressed_findings_without_listing_them(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path, {"a.py": "x = 1  # PROBE\n"})
    result = run_scan(root)
    hidden = tuple(
        dataclasses.replace(f, suppression=Suppression("inline", "legacy")) if f.rule_id == PROBE_RULE else f
        for f in result.findings
    )
    text = load_renderers()["terminal"].render(dataclasses.replace(result, findings=hidden))
    assert "probe marker" not in text
    assert "pass (nothing at or above high)" in text
    rows = [line.split("│") for line in text.splitlines() if line.count("│") == 3]
    assert int({row[1].strip(): row[2].strip() for row in rows}["suppressed"]) >= 1


@pytest.mark.parametrize("fmt", ["terminal", "json"])
def test_renderers_are_registered(fmt: str) -> None:
    assert fmt in load_renderers()
