"""Concise report: one `path:line:col: ID [severity] message` line per finding, as ruff and
semgrep print them (editors and CI logs make them clickable), then a count.

Paths are relative to the current directory when the scanned root is inside it (so
`prodready scan services/api` prints `services/api/main.py:...`), else absolute.
"""

from __future__ import annotations

import os
from pathlib import Path

from prodready.model.findings import Finding, ScanResult, Severity
from prodready.reports.base import renderer


def listed(result: ScanResult) -> list[Finding]:
    """The findings shown one by one: active and not inventory-only."""
    return [f for f in result.active if f.severity is not Severity.NONE]


def display_path(root: str, path: str, cwd: str | None = None) -> str:
    """`path` (relative to `root`) as seen from `cwd` (default: the current directory)."""
    full = Path(root) / path
    base = Path(cwd or os.getcwd())
    try:
        return full.relative_to(base).as_posix()
    except ValueError:
        return full.as_posix()


def repository_path(result: ScanResult, path: str) -> str:
    """A root-relative path made relative to the git repository's top level (when the scan
    knows it): what GitHub code scanning and annotations resolve against the checkout."""
    prefix = result.provenance.repository_prefix
    if not prefix:
        return path
    return prefix if path in ("", ".") else f"{prefix}/{path}"


def concise_line(finding: Finding, path: str) -> str:
    """`path:line:col: ID [severity] message` on one line."""
    location = finding.location
    message = " ".join(finding.message.split()) or finding.slug
    column = max(location.start_col, 1)
    return f"{path}:{max(location.start_line, 1)}:{column}: {finding.rule_id} [{finding.severity.label}] {message}"


def _count(number: int) -> str:
    return f"Found {number} finding{'' if number == 1 else 's'}." if number else "No findings."


@renderer("concise", "txt", "One path:line:col: ID [severity] message line per finding")
def render(result: ScanResult) -> str:
    """Active findings above inventory level, in path and line order, then their count."""
    shown = listed(result)
    lines = [concise_line(f, display_path(result.root, f.location.path)) for f in shown]
    return "".join(line + "\n" for line in lines) + _count(len(shown)) + "\n"
