"""`prodready fix`: show (default) or write the codemod fixes for what a scan finds."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from prodready.model.config import ConfigError
from prodready.model.findings import ScanResult
from prodready.pipeline.configuration import load_config
from prodready.pipeline.options import ScanOptions

EXIT_OK, EXIT_CHANGES, EXIT_USAGE = 0, 1, 2


def _scan(root: Path, config_file: Optional[Path]) -> ScanResult:
    from prodready.pipeline.scan import scan

    config = load_config(root, config_file)
    return scan(ScanOptions(root=root, config=config, use_cache=False))


def fix(
    path: Path = typer.Argument(Path("."), help="Directory to fix."),
    write: bool = typer.Option(False, "--write", help="Apply the fixes (default: show the diff)."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Also apply fixes that change behaviour."),
    select: list[str] = typer.Option([], "--select", "--rule", help="Only fixes for these rule ids, slugs or families."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="pyproject.toml to read instead of searching."),
) -> None:
    """Show or apply the fixes for PATH's findings; exits 1 when a diff-only run has changes."""
    from prodready.codemods.probes import deployed_probe_kinds
    from prodready.codemods.runner import plan_fixes, verify_plan, write_plan

    if not path.is_dir():
        typer.echo(f"error: not a directory: {path}", err=True)
        raise typer.Exit(EXIT_USAGE)
    root = path.resolve()
    try:
        result = _scan(root, config_file)
    except (ConfigError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    probes = deployed_probe_kinds(result)
    preview = plan_fixes(result, select=select, unsafe=True, probe_kind_of=probes)
    plan = preview if unsafe_fixes else plan_fixes(result, select=select, unsafe=False, probe_kind_of=probes)
    for finding, reason in preview.not_fixed:
        typer.echo(f"{finding.location.label()}: {finding.rule_id} not fixed: {reason}", err=True)
    unsafe = sum(1 for f in preview.fixes if f.safety != "safe")
    if not preview.changes:
        typer.echo("Nothing to fix." if not preview.not_fixed else "Nothing that can be fixed automatically.",
                   err=True)
        raise typer.Exit(EXIT_OK)
    if not write:
        for change in preview.changes:
            typer.echo(change.diff(), nl=False)
        typer.echo(f"{len(preview.fixes)} fix(es) available in {len(preview.changes)} file(s), {unsafe} unsafe "
                   "(apply with --write, adding --unsafe-fixes for the unsafe ones).", err=True)
        raise typer.Exit(EXIT_CHANGES)
    if unsafe and not unsafe_fixes:
        typer.echo(f"{unsafe} unsafe fix(es) not applied: rerun with --unsafe-fixes.", err=True)
    problems = verify_plan(plan, result, lambda copy: _scan(copy, config_file))
    if problems:
        for problem in problems:
            typer.echo(f"error: {problem}", err=True)
        typer.echo("Nothing written.", err=True)
        raise typer.Exit(EXIT_CHANGES)
    written, skipped = write_plan(plan, root)
    for message in skipped:
        typer.echo(f"skipped: {message}", err=True)
    typer.echo(f"Fixed {len(plan.fixes)} finding(s) in {len(written)} file(s).", err=True)
    raise typer.Exit(EXIT_CHANGES if skipped else EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add `fix` to the CLI."""
    app.command()(fix)
