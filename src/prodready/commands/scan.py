"""`prodready scan`: scan a codebase, render reports, gate on severity."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from prodready.model.config import ConfigError
from prodready.pipeline.configuration import load_config
from prodready.model.findings import Confidence, ScanResult, Severity
from prodready.pipeline.options import ScanOptions

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
TERMINAL = "terminal"


def gate_exit_code(result: ScanResult, fail_on: Severity) -> int:
    """0 when no active finding is at or above `fail_on`, else 1."""
    return EXIT_FINDINGS if result.at_or_above(fail_on) else EXIT_CLEAN


def _pair_outputs(formats: list[str], outputs: list[Path]) -> list[tuple[str, Path | None]]:
    """Pair each --format with the --output at the same position; extra formats go to stdout."""
    if len(outputs) > len(formats):
        raise typer.BadParameter("more --output than --format values", param_hint="--output")
    padded: list[Path | None] = [*outputs, *([None] * (len(formats) - len(outputs)))]
    return list(zip(formats, padded))


def scan(
    path: Path = typer.Argument(Path("."), help="Directory (or file) to scan."),
    formats: list[str] = typer.Option(
        ["terminal"], "--format", "-f", help="Output format; repeat for several (pairs with --output)."
    ),
    outputs: list[Path] = typer.Option([], "--output", "-o", help="File for the --format at the same position."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Lowest severity that fails the run (default high)."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Always exit 0 unless usage/config error."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="pyproject.toml to read instead of searching."),
    select: list[str] = typer.Option([], "--select", help="Only these rule ids, slugs or families."),
    ignore: list[str] = typer.Option([], "--ignore", help="Skip these rule ids, slugs or families."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Hide findings recorded in this baseline."),
    diff_base: Optional[str] = typer.Option(None, "--diff-base", help="Only findings in code changed since REF."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0 = all cores)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the result cache."),
    cache_dir: Optional[Path] = typer.Option(
        None, "--cache-dir", envvar="PRODREADY_CACHE_DIR",
        help="Cache directory (default: one per scanned root in the user's cache directory).",
    ),
    semgrep: bool = typer.Option(False, "--semgrep", help="Also run the shipped semgrep rule pack."),
    min_confidence: Optional[str] = typer.Option(
        None, "--min-confidence", help="Leave out findings below this confidence: high, medium or low (default low)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No terminal report when writing files."),
) -> None:
    """Scan PATH and report fake health checks, exposed test routes and missing capabilities."""
    from prodready.reports.base import Renderer, load_renderer, load_renderers
    from prodready.pipeline.scan import scan as run_scan

    if not path.exists():
        typer.echo(f"error: path does not exist: {path}", err=True)
        raise typer.Exit(EXIT_USAGE)
    renderers: dict[str, Renderer] = {}  # only the requested ones are imported
    for name in formats:
        found = load_renderer(name) if name != TERMINAL else None  # terminal: loaded when written to a file
        if found is None and name != TERMINAL:
            choices = ", ".join(sorted(load_renderers()))
            raise typer.BadParameter(f"unknown format {name!r} (choose from: {choices})", param_hint="--format")
        if found is not None:
            renderers[name] = found
    pairs = _pair_outputs(formats, outputs)
    try:
        config = load_config(path.resolve(), config_file)
        threshold = Severity.parse(fail_on) if fail_on else config.fail_on
        least = Confidence.parse(min_confidence) if min_confidence else None
    except (ConfigError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None

    interactive = sys.stderr.isatty() and not os.environ.get("CI")
    options = ScanOptions(
        root=path.resolve(),
        config=config,
        jobs=jobs,
        use_cache=not no_cache,
        cache_dir=cache_dir,
        baseline=baseline,
        diff_base=diff_base,
        select=tuple(select),
        ignore=tuple(ignore),
        progress=interactive and not quiet,
        semgrep=semgrep,
        min_confidence=least,
    )
    try:
        result = run_scan(options)
    except (ConfigError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None

    for name, output in pairs:
        if output is None and name == TERMINAL:
            if not quiet:
                from prodready.reports.terminal import print_result

                print_result(result, fail_on=threshold)
            continue
        if name not in renderers:  # the terminal report written to a file
            renderers[name] = load_renderers()[name]
        text = renderers[name].render(result)
        if output is None:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
    raise typer.Exit(EXIT_CLEAN if exit_zero else gate_exit_code(result, threshold))


def register(app: typer.Typer) -> None:
    """Add `scan` to the CLI."""
    app.command()(scan)
