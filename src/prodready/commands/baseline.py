"""`prodready baseline create|update|prune`: record legacy findings so only new ones gate."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Callable, Optional

import typer

DEFAULT_FILE = Path(".prodready-baseline.json")

baseline_app = typer.Typer(
    name="baseline",
    help="Record current findings in a baseline file; `scan --baseline FILE` then hides them.",
    no_args_is_help=True,
)

PATH_ARGUMENT = typer.Argument(Path("."), help="Directory to scan.")
FILE_OPTION = typer.Option(DEFAULT_FILE, "--file", help="Baseline file.")
CONFIG_OPTION = typer.Option(None, "--config", help="pyproject.toml to read instead of searching.")
JOBS_OPTION = typer.Option(0, "--jobs", "-j", help="Worker processes (0 = all cores).")
NO_CACHE_OPTION = typer.Option(False, "--no-cache", help="Do not read or write the result cache.")


def _current(path: Path, config_file: Path | None, jobs: int, no_cache: bool) -> tuple[Counter, list, str]:
    """Scan `path` and count its recordable findings by baseline key."""
    from prodready.model.config import ConfigError
    from prodready.pipeline.baseline import count_keys, recordable
    from prodready.pipeline.configuration import load_config
    from prodready.pipeline.options import ScanOptions
    from prodready.pipeline.scan import scan as run_scan

    if not path.exists():
        typer.echo(f"error: path does not exist: {path}", err=True)
        raise typer.Exit(2)
    try:
        config = load_config(path.resolve(), config_file)
        result = run_scan(ScanOptions(root=path.resolve(), config=config, jobs=jobs, use_cache=not no_cache))
    except (ConfigError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    findings = recordable(result.findings)
    return count_keys(findings), findings, f"prodready {result.tool_version}".strip()


def _write(file: Path, counts: Counter, findings: list, generator: str, verb: str, changed: int) -> None:
    from prodready.pipeline.baseline import write_baseline

    entries = write_baseline(file, counts, findings, generator)
    typer.echo(f"{verb} {file}: {changed} finding(s) {verb == 'pruned' and 'removed' or 'recorded'}; "
               f"{entries} entr{'y' if entries == 1 else 'ies'}, {sum(counts.values())} finding(s) in total")


def _load(file: Path) -> Counter:
    from prodready.model.config import ConfigError
    from prodready.pipeline.baseline import load_baseline

    try:
        return load_baseline(file)
    except ConfigError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


@baseline_app.command()
def create(
    path: Path = PATH_ARGUMENT,
    file: Path = FILE_OPTION,
    config_file: Optional[Path] = CONFIG_OPTION,
    jobs: int = JOBS_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
) -> None:
    """Record every current finding (replaces the file)."""
    counts, findings, generator = _current(path, config_file, jobs, no_cache)
    _write(file, counts, findings, generator, "created", sum(counts.values()))


def _merge(
    path: Path, file: Path, config_file: Path | None, jobs: int, no_cache: bool,
    merge: Callable[[Counter, Counter], Counter], verb: str,
) -> None:
    old = _load(file)
    current, findings, generator = _current(path, config_file, jobs, no_cache)
    merged = merge(old, current)
    changed = abs(sum(merged.values()) - sum(old.values()))
    _write(file, merged, findings, generator, verb, changed)


@baseline_app.command()
def update(
    path: Path = PATH_ARGUMENT,
    file: Path = FILE_OPTION,
    config_file: Optional[Path] = CONFIG_OPTION,
    jobs: int = JOBS_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
) -> None:
    """Add the current findings the baseline does not record yet (keeps the others)."""
    from prodready.pipeline.baseline import updated_counts

    _merge(path, file, config_file, jobs, no_cache, updated_counts, "updated")


@baseline_app.command()
def prune(
    path: Path = PATH_ARGUMENT,
    file: Path = FILE_OPTION,
    config_file: Optional[Path] = CONFIG_OPTION,
    jobs: int = JOBS_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
) -> None:
    """Drop entries whose findings are gone (never adds)."""
    from prodready.pipeline.baseline import pruned_counts

    _merge(path, file, config_file, jobs, no_cache, pruned_counts, "pruned")


def register(app: typer.Typer) -> None:
    """Add the `baseline` command group to the CLI."""
    app.add_typer(baseline_app)
