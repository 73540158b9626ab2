"""Bad files become warnings and the scan goes on with the rest, serially and in the pool."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from engine_support import probe_hits, run_scan, warning_kinds, write_tree

from prodready.engine import runner

BAD_FILES: dict[str, str | bytes] = {
    "broken_syntax.py": "def broken(:\n    pass\n",
    "latin1_bytes.py": b"name = 'caf\xe9'\n",
    "deep.py": "x = " + "(" * 10_000 + ")" * 10_000 + "\n",
    "nulls.py": b"x = 1\x00\n",
}
EXPECTED_WARNINGS = {
    "broken_syntax.py": "syntax-error",
    "latin1_bytes.py": "encoding",
    "deep.py": "too-deep",
    "nulls.py": "null-bytes",
    "loop": "symlink-loop",
    "unreadable.py": "unreadable",
}


def _bad_tree(root: Path, good_files: int) -> Path:
    write_tree(root, BAD_FILES)
    write_tree(root, {f"pkg/good_{i:02d}.py": f"value = {i}  # PROBE\n" for i in range(good_files)})
    (root / "loop").symlink_to(root, target_is_directory=True)
    os.symlink("missing_target.py", root / "unreadable.py")
    (root / "package.py").mkdir()  # a directory, whatever its name: walked, not read
    (root / "package.py" / "inner.py").write_text("PROBE = 1\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_bad_file_is_a_warning_and_the_rest_is_scanned(tmp_path: Path, probe: None, jobs: int) -> None:
    good = runner.SERIAL_BELOW + 5 if jobs > 1 else 3  # enough files for the process pool
    root = _bad_tree(tmp_path, good)
    result = run_scan(root, jobs=jobs)
    kinds = warning_kinds(result)
    assert {path: kinds.get(path) for path in EXPECTED_WARNINGS} == EXPECTED_WARNINGS
    expected_hits = [(f"pkg/good_{i:02d}.py", 1) for i in range(good)] + [("package.py/inner.py", 1)]
    assert sorted(probe_hits(result)) == sorted(expected_hits)
    assert result.files_scanned == good + 1
    stats = dict(result.stats)
    assert stats["files"] == good + 1 + 5  # the symlink loop is not a file
    assert stats["workers"] == jobs


def test_too_large_file_is_skipped_with_a_warning(tmp_path: Path, probe: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from prodready.engine import parsing

    monkeypatch.setattr(parsing, "MAX_FILE_BYTES", 1024)
    write_tree(tmp_path, {"huge.py": "# PROBE\n" + "x = 1\n" * 400, "small.py": "# PROBE\n"})
    result = run_scan(tmp_path)
    assert warning_kinds(result) == {"huge.py": "too-large"}
    assert probe_hits(result) == [("small.py", 1)]


def test_a_failing_collector_keeps_the_other_collectors_facts(tmp_path: Path, probe: None) -> None:
    write_tree(tmp_path, {"a.py": "BOOM = 1  # PROBE\n", "b.py": "x = 1  # PROBE\n"})
    result = run_scan(tmp_path)
    assert probe_hits(result) == [("a.py", 1), ("b.py", 1)]
    boom = [w for w in result.warnings if w.kind == "collector-error"]
    assert [(w.path, "'engine-boom'" in w.message, "collector exploded" in w.message) for w in boom] == [
        ("a.py", True, True)
    ]


def test_a_failing_rule_family_is_a_warning(tmp_path: Path, probe: None, broken_family: None) -> None:
    write_tree(tmp_path, {"a.py": "x = 1  # PROBE\n"})
    result = run_scan(tmp_path)
    assert probe_hits(result) == [("a.py", 1)]
    failures = [w for w in result.warnings if w.kind == "rule-error"]
    assert len(failures) == 1 and "engine-broken" in failures[0].message and failures[0].path == "."


def test_route_linking_failure_is_a_warning(tmp_path: Path, probe: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import prodready.frameworks.linking as linking

    def explode(project: object, config: object = None) -> None:
        raise KeyError("router")

    monkeypatch.setattr(linking, "link_routes", explode)
    write_tree(tmp_path, {"a.py": "x = 1  # PROBE\n"})
    result = run_scan(tmp_path)
    assert probe_hits(result) == [("a.py", 1)]
    assert [w.message for w in result.warnings if w.kind == "rule-error"] == ["route linking failed: KeyError: 'router'"]


class _UnpicklableCollector:
    """Returns a lambda for files that mention LAMBDA: facts that cannot cross a process boundary."""

    def collect(self, source, earlier):
        return (lambda: 1) if "LAMBDA" in source.text else None


def test_unpicklable_facts_fall_back_to_in_process_analysis(tmp_path: Path, probe: None) -> None:
    from prodready.model.collector import Collector

    count = runner.SERIAL_BELOW + 2
    write_tree(tmp_path / "p", {f"m_{i:02d}.py": f"x = {i}  # PROBE\n" for i in range(count)})
    write_tree(tmp_path / "p", {"m_05.py": "LAMBDA = 1  # PROBE\n"})
    Collector.registry["engine-unpicklable"] = _UnpicklableCollector()
    try:
        result = run_scan(tmp_path / "p", jobs=2, use_cache=True, cache_dir=tmp_path / "cache")
        for scan in (tmp_path / "cache").rglob("*.scan"):  # the per-file entries are under test
            scan.unlink()
        rescan = run_scan(tmp_path / "p", jobs=2, use_cache=True, cache_dir=tmp_path / "cache")
    finally:
        Collector.registry.pop("engine-unpicklable")
    assert dict(result.stats)["workers"] == 2
    assert len(probe_hits(result)) == count and not result.warnings
    counters = {k: v for k, v in rescan.stats if k in ("parsed", "cache_hits")}
    assert counters == {"parsed": 1, "cache_hits": count - 1}
