"""The pre-commit hook, run by the real `pre-commit try-repo` (it pip-installs prodready once):
it analyses the whole project but reports, in concise format, and fails only on findings that
touch the staged files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.support import FAKE_HEALTH, git

REPO_ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

CLEAN = '''def add(a: int, b: int) -> int:
    return a + b
'''
FAKE_READINESS = '''from fastapi import FastAPI

status_app = FastAPI()


@status_app.get("/ready")
def ready():
    return {"status": "ready", "redis": True}
'''


def committed_repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    for name, text in files.items():
        (path / name).write_text(text)
    git(path, "init", "-q", "-b", "main")
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", "init")
    return path


def hook_repository(path: Path) -> Path:
    """A committed copy of what the hook installs: packaging files, sources and the hook manifest."""
    path.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO_ROOT / name, path / name)
    for directory in ("src", "semgrep"):
        shutil.copytree(REPO_ROOT / directory, path / directory, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(path, "init", "-q", "-b", "main")
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", "hook")
    return path


def try_repo(hook: Path, project: Path, home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "CI": "1"}
    env.pop("PYTHONPATH", None)  # the hook runs the prodready pre-commit installed, nothing else
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hook), "prodready", *extra],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


def stage(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text)
    git(project, "add", name)


@pytest.mark.slow
def test_pre_commit_hook_fails_on_a_fake_health_endpoint_and_passes_clean_code(tmp_path: Path) -> None:
    hook = hook_repository(tmp_path / "hook")
    home = tmp_path / "pre-commit-home"

    failing = try_repo(hook, committed_repo(tmp_path / "fake", {"main.py": FAKE_HEALTH}), home, "--all-files")
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "prodready" in output and "Failed" in output
    assert "PR101" in output and "main.py" in output

    passing = try_repo(hook, committed_repo(tmp_path / "clean", {"calc.py": CLEAN}), home, "--all-files")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout

    # A project whose committed main.py has a fake /health: staging a clean file passes...
    project = committed_repo(tmp_path / "staged", {"main.py": FAKE_HEALTH})
    stage(project, "calc.py", CLEAN)
    clean_commit = try_repo(hook, project, home)
    assert clean_commit.returncode == 0, clean_commit.stdout + clean_commit.stderr
    assert "Passed" in clean_commit.stdout
    # ...and staging a file with a finding of its own fails on that finding alone, in concise format.
    stage(project, "status.py", FAKE_READINESS)
    bad_commit = try_repo(hook, project, home)
    output = bad_commit.stdout + bad_commit.stderr
    assert bad_commit.returncode == 1, output
    lines = [line for line in bad_commit.stdout.splitlines() if ": PR" in line]
    assert [line.split(" [high] ")[0] for line in lines] == ["status.py:6:1: PR101"], output
    assert "main.py" not in output
    assert "Found 1 finding." in output
