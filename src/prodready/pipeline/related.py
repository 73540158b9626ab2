"""Related locations that only repeat a finding's own location are dropped (the gate on the
route's own decorator line, say); evidence of a detail ("<detail>: <token>") is kept."""

from __future__ import annotations

import dataclasses
from typing import Iterable

from prodready.model.findings import Finding, Location


def repeats_location(finding: Finding, related: Location) -> bool:
    """True when `related` starts where the finding starts and is no detail's evidence."""
    location = finding.location
    if (related.path, related.start_line) != (location.path, location.start_line):
        return False
    return not any(related.message.startswith(f"{detail}:") for detail in finding.details)


def drop_repeated_locations(findings: Iterable[Finding]) -> list[Finding]:
    """Findings without related locations that repeat their own."""
    cleaned = []
    for finding in findings:
        kept = tuple(r for r in finding.related if not repeats_location(finding, r))
        cleaned.append(finding if len(kept) == len(finding.related) else dataclasses.replace(finding, related=kept))
    return cleaned
