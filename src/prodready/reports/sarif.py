"""SARIF 2.1.0 for code-scanning upload: rule help, stable fingerprints, suppressions, 5,000-result cap."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from prodready.model.findings import Confidence, Finding, Location, ScanResult, Severity
from prodready.reports.base import renderer
from prodready.reports.concise import repository_path
from prodready.reports.catalog import registered_rules
from prodready.reports.rule_docs import help_uri
from prodready.reports.statuses import SARIF_LEVELS, is_security, security_severity
from prodready.rules.base import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
MAX_RESULTS = 5000  # GitHub code scanning displays at most this many results per run
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "prodready/v1"
CONFIDENCE_RANKS = {Confidence.HIGH: 90.0, Confidence.MEDIUM: 60.0, Confidence.LOW: 30.0}  # SARIF result.rank


def _message(text: str) -> dict[str, str]:
    return {"text": text or "(no message)"}


def _tags(rule_id: str, family: str) -> list[str]:
    tags = ["production-readiness", family]
    if is_security(family, rule_id):
        tags.append("security")
    return tags


def _help(rule: type[Rule]) -> dict[str, str]:
    """The rule's documentation sections as SARIF help (plain text and Markdown)."""
    doc = rule.doc()
    sections = [
        ("What it finds", doc.what),
        ("Why it matters", doc.why),
        ("Example", doc.example),
        ("Use instead", doc.use_instead),
        ("Fix", doc.fix),
    ]
    present = [(title, body) for title, body in sections if body]
    header = doc.summary or rule.slug
    text = "\n\n".join([header, *(f"{title}:\n{body}" for title, body in present)])
    markdown = "\n\n".join([header, *(f"## {title}\n\n{body}" for title, body in present)])
    if rule.kit_replacement:
        text += f"\n\nReplacement: {rule.kit_replacement}"
        markdown += f"\n\nReplacement: `{rule.kit_replacement}`"
    return {"text": text, "markdown": markdown}


def _rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    doc = rule.doc()
    summary = doc.summary or rule.message or rule.slug
    properties: dict[str, Any] = {
        "family": rule.family, "tags": _tags(rule.id, rule.family), "precision": rule.confidence.label,
    }
    if security_severity(rule.id):
        properties["security-severity"] = security_severity(rule.id)
    if rule.profile != "default":
        properties["profile"] = rule.profile
    if rule.fixable:
        properties["fixable"] = True
        properties["fix-safety"] = rule.fix_safety
    if rule.kit_replacement:
        properties["kit-replacement"] = rule.kit_replacement
    return {
        "id": rule.id,
        "name": rule.slug,
        "shortDescription": {"text": summary.splitlines()[0]},
        "fullDescription": {"text": " ".join((doc.what or summary).split())},
        "help": _help(rule),
        "helpUri": help_uri(rule.id),
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": properties,
    }


def _unregistered_descriptor(finding: Finding) -> dict[str, Any]:
    """A descriptor for a finding whose rule is not registered (from a newer or removed rule)."""
    return {
        "id": finding.rule_id,
        "name": finding.slug,
        "shortDescription": {"text": finding.slug or finding.rule_id},
        "defaultConfiguration": {"level": SARIF_LEVELS[finding.severity]},
        "properties": {"family": finding.family, "tags": _tags(finding.rule_id, finding.family)},
    }


def _artifact(path: str) -> dict[str, str]:
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _physical(location: Location, result: ScanResult) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": max(location.start_line, 1)}
    if location.end_line >= location.start_line:
        region["endLine"] = location.end_line
    if location.start_col >= 1:
        region["startColumn"] = location.start_col
    return {"artifactLocation": _artifact(repository_path(result, location.path)), "region": region}


def _result(finding: Finding, rule_index: int, scan: ScanResult) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": SARIF_LEVELS[finding.severity],
        "message": _message(finding.message),
        "locations": [{"physicalLocation": _physical(finding.location, scan)}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "rank": CONFIDENCE_RANKS[finding.confidence],
        "properties": {
            "status": finding.status, "severity": finding.severity.label, "precision": finding.confidence.label,
        },
    }
    if finding.title:
        result["properties"]["title"] = finding.title
    if finding.symbol:
        result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": finding.symbol}]
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, "physicalLocation": _physical(related, scan), "message": _message(related.message or "related")}
            for number, related in enumerate(finding.related, start=1)
        ]
    if finding.suppression is not None:
        kind = "inSource" if finding.suppression.kind == "inline" else "external"
        suppression: dict[str, str] = {"kind": kind, "status": "accepted"}
        if finding.suppression.justification:
            suppression["justification"] = finding.suppression.justification
        result["suppressions"] = [suppression]
    return result


def _inventory_record(finding: Finding) -> dict[str, Any]:
    return {
        "ruleId": finding.rule_id,
        "status": finding.status,
        "area": finding.area,
        "title": finding.title,
        "location": finding.location.label(),
        "details": list(finding.details),
    }


def _order(finding: Finding) -> tuple:
    loc = finding.location
    return (finding.suppressed, -int(finding.severity), loc.path, loc.start_line, finding.rule_id, finding.fingerprint)


def _root_base(result: ScanResult) -> dict[str, Any]:
    """%SRCROOT% without the scanning machine's path: viewers resolve it to their checkout."""
    if result.provenance.in_repository:
        return {"description": {"text": "The top level of the git repository (artifact URIs are relative to it)."}}
    return {"description": {"text": "The scanned directory (artifact URIs are relative to it)."}}


def sarif_log(result: ScanResult) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    descriptors = [_rule_descriptor(rule) for rule in registered_rules()]
    index = {descriptor["id"]: number for number, descriptor in enumerate(descriptors)}
    reportable = sorted((f for f in result.findings if f.severity is not Severity.NONE), key=_order)
    for finding in reportable:
        if finding.rule_id not in index:
            index[finding.rule_id] = len(descriptors)
            descriptors.append(_unregistered_descriptor(finding))
    kept = reportable[:MAX_RESULTS]
    notifications = [
        {
            "level": "warning",
            "message": _message(f"{warning.kind}: {warning.message}"),
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(repository_path(result, warning.path))}}],
            "descriptor": {"id": warning.kind or "scan-warning"},
        }
        for warning in sorted(result.warnings, key=lambda w: (w.path, w.kind, w.message))
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver: dict[str, Any] = {"name": "prodready", "rules": descriptors}
    if result.tool_version:
        driver["version"] = result.tool_version
        driver["semanticVersion"] = result.tool_version
    run_properties: dict[str, Any] = {
        "filesScanned": result.files_scanned,
        "totalResults": len(reportable),
        # Inventory records (real implementations) are not problems: code scanning would show any
        # result as an alert, whatever its kind, so they travel here instead.
        "inventory": [_inventory_record(f) for f in sorted(result.active, key=_order) if f.severity is Severity.NONE],
    }
    if len(reportable) > MAX_RESULTS:
        run_properties["truncated"] = True
        run_properties["droppedResults"] = len(reportable) - MAX_RESULTS
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "originalUriBaseIds": {SRCROOT: _root_base(result)},
                "results": [_result(finding, index[finding.rule_id], result) for finding in kept],
                "properties": run_properties,
            }
        ],
    }


@renderer("sarif", "sarif", "SARIF 2.1.0 for GitHub code scanning and other SARIF viewers", provenance=True)
def render(result: ScanResult) -> str:
    """The SARIF log as indented JSON."""
    return json.dumps(sarif_log(result), indent=2, ensure_ascii=False) + "\n"
