"""JUnit XML: one test case per rule, one failure per active finding of that rule."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from prodready.model.findings import Finding, ScanResult, Severity
from prodready.reports.base import renderer
from prodready.reports.catalog import registered_rules


def _failure_text(finding: Finding) -> str:
    lines = [f"{finding.location.label()}: {finding.message}"]
    if finding.title:
        lines.append(f"component: {finding.title}")
    lines += [f"- {detail}" for detail in finding.details]
    lines += [f"related: {r.label()}" + (f" ({r.message})" if r.message else "") for r in finding.related]
    return "\n".join(lines)


@renderer("junit", "xml", "JUnit XML: a test case per rule, a failure per finding")
def render(result: ScanResult) -> str:
    """The JUnit report as an XML document."""
    failing: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.at_or_above(Severity.INFO):
        failing[finding.rule_id].append(finding)
    inventory: dict[str, list[Finding]] = defaultdict(list)  # real implementations: reported, never failing
    for finding in result.active:
        if finding.severity is Severity.NONE:
            inventory[finding.rule_id].append(finding)
    cases = [(rule.id, rule.slug, rule.family) for rule in registered_rules()]
    known = {rule_id for rule_id, _, _ in cases}
    for finding in sorted(result.findings, key=lambda f: f.rule_id):
        if finding.rule_id not in known:
            cases.append((finding.rule_id, finding.slug, finding.family))
            known.add(finding.rule_id)

    failed_cases = str(sum(1 for rule_id, _, _ in cases if failing.get(rule_id)))
    suites = ET.Element("testsuites", name="prodready", tests=str(len(cases)), failures=failed_cases)
    suite = ET.SubElement(
        suites, "testsuite", name="prodready", tests=str(len(cases)), failures=failed_cases,
        errors="0", skipped="0",
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (("root", result.root), ("files_scanned", str(result.files_scanned)),
                        ("tool_version", result.tool_version), ("warnings", str(len(result.warnings)))):
        ET.SubElement(properties, "property", name=name, value=value)
    for rule_id, slug, family in cases:
        case = ET.SubElement(suite, "testcase", classname=family, name=f"{rule_id} {slug}")
        findings = sorted(failing.get(rule_id, []), key=lambda f: (f.location.path, f.location.start_line))
        for finding in findings:
            failure = ET.SubElement(
                case, "failure", message=f"{finding.location.label()}: {finding.message}",
                type=finding.severity.label,
            )
            failure.text = _failure_text(finding)
        records = sorted(inventory.get(rule_id, []), key=lambda f: (f.location.path, f.location.start_line))
        if records:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(
                f"{f.location.label()}: {f.title or f.symbol} ({f.status}" + (f", {f.area})" if f.area else ")")
                for f in records
            )
    if result.warnings:
        err = ET.SubElement(suite, "system-err")
        err.text = "\n".join(f"{w.path}: {w.kind}: {w.message}" for w in result.warnings)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
