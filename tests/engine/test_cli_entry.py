"""The console entry point (`prodready.cli.main`), which builds only the command a run names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from engine_support import write_tree

COMMANDS = ("baseline", "explain", "fix", "init", "license", "rules", "scan")


def _prodready(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "prodready", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
    )


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = _prodready("--help", cwd=tmp_path)
    assert result.returncode == 0
    listed = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("│ ") and len(line.split()) > 2}
    assert set(COMMANDS) <= listed


def test_scan_validates_formats_and_renders_only_what_was_asked(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "svc", {"app.py": "x = 1\n"})
    unknown = _prodready("scan", str(root), "--no-cache", "--format", "nope", cwd=tmp_path)
    assert unknown.returncode == 2
    message = " ".join(unknown.stderr.replace("│", " ").split())  # rich wraps the error in a box
    assert "unknown format 'nope' (choose from: concise, github, gitlab, html, json, junit, markdown, sarif, terminal)" in message
    written = tmp_path / "report.txt"
    both = _prodready(
        "scan", str(root), "--no-cache", "--exit-zero", "-f", "terminal", "-o", str(written), "-f", "json", cwd=tmp_path,
    )
    assert both.returncode == 0, both.stderr
    report = json.loads(both.stdout)
    assert report["findings"] and {f["path"] for f in report["findings"]} == {"app.py"}
    assert "app.py" in written.read_text()


def test_another_command_runs_through_the_entry_point(tmp_path: Path) -> None:
    result = _prodready("explain", "PR101", cwd=tmp_path)
    assert result.returncode == 0 and "PR101" in result.stdout
