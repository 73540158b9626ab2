"""Scans of a real git repository: SARIF URIs from its top level (a subfolder scanned too), the
report header's commit and dirtiness, and nothing of the scanning machine's paths."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from tests.cli.support import FAKE_HEALTH, git

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO_ROOT.parent / "shared/reference/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def repository(root: Path) -> Path:
    """A repository with its service under services/api."""
    service = root / "services" / "api"
    service.mkdir(parents=True)
    (service / "main.py").write_text(FAKE_HEALTH)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "service")
    return service


def scan(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1795771800", **(env or {})}
    return subprocess.run([sys.executable, "-m", "prodready", "scan", *args, "--no-cache", "--exit-zero"], cwd=cwd,
                          env=environment, capture_output=True, text=True, timeout=300)


def uris(log: dict) -> list[str]:
    return [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]


def test_sarif_of_a_subfolder_is_relative_to_the_repository_top_level(tmp_path: Path) -> None:
    service = repository(tmp_path / "repo")
    from_inside = scan(service, ".", "-f", "sarif")
    from_top = scan(tmp_path / "repo", "services/api", "-f", "sarif")
    for completed in (from_inside, from_top):
        log = json.loads(completed.stdout)
        jsonschema.Draft7Validator(SCHEMA).validate(log)
        assert set(uris(log)) == {"services/api/main.py"}
        assert {loc["artifactLocation"]["uriBaseId"] for r in log["runs"][0]["results"]
                for loc in [r["locations"][0]["physicalLocation"]]} == {"%SRCROOT%"}
        assert log["runs"][0]["originalUriBaseIds"] == {
            "%SRCROOT%": {"description": {"text": "The top level of the git repository (artifact URIs are relative to it)."}}
        }
        assert str(tmp_path) not in completed.stdout


def test_sarif_outside_git_is_relative_to_the_scanned_directory(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "main.py").write_text(FAKE_HEALTH)
    completed = scan(tmp_path, "svc", "-f", "sarif", env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    log = json.loads(completed.stdout)
    assert set(uris(log)) == {"main.py"}
    assert "uri" not in log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]
    assert str(tmp_path) not in completed.stdout


def header(markdown: str) -> list[str]:
    return [line for line in markdown.split("## Summary")[0].splitlines() if line.startswith("- **")]


def test_markdown_header_names_the_commit_and_whether_the_tree_was_dirty(tmp_path: Path) -> None:
    service = repository(tmp_path / "repo")
    commit = git(tmp_path / "repo", "rev-parse", "HEAD")
    clean = scan(service, ".", "-f", "markdown", "--fail-on", "medium")
    assert header(clean.stdout) == [
        "- **Scanned**: 2026-11-27 09:30:00 UTC",
        f"- **Commit**: `{commit}` (clean)",
        "- **Tool**: prodready 0.1.0",
        "- **Configuration**: defaults (no [tool.prodready]), profile `default`, fail-on `medium`",
    ]
    (service / "pyproject.toml").write_text('[tool.prodready]\nprofile = "enterprise"\n')
    dirty = scan(service, ".", "-f", "markdown")
    assert header(dirty.stdout)[1:] == [
        f"- **Commit**: `{commit}` (dirty: uncommitted changes under the scanned root)",
        "- **Tool**: prodready 0.1.0",
        "- **Configuration**: `pyproject.toml` [tool.prodready], profile `enterprise`",
    ]


def test_html_header_outside_git(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "main.py").write_text(FAKE_HEALTH)
    html = scan(tmp_path, "svc", "-f", "html", env={"GIT_CEILING_DIRECTORIES": str(tmp_path)}).stdout
    assert '<dt>Commit</dt><dd data-field="commit">not a git repository</dd>' in html
    assert '<dt>Scanned</dt><dd data-field="scanned">2026-11-27 09:30:00 UTC</dd>' in html
