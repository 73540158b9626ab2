"""`prodready routes`: every route the scanner sees, with its mount chain, gates and health class."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from prodready.model.config import ConfigError
from prodready.pipeline.configuration import load_config
from prodready.pipeline.options import ScanOptions

FORMATS = ("table", "json")
EXIT_USAGE = 2


def routes(
    path: Path = typer.Argument(Path("."), help="Directory to read."),
    output_format: str = typer.Option("table", "--format", "-f",
                                      help=f"Output format. [possible values: {', '.join(FORMATS)}]"),
    config_file: Optional[Path] = typer.Option(None, "--config", help="pyproject.toml to read instead of searching."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the result cache."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", envvar="PRODREADY_CACHE_DIR",
                                             help="Cache directory (default: one per root in the user's cache)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0 = all cores)."),
) -> None:
    """List every route: method, full path, handler file:line, framework, mount chain, gates, health."""
    from prodready.pipeline.routes import route_inventory
    from prodready.reports.routes import render_json, render_table, route_table

    if output_format not in FORMATS:
        raise typer.BadParameter(f"unknown format {output_format!r} (choose from: {', '.join(FORMATS)})",
                                 param_hint="--format")
    if not path.exists():
        typer.echo(f"error: path does not exist: {path}", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        config = load_config(path.resolve(), config_file)
    except ConfigError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    inventory = route_inventory(ScanOptions(root=path, config=config, jobs=jobs, use_cache=not no_cache,
                                            cache_dir=cache_dir))
    if output_format == "json":
        sys.stdout.write(render_json(inventory))
    elif sys.stdout.isatty():
        from rich.console import Console

        Console().print(route_table(inventory))
    else:
        sys.stdout.write(render_table(inventory))


def register(app: typer.Typer) -> None:
    """Add `routes` to the CLI."""
    app.command()(routes)
