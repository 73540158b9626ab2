"""Terminal report (rich): findings grouped by file with code excerpts, warnings, a summary.

Inventory records (severity none) and suppressed findings are counted, not listed. Excerpts show
at most EXCERPT_LINES lines (`--show-source=full`: the whole snippet) and say when they are cut.
"""

from __future__ import annotations

import io
from collections import Counter
from itertools import groupby
from pathlib import PurePosixPath

from rich.console import Console, Group
from rich.padding import Padding
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from prodready.model.findings import Finding, ScanResult, Severity
from prodready.model.positions import source_lines
from prodready.reports.base import renderer
from prodready.reports.concise import listed

SEVERITY_STYLES = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "blue",
    Severity.NONE: "dim",
}
_LEXERS = {".py": "python", ".toml": "toml", ".cfg": "ini", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
PLAIN_WIDTH = 100
EXCERPT_LINES = 12  # the JSON report keeps the whole snippet (up to 40 lines)
SHOW_SOURCE = ("short", "full", "none")  # --show-source: EXCERPT_LINES, the whole snippet, no excerpt


def _lexer(path: str) -> str:
    """Pygments lexer name for a file's excerpt."""
    name = PurePosixPath(path)
    if name.name.startswith("Dockerfile"):
        return "docker"
    return _LEXERS.get(name.suffix, "text")


def _severity(severity: Severity) -> Text:
    return Text(severity.label.upper(), style=SEVERITY_STYLES[severity])


def _excerpt(finding: Finding, show_source: str) -> list:
    """The finding's code excerpt and, when it is cut, how many lines are not shown."""
    lines = source_lines(finding.snippet)
    if show_source == "none" or not lines:
        return []
    location = finding.location
    span = location.end_line - location.start_line + 1 if location.end_line >= location.start_line else len(lines)
    # hiding a single line would cost the line that says so: show it instead
    limit = EXCERPT_LINES + 1 if max(span, len(lines)) == EXCERPT_LINES + 1 else EXCERPT_LINES
    shown = lines if show_source == "full" else lines[:limit]
    excerpt = Syntax(
        "\n".join(shown), _lexer(location.path), line_numbers=True, start_line=location.start_line,
        theme="ansi_dark", background_color="default", dedent=True,
    )
    parts: list = [Padding(excerpt, (0, 0, 0, 4))]
    hidden = max(span, len(lines)) - len(shown)
    if hidden > 0:
        parts.append(Padding(Text(f"… {hidden} more line{'s' if hidden != 1 else ''}", style="dim"), (0, 0, 0, 4)))
    return parts


def _finding(finding: Finding, show_source: str = "short") -> Group:
    """One finding: heading line, message, excerpt and related locations."""
    heading = Text.assemble(
        "  ", _severity(finding.severity), " ", (finding.rule_id, "bold"), " ", (finding.slug, "magenta"),
        " [", finding.status, "]", (f" confidence {finding.confidence.label}", "dim"),
    )
    where = Text(finding.location.label(), style="underline")
    if finding.symbol:
        where.append(f" in {finding.symbol}", style="dim")
    parts: list = [heading, Padding(where, (0, 0, 0, 4)), Padding(Text(finding.message), (0, 0, 0, 4))]
    for detail in finding.details:
        parts.append(Padding(Text(f"- {detail}", style="dim"), (0, 0, 0, 4)))
    parts += _excerpt(finding, show_source)
    for related in finding.related:
        note = f": {related.message}" if related.message else ""
        parts.append(Padding(Text(f"related {related.label()}{note}", style="dim"), (0, 0, 0, 4)))
    return Group(*parts)


def _summary(result: ScanResult, fail_on: Severity) -> Table:
    """Counts by severity and status, files, warnings, suppressions and the gate verdict."""
    active = list(result.active)
    by_severity = Counter(f.severity for f in active)
    by_status = Counter(f.status for f in active if f.severity is not Severity.NONE)
    table = Table(title="Summary", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    for severity in sorted(Severity, reverse=True):
        if severity is not Severity.NONE:
            table.add_row(_severity(severity), str(by_severity.get(severity, 0)))
    for status, count in sorted(by_status.items()):
        table.add_row(Text(f"status {status}"), str(count))
    table.add_row("inventory records", str(by_severity.get(Severity.NONE, 0)))
    table.add_row("suppressed", str(len(result.findings) - len(active)))
    table.add_row("non-production paths", str(len(result.non_production)))
    table.add_row("files scanned", str(result.files_scanned))
    table.add_row("warnings", str(len(result.warnings)))
    if result.not_checked:
        titles = {area.id: area.title for area in result.areas}
        unchecked = ", ".join(dict.fromkeys(titles.get(area, area) for area, _ in result.not_checked))
        table.add_row("not checked (profile)", Text(unchecked))
    gating = len(result.at_or_above(fail_on))
    verdict = (
        Text(f"FAIL ({gating} at or above {fail_on.label})", style="bold red")
        if gating else Text(f"pass (nothing at or above {fail_on.label})", style="green")
    )
    table.add_row("gate", verdict)
    return table


def print_result(
    result: ScanResult, fail_on: Severity = Severity.HIGH, console: Console | None = None, show_source: str = "short"
) -> None:
    """Print the report of one scan to `console` (stdout by default)."""
    console = console or Console()
    shown = listed(result)
    for path, group in groupby(shown, key=lambda f: f.location.path):
        console.rule(Text(path, style="bold"), align="left")
        for finding in group:
            console.print(_finding(finding, show_source))
            console.print()
    if not shown:
        console.print(Text("No findings.", style="green"))
    if result.warnings:
        table = Table(title="Warnings (files not fully scanned)", title_justify="left")
        for column in ("path", "kind", "message"):
            table.add_column(column)
        for warning in result.warnings:
            table.add_row(Text(warning.path), Text(warning.kind), Text(warning.message))  # no markup
        console.print(table)
    lowered = [n for n in result.non_production if n.findings]
    if lowered:
        table = Table(title="Not production code (findings reported as info)", title_justify="left")
        for column in ("path", "why", "findings"):
            table.add_column(column)
        for entry in lowered:
            table.add_row(Text(entry.path), Text(entry.reason), str(entry.findings))
        console.print(table)
    console.print(_summary(result, fail_on))


def plain_text(result: ScanResult, fail_on: Severity = Severity.HIGH, show_source: str = "short") -> str:
    """The terminal report without colours or trailing spaces (for pipes and files)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=PLAIN_WIDTH, color_system=None, force_terminal=False, highlight=False)
    print_result(result, fail_on, console, show_source)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


@renderer("terminal", "txt", "Plain-text terminal report: findings by file, excerpts, summary.")
def render(result: ScanResult) -> str:
    """The terminal report without colours, gated at the default `high`."""
    return plain_text(result)
