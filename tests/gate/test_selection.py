"""select / ignore / per-path-ignores / severity overrides on findings."""

from __future__ import annotations

from pathlib import Path

from prodready.model.config import Config
from prodready.model.findings import Severity
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.selection import apply_selection


def ids(findings):
    return [(f.rule_id, f.location.path) for f in findings]


def test_select_and_ignore_by_id_slug_and_family(make_finding, make_options) -> None:
    findings = [
        make_finding("PRX01", "a.py", slug="demo-fake"),
        make_finding("PRX02", "a.py", slug="demo-exposed"),
        make_finding("PR901", "a.py", slug="suppression-without-reason", family="config"),
    ]
    assert ids(apply_selection(findings, make_options())) == [("PRX01", "a.py"), ("PRX02", "a.py"), ("PR901", "a.py")]
    assert ids(apply_selection(findings, make_options(select=("demo",)))) == [("PRX01", "a.py"), ("PRX02", "a.py")]
    assert ids(apply_selection(findings, make_options(select=("prx02", "CONFIG")))) == [
        ("PRX02", "a.py"), ("PR901", "a.py")
    ]
    assert ids(apply_selection(findings, make_options(ignore=("demo-fake", "config")))) == [("PRX02", "a.py")]


def test_cli_select_and_ignore_add_to_the_config(make_finding) -> None:
    findings = [make_finding("PRX01", slug="demo-fake"), make_finding("PRX02", slug="demo-exposed")]
    options = ScanOptions(root=Path("."), config=Config(select=("PRX01",)), select=("PRX02",), ignore=("PRX01",))
    assert ids(apply_selection(findings, options)) == [("PRX02", "main.py")]


def test_per_path_ignores_use_gitignore_globs(make_finding, make_options) -> None:
    findings = [
        make_finding(path="tests/api/test_health.py"),
        make_finding(path="src/tests_helpers.py"),
        make_finding(path="main.py"),
        make_finding(path="scripts/seed.py"),
    ]
    options = make_options(per_path_ignores={"tests/": ("demo",), "scripts/*.py": ("PRX01",)})
    assert ids(apply_selection(findings, options)) == [("PRX01", "src/tests_helpers.py"), ("PRX01", "main.py")]


def test_severity_override(make_finding, make_options) -> None:
    findings = [make_finding("PRX01"), make_finding("PRX02", slug="demo-exposed")]
    result = apply_selection(findings, make_options(severity_overrides={"PRX02": Severity.LOW}))
    assert [(f.rule_id, f.severity) for f in result] == [("PRX01", Severity.HIGH), ("PRX02", Severity.LOW)]
