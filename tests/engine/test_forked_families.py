"""Rule families run in a forked child on a large project give the findings they give in-process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from prodready.pipeline import families
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child is forked on Linux only")


def _scan_fixtures() -> tuple:
    result = scan(ScanOptions(root=str(FIXTURES), use_cache=False))
    return result.findings, result.warnings, result.stats


def test_the_inventory_family_forked_aside_gives_the_same_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    in_process = _scan_fixtures()
    monkeypatch.setattr(families, "ASIDE_FROM_FILES", 0)
    children = []
    fork = families._forked
    monkeypatch.setattr(families, "_forked", lambda compute: children.append(1) or fork(compute))
    forked = _scan_fixtures()
    assert children == [1]
    assert any(f.family == "inventory" for f in forked[0])
    assert forked == in_process


def test_a_child_that_fails_leaves_its_families_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    in_process = _scan_fixtures()
    monkeypatch.setattr(families, "ASIDE_FROM_FILES", 0)

    parent, run = os.getpid(), families.run_families

    def dies_in_the_child(*args: object) -> families.FamilyOutcome:
        if os.getpid() != parent:
            raise MemoryError("the child ran out of memory")
        return run(*args)

    monkeypatch.setattr(families, "run_families", dies_in_the_child)
    assert _scan_fixtures() == in_process
