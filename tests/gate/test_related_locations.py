"""A finding's related locations never repeat its own location (evidence of a detail excepted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prodready.model.findings import Location
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.related import drop_repeated_locations
from prodready.pipeline.scan import scan
from tests.conftest import FIXTURES
from tests.gate.conftest import finding

FIXTURE_DIRS = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def test_a_related_location_at_the_findings_own_start_is_dropped() -> None:
    own = finding(path="routes.py", start=12, end=16, related=(
        Location("routes.py", 12, 12, message="gate"), Location("main.py", 4, 4, message="mount")))
    [cleaned] = drop_repeated_locations([own])
    assert cleaned.related == (Location("main.py", 4, 4, message="mount"),)


def test_evidence_of_a_detail_stays() -> None:
    evidence = Location("security.py", 12, 12, message="User context management: `get_current_user`")
    own = finding(path="security.py", start=12, end=17, related=(evidence,))
    own = own.__class__(**{**own.__dict__, "details": ("User context management",)})
    assert drop_repeated_locations([own]) == [own]


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=[p.name for p in FIXTURE_DIRS])
def test_no_fixture_finding_repeats_its_own_location(fixture: Path) -> None:
    result = scan(ScanOptions(root=fixture, use_cache=False, jobs=1, profile="enterprise"))
    for found in result.findings:
        for related in found.related:
            evidence = any(related.message.startswith(f"{d}:") for d in found.details)
            assert evidence or (related.path, related.start_line) != (found.location.path, found.location.start_line), found
