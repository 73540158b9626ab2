"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding."""

from __future__ import annotations

from prodready.model.findings import Finding, ScanResult, Severity
from prodready.reports.base import renderer
from prodready.reports.concise import repository_path
from prodready.reports.statuses import GITHUB_COMMANDS


def escape_data(text: str) -> str:
    """Escape a command's message: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value: as data, plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str | None = None) -> str:
    """The workflow command for one finding (`path`: the file as the workspace names it)."""
    location = finding.location
    properties = [("file", path or location.path), ("line", str(location.start_line))]
    if location.end_line > location.start_line:
        properties.append(("endLine", str(location.end_line)))
    elif location.start_col > 1:
        properties.append(("col", str(location.start_col)))
    properties.append(("title", f"{finding.rule_id} {finding.slug}"))
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = finding.message + (f" ({finding.title})" if finding.title else "")
    return f"::{GITHUB_COMMANDS[finding.severity]} {props}::{escape_data(message)}"


@renderer("github", "txt", "GitHub Actions annotations (workflow commands)", provenance=True)
def render(result: ScanResult) -> str:
    """One annotation per active finding at or above info, most severe first."""
    findings = sorted(
        result.at_or_above(Severity.INFO),
        key=lambda f: (-int(f.severity), f.location.path, f.location.start_line, f.rule_id),
    )
    return "".join(annotation(f, repository_path(result, f.location.path)) + "\n" for f in findings)
