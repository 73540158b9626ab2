"""JSON report: the versioned schema documented field by field in docs/json-schema.md."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from prodready.model.findings import Finding, Location, ScanResult, ScanWarning, Severity
from prodready.reports.base import renderer

SCHEMA_VERSION = "1.2"
TOOL_NAME = "prodready"


def _related(location: Location) -> dict[str, Any]:
    return {
        "path": location.path,
        "start_line": location.start_line,
        "end_line": location.end_line,
        "message": location.message,
    }


def finding_record(finding: Finding) -> dict[str, Any]:
    """One finding as a JSON object."""
    location = finding.location
    suppression = finding.suppression
    return {
        "rule_id": finding.rule_id,
        "slug": finding.slug,
        "family": finding.family,
        "status": finding.status,
        "severity": finding.severity.label,
        "confidence": finding.confidence.label,
        "message": finding.message,
        "path": location.path,
        "start_line": location.start_line,
        "end_line": location.end_line,
        "start_col": location.start_col,
        "end_col": location.end_col,
        "symbol": finding.symbol,
        "area": finding.area,
        "title": finding.title,
        "details": list(finding.details),
        "snippet": finding.snippet,
        "related": [_related(r) for r in finding.related],
        "fingerprint": finding.fingerprint,
        "suppression": None if suppression is None else {
            "kind": suppression.kind, "justification": suppression.justification,
        },
        "facts": dict(finding.extra),
    }


def _warning(warning: ScanWarning) -> dict[str, str]:
    return {"path": warning.path, "kind": warning.kind, "message": warning.message}


def summary(result: ScanResult) -> dict[str, Any]:
    """Counts over the findings; severity and status counts are of active findings only."""
    active = result.active
    by_severity = Counter(f.severity.label for f in active)
    by_status = Counter(f.status for f in active)
    return {
        "files_scanned": result.files_scanned,
        "findings": len(result.findings),
        "active": len(active),
        "suppressed": len(result.findings) - len(active),
        "warnings": len(result.warnings),
        "by_severity": {s.label: by_severity.get(s.label, 0) for s in sorted(Severity, reverse=True)},
        "by_status": dict(sorted(by_status.items())),
    }


def report(result: ScanResult) -> dict[str, Any]:
    """The whole report as plain JSON-able data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": result.tool_version},
        "root": result.root,
        "summary": summary(result),
        "findings": [finding_record(f) for f in result.findings],
        "warnings": [_warning(w) for w in result.warnings],
        "non_production": [{"path": n.path, "reason": n.reason, "findings": n.findings} for n in result.non_production],
    }


@renderer("json", "json", "JSON report with a versioned, documented schema (docs/json-schema.md).")
def render(result: ScanResult) -> str:
    """The report as indented JSON; the same result always gives the same text."""
    return json.dumps(report(result), indent=2, ensure_ascii=False) + "\n"
