"""The gate through `prodready scan`: config errors, suppressions, baselines and diff scans end to end.

The findings here are the suppression rules' own (PR901/PR902), so these tests need no other family.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from prodready.cli import app

runner = CliRunner()
STALE = "x = 1  # prodready: ignore[PR903] stale\n"
ANNOTATION = re.compile(r"^::\w+ file=(?P<file>[^,]+),line=(?P<line>\d+).*title=(?P<rule>PR\d+) ")


def scan(path: Path, *args: str, select: tuple[str, ...] = ("config",)):
    """`prodready scan` with GitHub annotations, restricted to the rule families a test is about."""
    selection = [arg for family in select for arg in ("--select", family)]
    return runner.invoke(app, ["scan", str(path), "--format", "github", "--no-cache", "-j", "1", *selection, *args])


def reported(result) -> list[tuple[str, str, int]]:
    return [
        (m["rule"], m["file"], int(m["line"]))
        for m in (ANNOTATION.match(line) for line in result.stdout.splitlines())
        if m
    ]


def test_findings_at_fail_on_exit_1_and_exit_zero_exits_0(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(STALE)
    assert scan(tmp_path).exit_code == 0  # PR902 is low; default fail-on is high
    failing = scan(tmp_path, "--fail-on", "low")
    assert failing.exit_code == 1
    assert reported(failing) == [("PR902", "app.py", 1)]
    assert scan(tmp_path, "--fail-on", "low", "--exit-zero").exit_code == 0


def test_fail_on_from_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.prodready]\nfail-on = "low"\nselect = ["config"]\n')
    (tmp_path / "app.py").write_text(STALE)
    result = runner.invoke(app, ["scan", str(tmp_path), "--format", "github", "--no-cache", "-j", "1"])
    assert result.exit_code == 1
    assert reported(result) == [("PR902", "app.py", 1)]


def test_bad_config_exits_2_naming_file_key_and_expectation(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.prodready]\nfail-on = "hgh"\n')
    (tmp_path / "app.py").write_text("x = 1\n")
    result = scan(tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {pyproject}: [tool.prodready] key 'fail-on': expected one of critical, high, medium, low, "
        "info, none, got 'hgh'\n"
    )


def test_unknown_config_key_exits_2(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.prodready]\nexclud = ["x"]\n')
    result = scan(tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {pyproject}: [tool.prodready] unknown key 'exclud' (expected one of: ")
    assert result.stderr.endswith("; did you mean 'exclude'?\n")


def test_ignore_and_per_path_ignores_from_config(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(STALE)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text(STALE)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.prodready]\nfail-on = "low"\nper-path-ignores = { "tests/" = ["unused-suppression"] }\n'
    )
    assert reported(scan(tmp_path)) == [("PR902", "app.py", 1)]
    assert scan(tmp_path, "--ignore", "config").exit_code == 0


def test_baseline_hides_recorded_findings_and_reports_exactly_one_new(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.prodready]\nselect = ["config"]\n')
    app_py = tmp_path / "app.py"
    app_py.write_text(STALE)
    baseline = tmp_path / "baseline.json"
    created = runner.invoke(app, ["baseline", "create", str(tmp_path), "--file", str(baseline), "--no-cache", "-j", "1"])
    assert created.exit_code == 0, created.output
    assert created.stdout == f"created {baseline}: 1 finding(s) recorded; 1 entry, 1 finding(s) in total\n"

    app_py.write_text("import os\n\n\n" + STALE)  # the line shifts down
    assert scan(tmp_path, "--fail-on", "low", "--baseline", str(baseline)).exit_code == 0

    app_py.write_text("import os\n\n\n" + STALE + "\n" + STALE)  # a second identical finding
    result = scan(tmp_path, "--fail-on", "low", "--baseline", str(baseline))
    assert result.exit_code == 1
    assert reported(result) == [("PR902", "app.py", 6)]

    updated = runner.invoke(app, ["baseline", "update", str(tmp_path), "--file", str(baseline), "--no-cache", "-j", "1"])
    assert updated.exit_code == 0
    assert scan(tmp_path, "--fail-on", "low", "--baseline", str(baseline)).exit_code == 0

    app_py.write_text("import os\n")
    pruned = runner.invoke(app, ["baseline", "prune", str(tmp_path), "--file", str(baseline), "--no-cache", "-j", "1"])
    assert pruned.exit_code == 0
    assert pruned.stdout == f"pruned {baseline}: 2 finding(s) removed; 0 entries, 0 finding(s) in total\n"


def test_missing_baseline_exits_2(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n")
    result = scan(tmp_path, "--baseline", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert result.stderr == f"error: --baseline: file not found: {tmp_path / 'nope.json'}\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True,
                   capture_output=True)


def test_diff_base_reports_only_changed_code(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "old.py").write_text(STALE)
    (tmp_path / "app.py").write_text("import os\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    (tmp_path / "app.py").write_text("import os\n" + STALE)
    result = scan(tmp_path, "--fail-on", "low", "--diff-base", "main")
    assert result.exit_code == 1
    assert reported(result) == [("PR902", "app.py", 2)]
    bad = scan(tmp_path, "--diff-base", "no-such-branch")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: --diff-base: git cannot resolve 'no-such-branch' in ")


FAKE_HEALTH = '''from fastapi import FastAPI

app = FastAPI()

{above}
@app.get("/health")
def health():
    return {{"status": "healthy", "db_connected": True}}
'''
REAL_HEALTH = '''from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.get("/health")
def health():
    if not db.ping():
        raise HTTPException(status_code=503, detail="db down")
    return {"status": "healthy", "db_connected": True}
'''


HEALTH = ("health", "config")


def test_inline_suppression_of_a_fake_health_endpoint(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(FAKE_HEALTH.format(above=""))
    assert reported(scan(tmp_path, select=HEALTH)) == [("PR101", "main.py", 6)]
    (tmp_path / "main.py").write_text(FAKE_HEALTH.format(above="# prodready: ignore[health-fake] liveness only, see ADR-7"))
    result = scan(tmp_path, select=HEALTH)
    assert result.exit_code == 0
    assert reported(result) == []


def test_expired_suppression_of_a_fake_health_endpoint_gates_again(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(FAKE_HEALTH.format(above="# prodready: ignore[PR101] until=2020-01-01 migration"))
    result = scan(tmp_path, select=HEALTH)
    assert result.exit_code == 1
    assert sorted(reported(result)) == [("PR101", "main.py", 6), ("PR903", "main.py", 5)]


def test_baseline_of_a_fake_health_endpoint_survives_moves_and_reports_a_new_one(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.prodready]\nselect = ["health", "config"]\n')
    main = tmp_path / "main.py"
    main.write_text(FAKE_HEALTH.format(above=""))
    baseline = tmp_path / "b.json"
    create = ["baseline", "create", str(tmp_path), "--file", str(baseline), "--no-cache"]
    assert runner.invoke(app, create).exit_code == 0
    handler = '@app.get("/health")\ndef health():\n    return {"status": "healthy", "db_connected": True}\n'
    header = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
    main.write_text(header + "def helper():\n    return 1\n\n\n" + handler)  # moved down below a new function
    assert scan(tmp_path, "--baseline", str(baseline), select=HEALTH).exit_code == 0
    second = handler.replace("/health", "/healthz").replace("def health", "def healthz")
    main.write_text(header + handler + "\n\n" + second)  # a second fake handler of the same kind
    result = scan(tmp_path, "--baseline", str(baseline), select=HEALTH)
    assert result.exit_code == 1
    assert reported(result) == [("PR101", "main.py", 11)]


def test_diff_base_keeps_a_fake_status_edited_inside_an_unchanged_handler(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "main.py").write_text(REAL_HEALTH)
    (tmp_path / "legacy.py").write_text(FAKE_HEALTH.format(above="").replace("/health", "/legacy/health"))
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    assert reported(scan(tmp_path, "--diff-base", "main", select=HEALTH)) == []
    (tmp_path / "main.py").write_text(REAL_HEALTH.replace(
        "    if not db.ping():\n        raise HTTPException(status_code=503, detail=\"db down\")\n", ""
    ))  # the failure path is deleted from the body; the decorator and def lines are untouched
    result = scan(tmp_path, "--diff-base", "main", select=HEALTH)
    assert reported(result) == [("PR101", "main.py", 6)]
    assert result.exit_code == 1


def test_unknown_rule_on_the_command_line_exits_2(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n")
    result = scan(tmp_path, select=("PR999",))
    assert result.exit_code == 2
    assert result.stderr == "error: --select: unknown rule, slug or family 'PR999' (see `prodready rules`)\n"
