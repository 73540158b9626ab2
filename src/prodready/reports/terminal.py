"""Terminal report (rich): findings grouped by file with code excerpts, warnings, a summary.

Inventory records (severity none) and suppressed findings are counted, not listed.
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
EXCERPT_LINES = 20  # the JSON report keeps the whole snippet (up to 40 lines)


def listed(result: ScanResult) -> list[Finding]:
    """The findings shown one by one: active and not inventory-only."""
    return [f for f in result.active if f.severity is not Severity.NONE]


def _lexer(path: str) -> str:
    """Pygments lexer name for a file's excerpt."""
    name = PurePosixPath(path)
    if name.name.startswith("Dockerfile"):
        return "docker"
    return _LEXERS.get(name.suffix, "text")


def _severity(severity: Severity) -> Text:
    return Text(severity.label.upper(), style=SEVERITY_STYLES[severity])


def _finding(finding: Finding) -> Group:
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
    if finding.snippet:
        lines = source_lines(finding.snippet)
        excerpt = Syntax(
            "\n".join(lines[:EXCERPT_LINES]), _lexer(finding.location.path), line_numbers=True,
            start_line=finding.location.start_line, theme="ansi_dark", background_color="default",
            dedent=True,
        )
        parts.append(Padding(excerpt, (0, 0, 0, 4)))
        if len(lines) > EXCERPT_LINES:
            parts.append(Padding(Text(f"... {len(lines) - EXCERPT_LINES} more lines", style="dim"), (0, 0, 0, 4)))
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
    gating = len(result.at_or_above(fail_on))
    verdict = (
        Text(f"FAIL ({gating} at or above {fail_on.label})", style="bold red")
        if gating else Text(f"pass (nothing at or above {fail_on.label})", style="green")
    )
    table.add_row("gate", verdict)
    return table


def print_result(result: ScanResult, fail_on: Severity = Severity.HIGH, console: Console | None = None) -> None:
    """Print the report of one scan to `console` (stdout by default)."""
    console = console or Console()
    shown = listed(result)
    for path, group in groupby(shown, key=lambda f: f.location.path):
        console.rule(Text(path, style="bold"), align="left")
        for finding in group:
            console.print(_finding(finding))
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


@renderer("terminal", "txt", "Plain-text terminal report: findings by file, excerpts, summary.")
def render(result: ScanResult) -> str:
    """The terminal report without colours, gated at the default `high`."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=PLAIN_WIDTH, color_system=None, force_terminal=False, highlight=False)
    print_result(result, Severity.HIGH, console)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
