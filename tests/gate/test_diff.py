"""Diff-aware filtering against a real temporary git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from prodready.model.config import ConfigError
from prodready.model.findings import Location
from prodready.pipeline.diff import filter_to_diff, parse_unified_diff

HANDLERS = '''from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health():
    db_ok = True
    return {"status": "healthy", "db_connected": db_ok}


@app.get("/ping")
def ping():
    return {"pong": True}
'''
HEALTH_SPAN = (6, 9)
PING_SPAN = (12, 14)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "main.py").write_text(HANDLERS)
    (tmp_path / "svc" / "other.py").write_text("x = 1\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def kept(findings, root: Path, base: str = "main"):
    return [(f.rule_id, f.location.path, f.location.start_line) for f in filter_to_diff(findings, root, base)]


def test_no_base_keeps_everything(repo: Path, make_finding) -> None:
    findings = [make_finding(start=6, end=9)]
    assert filter_to_diff(findings, repo, None) == findings


def test_edit_inside_an_unchanged_handler_body_counts(repo: Path, make_finding) -> None:
    main = repo / "svc" / "main.py"
    main.write_text(main.read_text().replace("db_ok = True", "db_ok = check_db()"))
    health = make_finding(path="main.py", start=HEALTH_SPAN[0], end=HEALTH_SPAN[1])
    ping = make_finding(path="main.py", start=PING_SPAN[0], end=PING_SPAN[1], symbol="main.ping")
    assert kept([health, ping], repo / "svc") == [("PRX01", "main.py", 6)]


def test_committed_changes_on_a_branch_count(repo: Path, make_finding) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    main = repo / "svc" / "main.py"
    main.write_text(main.read_text().replace('{"pong": True}', '{"pong": False}'))
    git(repo, "commit", "-q", "-am", "change ping")
    health = make_finding(path="main.py", start=HEALTH_SPAN[0], end=HEALTH_SPAN[1])
    ping = make_finding(path="main.py", start=PING_SPAN[0], end=PING_SPAN[1])
    assert kept([health, ping], repo / "svc") == [("PRX01", "main.py", 12)]


def test_untouched_findings_are_filtered(repo: Path, make_finding) -> None:
    (repo / "svc" / "other.py").write_text("x = 2\n")
    assert kept([make_finding(path="main.py", start=6, end=9)], repo / "svc") == []


def test_related_location_in_changed_code_keeps_the_finding(repo: Path, make_finding) -> None:
    (repo / "svc" / "other.py").write_text("x = 2\n")
    finding = make_finding(path="main.py", start=6, end=9, related=(Location("other.py", 1, 1),))
    assert kept([finding], repo / "svc") == [("PRX01", "main.py", 6)]


def test_deleted_lines_touch_the_region(repo: Path, make_finding) -> None:
    main = repo / "svc" / "main.py"
    main.write_text(main.read_text().replace("    db_ok = True\n", ""))
    assert kept([make_finding(path="main.py", start=6, end=8)], repo / "svc") == [("PRX01", "main.py", 6)]


def test_untracked_files_are_wholly_changed(repo: Path, make_finding) -> None:
    (repo / "svc" / "new.py").write_text(HANDLERS)
    assert kept([make_finding(path="new.py", start=12, end=14)], repo / "svc") == [("PRX01", "new.py", 12)]


def test_renamed_file_does_not_resurrect_old_findings(repo: Path, make_finding) -> None:
    git(repo, "mv", "svc/main.py", "svc/app.py")
    app = repo / "svc" / "app.py"
    app.write_text(app.read_text().replace('{"pong": True}', '{"pong": "yes"}'))
    health = make_finding(path="app.py", start=HEALTH_SPAN[0], end=HEALTH_SPAN[1])
    ping = make_finding(path="app.py", start=PING_SPAN[0], end=PING_SPAN[1])
    assert kept([health, ping], repo / "svc") == [("PRX01", "app.py", 12)]


def test_project_level_findings_follow_their_anchor_file(repo: Path, make_finding) -> None:
    tracing = make_finding("PR301", "main.py", 3, slug="capability-tracing", family="capability", symbol="")
    (repo / "svc" / "other.py").write_text("x = 2\n")
    assert kept([tracing], repo / "svc") == []
    main = repo / "svc" / "main.py"
    main.write_text(main.read_text() + "\nVERSION = 2\n")
    assert kept([tracing], repo / "svc") == [("PR301", "main.py", 3)]


def test_unknown_ref_and_non_repository_are_config_errors(repo: Path, tmp_path_factory, make_finding) -> None:
    with pytest.raises(ConfigError, match=r"^--diff-base: git cannot resolve 'nosuchref' in "):
        filter_to_diff([make_finding()], repo, "nosuchref")
    outside = tmp_path_factory.mktemp("plain")
    with pytest.raises(ConfigError, match=r"^--diff-base: .* is not inside a git repository$"):
        filter_to_diff([make_finding()], outside, "main")


def test_parse_unified_diff() -> None:
    diff = (
        "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -3 +3 @@\n-x\n+y\n@@ -10,2 +9,0 @@\n-p\n-q\n"
        "diff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-z\n"
        "diff --git a/b.py b/b.py\n--- a/b.py\n+++ b/b.py\n@@ -1,0 +2,3 @@\n+1\n+2\n+3\n"
    )
    assert parse_unified_diff(diff) == {"a.py": frozenset({3, 9, 10}), "b.py": frozenset({2, 3, 4})}


def test_paths_with_spaces_and_quotes_in_git_headers_are_read_exactly() -> None:
    from prodready.pipeline.diff import parse_unified_diff

    diff = (
        "diff --git a/my pkg/main.py b/my pkg/main.py\n"
        "--- a/my pkg/main.py\t\n"
        "+++ b/my pkg/main.py\t\n"
        "@@ -3,0 +4,2 @@\n"
        '+++ "b/caf\\303\\251 \\"x\\".py"\n'
        "@@ -1 +1 @@\n"
    )
    assert parse_unified_diff(diff) == {"my pkg/main.py": frozenset({4, 5}), 'café "x".py': frozenset({1})}
