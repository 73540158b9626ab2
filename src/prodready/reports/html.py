"""Self-contained HTML report: the Markdown report's content plus an overview and filters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from prodready.model.findings import ScanResult, Severity
from prodready.reports.base import renderer
from prodready.reports.catalog import rule_for
from prodready.reports.highlight import excerpt_lines, highlight_python
from prodready.reports.outline import Outline, Section, build_outline
from prodready.reports.statuses import CATEGORIES, Category


_CODE_SPAN = re.compile(r"`([^`]+)`")


def inline_code(text: str) -> Markup:
    """Escape text and show its Markdown `code spans` as <code>."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(text))))


@dataclass(frozen=True)
class AreaCounts:
    """One overview row: an area and its item counts per category."""

    section: Section
    counts: tuple[tuple[Category, int], ...]


def _section_counts(section: Section) -> tuple[tuple[Category, int], ...]:
    ids = [item.category.id for item in section.items]
    ids += ["missing"] * (1 if section.not_found else len(section.missing))
    ids += ["unchecked"] * section.not_checked
    return tuple((c, ids.count(c.id)) for c in CATEGORIES if c.id in ids)


def _severity_of(section: Section) -> str:
    """The severity a "Not found" row filters as: its capability finding's, else none."""
    return section.missing[0].finding.severity.label if section.missing else Severity.NONE.label


def _severities(outline: Outline) -> list[str]:
    present = {item.finding.severity for item in outline.items}
    present |= {Severity.parse(_severity_of(s)) for s in outline.all_sections if s.not_found}
    present |= {Severity.NONE for s in outline.all_sections if s.not_checked}
    return [severity.label for severity in sorted(present, reverse=True)]


def _rule_summary(rule_id: str) -> str:
    """The one-line summary of a rule, shown when hovering its id."""
    rule = rule_for(rule_id)
    return rule.doc().summary.splitlines()[0] if rule is not None and rule.doc().summary else rule_id


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("prodready.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["highlight"] = highlight_python
    env.filters["excerpt_lines"] = excerpt_lines
    env.filters["code"] = inline_code
    return env


@renderer("html", "html", "Self-contained HTML report with overview, filters and highlighted excerpts", provenance=True)
def render(result: ScanResult) -> str:
    """The whole report as one HTML page with inline CSS and JavaScript."""
    outline = build_outline(result)
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            outline=outline,
            counts=outline.counts(),
            area_rows=[AreaCounts(s, _section_counts(s)) for s in outline.all_sections],
            severities=_severities(outline),
            severity_of=_severity_of,
            rule_summary=_rule_summary,
        )
    )
