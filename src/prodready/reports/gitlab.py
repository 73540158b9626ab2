"""GitLab Code Quality report (a JSON array of Code Climate issues)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from prodready.model.findings import Finding, ScanResult, Severity
from prodready.reports.base import renderer
from prodready.reports.statuses import GITLAB_SEVERITIES, is_security


def _issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    location = finding.location
    title = f" ({finding.title})" if finding.title else ""
    return {
        "type": "issue",
        "description": f"{finding.rule_id} {finding.slug}: {finding.message}{title}",
        "check_name": finding.rule_id,
        "fingerprint": fingerprint,
        "severity": GITLAB_SEVERITIES[finding.severity],
        "categories": ["Security" if is_security(finding.family, finding.rule_id) else "Bug Risk"],
        "location": {
            "path": location.path,
            "lines": {"begin": location.start_line, "end": max(location.end_line, location.start_line)},
        },
    }


@renderer("gitlab", "json", "GitLab Code Quality JSON")
def render(result: ScanResult) -> str:
    """Active findings at or above info as Code Quality issues, with unique fingerprints."""
    findings = sorted(
        result.at_or_above(Severity.INFO),
        key=lambda f: (-int(f.severity), f.location.path, f.location.start_line, f.rule_id),
    )
    seen: Counter[str] = Counter()
    issues = []
    for finding in findings:
        seen[finding.fingerprint] += 1
        repeat = seen[finding.fingerprint]
        fingerprint = finding.fingerprint
        if repeat > 1:  # identical findings: GitLab drops duplicates, so keep them apart by occurrence
            fingerprint = hashlib.sha256(f"{fingerprint}:{repeat}".encode()).hexdigest()[:32]
        issues.append(_issue(finding, fingerprint))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
