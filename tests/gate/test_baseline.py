"""Baselines keyed by rule, path, symbol and title with counts: churn-proof, and never hiding new findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prodready.model.config import ConfigError
from prodready.model.findings import Severity, Suppression
from prodready.pipeline.baseline import (
    apply_baseline,
    count_keys,
    load_baseline,
    pruned_counts,
    snippet_digest,
    updated_counts,
    write_baseline,
)

HANDLER = '@app.get("/health")\ndef health():\n    return {"status": "healthy", "db": True}'


def record(path: Path, findings) -> Path:
    write_baseline(path, count_keys(findings), findings, "prodready test")
    return path


def active(findings):
    return [(f.rule_id, f.location.path, f.location.start_line) for f in findings if f.suppression is None]


def test_file_format(tmp_path: Path, make_finding) -> None:
    file = record(tmp_path / "b.json", [make_finding(start=10, snippet=HANDLER), make_finding(start=30, snippet=HANDLER)])
    assert json.loads(file.read_text()) == {
        "version": 1,
        "generator": "prodready test",
        "entries": [
            {"rule": "PRX01", "path": "main.py", "symbol": "main.health", "snippet": snippet_digest(HANDLER),
             "count": 2, "message": "demo-fake finding"},
        ],
    }


def test_recorded_findings_are_suppressed_as_baseline(tmp_path: Path, make_finding) -> None:
    file = record(tmp_path / "b.json", [make_finding(start=10)])
    result = apply_baseline([make_finding(start=10)], file)
    assert result[0].suppression == Suppression("baseline", "recorded in b.json")


def test_survives_shifted_lines_and_a_moved_function(tmp_path: Path, make_finding) -> None:
    file = record(tmp_path / "b.json", [make_finding(start=10, end=12, snippet=HANDLER)])
    shifted = make_finding(start=57, end=59, snippet=HANDLER)  # lines added above / function moved down
    reindented = make_finding(start=80, end=82, snippet=HANDLER.replace("    ", "        "))
    assert active(apply_baseline([shifted], file)) == []
    assert active(apply_baseline([reindented], file)) == []


def test_edited_code_is_new(tmp_path: Path, make_finding) -> None:
    file = record(tmp_path / "b.json", [make_finding(start=10, end=12, snippet=HANDLER)])
    edited = make_finding(start=10, end=12, snippet=HANDLER.replace('"healthy"', '"ok"'))
    assert active(apply_baseline([edited], file)) == [("PRX01", "main.py", 10)]


def test_second_identical_finding_is_new(tmp_path: Path, make_finding) -> None:
    file = record(tmp_path / "b.json", [make_finding(start=10, symbol="")])
    result = apply_baseline([make_finding(start=10, symbol=""), make_finding(start=20, symbol="")], file)
    assert active(result) == [("PRX01", "main.py", 20)]


def test_renamed_function_or_file_is_new(tmp_path: Path, make_finding) -> None:
    file = record(tmp_path / "b.json", [make_finding(symbol="main.health")])
    result = apply_baseline([make_finding(symbol="main.healthz"), make_finding(path="app.py")], file)
    assert active(result) == [("PRX01", "main.py", 10), ("PRX01", "app.py", 10)]


def test_other_rule_same_place_is_new(tmp_path: Path, make_finding) -> None:
    file = record(tmp_path / "b.json", [make_finding("PRX01")])
    assert active(apply_baseline([make_finding("PRX02", slug="demo-exposed")], file)) == [("PRX02", "main.py", 10)]


def test_suppressed_and_inventory_findings_are_not_recorded(make_finding) -> None:
    from dataclasses import replace

    inline = replace(make_finding(start=1), suppression=Suppression("inline", "r"))
    inventory = make_finding(start=2, severity=Severity.NONE)
    assert sum(count_keys([inline, inventory, make_finding(start=3)]).values()) == 1


def test_update_adds_and_prune_removes(make_finding) -> None:
    EMPTY = snippet_digest("")
    old = count_keys([make_finding(symbol="a"), make_finding(symbol="b")])
    current = count_keys([make_finding(symbol="b"), make_finding(symbol="b"), make_finding(symbol="c")])
    assert dict(updated_counts(old, current)) == {
        ("PRX01", "main.py", "a", EMPTY): 1, ("PRX01", "main.py", "b", EMPTY): 2, ("PRX01", "main.py", "c", EMPTY): 1,
    }
    assert dict(pruned_counts(old, current)) == {("PRX01", "main.py", "b", EMPTY): 1}


def test_missing_or_malformed_baseline_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^--baseline: file not found: .*nope\.json$"):
        load_baseline(tmp_path / "nope.json")
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(ConfigError, match=r"is not a prodready baseline \(version 1\)$"):
        load_baseline(tmp_path / "bad.json")
