"""The pipeline's own work: project model, snippets, ordering, manifests, single files."""

from __future__ import annotations

import ast
from pathlib import Path

from engine_support import PROBE_RULE, probe_hits, run_scan, write_tree

import prodready
from prodready.model.findings import Severity


def test_findings_are_sorted_and_carry_snippets(tmp_path: Path, probe: None) -> None:
    write_tree(tmp_path, {
        "b.py": "first = 1\nsecond = 2  # PROBE\n",
        "a/z.py": "x = 1  # PROBE-MEDIUM\n# PROBE-LOW\n",
        "a.py": "y = 2\n\n\nz = 3  # PROBE-CRITICAL\n",
    })
    result = run_scan(tmp_path)
    assert probe_hits(result) == [("a.py", 4), ("a/z.py", 1), ("a/z.py", 2), ("b.py", 2)]
    snippets = {(f.location.path, f.location.start_line): f.snippet for f in result.findings if f.rule_id == PROBE_RULE}
    assert snippets[("b.py", 2)] == "second = 2  # PROBE"
    assert snippets[("a.py", 4)] == "z = 3  # PROBE-CRITICAL"
    by_path = {f.location.path: f.severity for f in result.findings if f.rule_id == PROBE_RULE}
    assert by_path["a.py"] is Severity.CRITICAL


def test_snippet_lines_are_numbered_as_python_numbers_them(tmp_path: Path, probe: None) -> None:
    text = "x = 1\n\x0c\nlabel = 'a\u2028b'; y = 2  # PROBE\r\nz = 3\n"
    assert ast.parse(text).body[1].lineno == 3
    write_tree(tmp_path, {"feed.py": text})
    (finding,) = [f for f in run_scan(tmp_path).findings if f.rule_id == PROBE_RULE]
    assert (finding.location.start_line, finding.snippet) == (3, "label = 'a\u2028b'; y = 2  # PROBE")


def test_long_snippets_are_capped_at_forty_lines(tmp_path: Path, probe: None) -> None:
    body = "".join(f"line_{i} = {i}\n" for i in range(2, 101))
    write_tree(tmp_path, {"long.py": "# PROBE span=100\n" + body})
    (finding,) = [f for f in run_scan(tmp_path).findings if f.rule_id == PROBE_RULE]
    assert (finding.location.start_line, finding.location.end_line) == (1, 100)
    lines = finding.snippet.splitlines()
    assert len(lines) == 40 and lines[0] == "# PROBE span=100" and lines[-1] == "line_40 = 40"


def test_result_metadata(tmp_path: Path, probe: None) -> None:
    write_tree(tmp_path, {"svc/app.py": "x = 1  # PROBE\n", "svc/__init__.py": "", "broken.py": "def (:\n"})
    result = run_scan(tmp_path)
    assert result.root == str(tmp_path)
    assert result.tool_version == prodready.__version__
    assert result.files_scanned == 2
    assert dict(result.stats)["files"] == 3
    assert result.areas and result.areas[0].id == "health-monitoring"


def test_project_model_holds_files_facts_and_manifests(tmp_path: Path, probe: None) -> None:
    from prodready.rules.base import RuleFamily

    seen = {}

    class Spy:
        def check(self, project, config):
            seen["project"] = project
            return []

    write_tree(tmp_path, {
        "src/shop/__init__.py": "", "src/shop/orders.py": "# PROBE\n",
        "pyproject.toml": "[project]\nname = 'shop'\n", "requirements-dev.txt": "pytest\n",
    })
    RuleFamily.registry["engine-spy"] = Spy()
    try:
        run_scan(tmp_path)
    finally:
        RuleFamily.registry.pop("engine-spy")
    project = seen["project"]
    assert {p: (i.module, i.is_package) for p, i in project.files.items()} == {
        "src/shop/__init__.py": ("shop", True), "src/shop/orders.py": ("shop.orders", False),
    }
    assert project.facts_of("engine-probe") == {"src/shop/orders.py": ((1, 1, "HIGH"),)}
    assert project.manifests == {"pyproject.toml": "[project]\nname = 'shop'\n", "requirements-dev.txt": "pytest\n"}
    assert project.root == tmp_path


def test_progress_bar_does_not_change_the_result(tmp_path: Path, probe: None) -> None:
    write_tree(tmp_path, {f"m{i}.py": "x = 1  # PROBE\n" for i in range(3)})
    assert run_scan(tmp_path, progress=True).findings == run_scan(tmp_path).findings


def test_a_single_file_can_be_scanned(tmp_path: Path, probe: None) -> None:
    write_tree(tmp_path, {"svc/main.py": "x = 1  # PROBE\n", "svc/other.py": "# PROBE\n"})
    result = run_scan(tmp_path / "svc" / "main.py")
    assert probe_hits(result) == [("main.py", 1)]
    assert result.root == str(tmp_path / "svc")


def test_gate_stages_run_in_order_with_their_arguments(tmp_path: Path, probe: None, monkeypatch) -> None:
    import dataclasses
    from datetime import date

    from prodready.model.findings import Finding, Location, Suppression
    from prodready.pipeline import baseline, diff, selection, suppressions

    calls: list[str] = []
    write_tree(tmp_path, {"a.py": "x = 1  # PROBE\n# prodready: ignore[PRT01]\n"})
    baseline_file = tmp_path / "baseline.json"

    def select(findings, options):
        calls.append("selection")
        assert options.root == tmp_path and all(f.snippet for f in findings)
        return list(findings)

    def suppress(findings, project, options, today):
        calls.append("suppressions")
        assert today == date.today() and "a.py" in project.files
        added = Finding("PR901", "suppression-without-reason", "config", "invalid", Severity.LOW,
                        "no reason", Location("a.py", 2, 2))
        return [*findings, added]

    def apply_baseline(findings, path):
        calls.append("baseline")
        assert path == baseline_file
        assert {f.rule_id: f.snippet for f in findings}["PR901"] == "# prodready: ignore[PRT01]"
        return [dataclasses.replace(f, suppression=Suppression("baseline")) if f.rule_id == "PR901" else f
                for f in findings]

    def filter_to_diff(findings, root, base):
        calls.append("diff")
        assert (root, base) == (tmp_path, "HEAD~1")
        return list(findings)

    monkeypatch.setattr(selection, "apply_selection", select)
    monkeypatch.setattr(suppressions, "apply_suppressions", suppress)
    monkeypatch.setattr(baseline, "apply_baseline", apply_baseline)
    monkeypatch.setattr(diff, "filter_to_diff", filter_to_diff)
    result = run_scan(tmp_path, baseline=baseline_file, diff_base="HEAD~1")
    assert calls == ["selection", "suppressions", "baseline", "diff"]
    assert [(f.rule_id, f.suppressed) for f in result.findings if f.rule_id in (PROBE_RULE, "PR901")] == [
        (PROBE_RULE, False), ("PR901", True),
    ]
