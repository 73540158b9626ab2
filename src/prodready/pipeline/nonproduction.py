"""Code that never ships: findings in it are lowered to info, and the result says where and why."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Iterable, Mapping

from prodready.model.config import Config
from prodready.model.findings import Finding, NonProductionPath, Severity
from prodready.model.project import ProjectModel
from prodready.rules.base import Rule


def classify(project: ProjectModel, config: Config | None) -> dict[str, tuple[str, str]]:
    """{path: (scope, reason)} for every scanned file that never ships."""
    from prodready.frameworks.entrypoints import NonProduction

    decide = NonProduction(project, config)
    found = {}
    for path in project.files:
        verdict = decide.verdict(path)
        if verdict is not None:
            found[path] = (verdict.scope, verdict.reason)
    return found


def _project_level(finding: Finding) -> bool:
    """Findings about the whole project (located at its first app) stay as they are."""
    rule = Rule.registry.get(finding.rule_id)
    return rule is not None and rule.project_level


def apply_non_production(
    findings: Iterable[Finding], paths: Mapping[str, tuple[str, str]]
) -> tuple[list[Finding], tuple[NonProductionPath, ...]]:
    """Findings above info in non-production paths lowered to info (with the reason in their
    details), and the non-production scopes with how many findings each had lowered."""
    lowered: Counter[tuple[str, str]] = Counter()
    kept = []
    for finding in findings:
        where = paths.get(finding.location.path)
        if where is not None and finding.severity > Severity.INFO and not _project_level(finding):
            scope, reason = where
            lowered[where] += 1
            finding = dataclasses.replace(
                finding, severity=Severity.INFO,
                details=(*finding.details, f"Treated as non-production code, {reason}: reported as info"),
            )
        kept.append(finding)
    scopes = sorted(set(paths.values()))
    return kept, tuple(NonProductionPath(scope, reason, lowered[(scope, reason)]) for scope, reason in scopes)
