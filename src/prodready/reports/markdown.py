"""Markdown report in the structure of the reference enterprise-features scan report."""

from __future__ import annotations

import textwrap

from prodready.model.findings import ScanResult
from prodready.model.positions import source_lines
from prodready.reports.base import renderer
from prodready.reports.outline import Detail, Item, Outline, Section, build_outline

MAX_EXCERPT_LINES = 16  # longer excerpts are cut, as the reference cuts its route excerpt


def _language(path: str) -> str:
    """The code fence's language for an excerpt of `path` (Python unless a deployment file)."""
    name = path.rsplit("/", 1)[-1]
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if "dockerfile" in name.lower() or name == "Containerfile":
        return "dockerfile"
    return "text" if name.startswith("Procfile") else "python"


def _code_block(snippet: str, language: str = "python") -> list[str]:
    lines = source_lines(textwrap.dedent(snippet.expandtabs(4)).strip("\n"))
    if len(lines) > MAX_EXCERPT_LINES:
        hidden = len(lines) - MAX_EXCERPT_LINES
        kept = lines[:MAX_EXCERPT_LINES]
        last = next((line for line in reversed(kept) if line.strip()), "")
        indent = last[: len(last) - len(last.lstrip())]
        lines = [*kept, f"{indent}# ... {hidden} more line{'s' if hidden != 1 else ''}"]
    code = "\n".join(lines)
    fence = "````" if "```" in code else "```"
    return [f"{fence}{language}", code, fence]


def _detail_line(item: Item, detail: Detail) -> str:
    """`- Redis Sentinel integration (`Sentinel` at line 154)`."""
    where = "; ".join(f"`{e.token}` at {e.where(item.finding.location.path)}" for e in detail.evidence)
    return f"- {detail.text} ({where})" if where else f"- {detail.text}"


def _item_lines(item: Item, level: int) -> list[str]:
    finding = item.finding
    lines = [
        f"{'#' * level} {item.heading}",
        f"**Location**: `{finding.location.label()}`",
        f"**Status**: {item.status}",
    ]
    if item.category.id in ("real", "missing"):
        lines += [_detail_line(item, detail) for detail in item.details]
    else:
        lines.append(f"**Rule**: `{finding.rule_id}` {finding.slug} (severity {finding.severity.label}, "
                     f"confidence {finding.confidence.label})")
        if finding.snippet.strip():
            lines += _code_block(finding.snippet, _language(finding.location.path))
        lines.append(f"**Issue**: {finding.message}")
    for link in item.related:
        note = f" - {link.location.message}" if link.location.message else ""
        lines.append(f"**Related**: `{link.location.label()}`{note}")
    return lines + [""]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _wiring_lines(section: Section) -> list[str]:
    """The probes of the section and what each calls, as a table."""
    if not section.wiring:
        return []
    lines = ["", "| Probe | Declared at | Request | Calls | Handler class |", "|---|---|---|---|---|"]
    for row in section.wiring:
        cells = (row.probe, f"`{row.location.label()}`", row.request, row.calls, row.status or "-")
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _section_lines(section: Section, level: int) -> list[str]:
    title = f"{section.number}. {section.area.title}" if section.number else section.area.title
    lines = [f"{'#' * level} {title}", *_wiring_lines(section)]
    if section.not_checked:
        lines += [f"**Status**: Not checked (profile) - {section.not_checked_text}", ""]
    elif section.not_found:
        lines.append(f"**Status**: Not found - {section.not_found_text}")
        for item in section.missing:
            lines += [_detail_line(item, detail) for detail in item.details]
        lines.append("")
    else:
        lines.append("")
        if not section.items and not section.missing and section.suppressed:
            lines += [f"{_plural(section.suppressed, 'suppressed finding')} (see Suppressed Findings).", ""]
        for item in (*section.items, *section.missing):
            lines += _item_lines(item, level + 1)
    for child in section.children:
        lines += _section_lines(child, level + 1)
    return lines


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _header_lines(outline: Outline) -> list[str]:
    """`- **Scanned**: ...` lines: date, commit, tool version, configuration."""
    return [f"- **{label}**: {value}" for label, value in outline.header] + [""]


def _summary_lines(outline: Outline) -> list[str]:
    scanned = _plural(outline.files_scanned, "Python file")
    version = f" {outline.tool_version}" if outline.tool_version else ""
    text = (
        f"This report documents all enterprise feature implementations found in the `{outline.project}` "
        f"codebase, with focus on identifying fake or placeholder implementations. prodready{version} "
        f"scanned {scanned} and {outline.summary_sentence()}."
    )
    extras = []
    if outline.suppressed:
        extras.append(f"{_plural(len(outline.suppressed), 'suppressed finding')} listed at the end")
    if outline.warnings:
        extras.append(_plural(len(outline.warnings), "scan warning"))
    if extras:
        text += " " + "; ".join(extras).capitalize() + "."
    return ["## Summary", text, ""]


def _attention_lines(outline: Outline) -> list[str]:
    lines = ["## Summary of Fake/Placeholder Implementations", ""]
    if not outline.fake_summary:
        return lines + ["No fake, placeholder or exposed test implementations found.", ""]
    for number, entry in enumerate(outline.fake_summary, start=1):
        lines.append(f"{number}. **{entry.title}** ({entry.location_label})")
        lines += [f"   - {bullet}" for bullet in entry.bullets]
        lines.append("")
    return lines


def _recommendation_lines(outline: Outline) -> list[str]:
    lines = ["## Recommendations", ""]
    if not outline.recommendations:
        return lines + ["Nothing to fix.", ""]
    for number, rec in enumerate(outline.recommendations, start=1):
        kit = f" Use `{rec.kit}`." if rec.kit else ""
        text = f" {rec.text}" if rec.text else ""
        lines.append(f"{number}. **{rec.label}**:{text}{kit}".rstrip())
        for bullet, bullet_kit, _anchor in rec.bullets:
            lines.append(f"   - {bullet}" + (f" (`{bullet_kit}`)" if bullet_kit else ""))
    return lines + [""]


def _files_lines(outline: Outline) -> list[str]:
    lines = ["## Files Requiring Attention", ""]
    entries = [f"`{entry.path}` - " + "; ".join(text for text, _ in entry.actions) for entry in outline.files]
    entries += list(outline.considerations)
    if not entries:
        return lines + ["None.", ""]
    lines += [f"{number}. {entry}" for number, entry in enumerate(entries, start=1)]
    return lines + [""]


def _appendix_lines(outline: Outline) -> list[str]:
    lines: list[str] = []
    if outline.suppressed:
        lines += ["## Suppressed Findings", ""]
        for finding in outline.suppressed:
            why = finding.suppression.justification if finding.suppression else ""
            kind = finding.suppression.kind if finding.suppression else ""
            lines.append(
                f"- `{finding.rule_id}` {finding.slug} at `{finding.location.label()}` - {kind}"
                + (f": {why}" if why else "")
            )
        lines.append("")
    if outline.non_production:
        lines += ["## Non-production Code", "", "Findings here are reported as info: this code does not ship.", ""]
        lines += [f"- `{n.path}`: {n.reason} ({_plural(n.findings, 'finding')})" for n in outline.non_production]
        if outline.other_non_production:
            lines.append(f"- {_plural(outline.other_non_production, 'other non-production path')} without findings")
        lines.append("")
    if outline.warnings:
        lines += ["## Scan Warnings", ""]
        lines += [f"- `{w.path}` ({w.kind}): {w.message}" for w in outline.warnings]
        lines.append("")
    return lines


@renderer("markdown", "md", "Markdown report in the structure of the enterprise-features scan report", provenance=True)
def render(result: ScanResult) -> str:
    """The whole report as Markdown."""
    outline = build_outline(result)
    lines = ["# Enterprise Features Scan Report", ""]
    lines += _header_lines(outline)
    lines += _summary_lines(outline)
    for section in outline.sections:
        lines += _section_lines(section, 2)
    lines += _attention_lines(outline)
    lines += _recommendation_lines(outline)
    lines += _files_lines(outline)
    lines += _appendix_lines(outline)
    return "\n".join(lines).rstrip("\n") + "\n"
