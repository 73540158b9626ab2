"""`prodready hook [FILES]...`: the pre-commit entry.

The whole project is analysed (mounts, gates and helpers live in other files), but only findings
that touch FILES are reported and gate, as a diff-aware scan keeps only findings in changed code:
a finding counts when its own file or one of its related locations (the mount, the gate) is in
FILES; a project-level finding when the file of its anchor (the application's creation) is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from prodready.commands.scan import (
    CONCISE, FORMAT_HELP, SEVERITIES, Choices, FormatChoices, choice_option, run_scan,
)
from prodready.model.config import PROFILES


def root_relative(root: Path, files: list[Path]) -> tuple[str, ...]:
    """FILES (relative to the current directory) as POSIX paths relative to `root`; files
    outside the root are left out."""
    base = root.resolve()
    relative = []
    for file in files:
        try:
            relative.append(file.resolve().relative_to(base).as_posix())
        except ValueError:
            continue
    return tuple(dict.fromkeys(relative))


def hook(
    files: list[Path] = typer.Argument(None, help="Files to report on (pre-commit passes the staged ones); none: all."),
    root: Path = typer.Option(Path("."), "--root", help="The project to analyse (default: the current directory)."),
    formats: list[str] = choice_option([], "--format", "-f", choices=FormatChoices(), metavar="FORMAT",
                                       help=FORMAT_HELP.replace("Default: terminal, concise in CI when piped.",
                                                                "Default: concise.")),
    fail_on: Optional[str] = choice_option(
        None, "--fail-on", choices=Choices(SEVERITIES, case_sensitive=False, noun="severity"), metavar="SEVERITY",
        help="Lowest severity that fails the commit (default: the configuration's, else high).",
    ),
    config_file: Optional[Path] = typer.Option(None, "--config", help="pyproject.toml to read instead of searching."),
    profile: Optional[str] = choice_option(
        None, "--profile", choices=Choices(PROFILES, noun="profile"), metavar="PROFILE",
        help="Rule profile (default: the configuration's, else default).",
    ),
    select: list[str] = typer.Option([], "--select", help="Only these rule ids, slugs or families."),
    ignore: list[str] = typer.Option([], "--ignore", help="Skip these rule ids, slugs or families."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Hide findings recorded in this baseline."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0 = all cores)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the result cache."),
    cache_dir: Optional[Path] = typer.Option(
        None, "--cache-dir", envvar="PRODREADY_CACHE_DIR", help="Cache directory (default: the user's cache)."
    ),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Always exit 0 unless usage/config error."),
) -> None:
    """Analyse the whole project; report and fail only on findings in FILES (pre-commit)."""
    run_scan(
        root, formats=list(formats) or [CONCISE], fail_on=fail_on, exit_zero=exit_zero, config_file=config_file,
        profile=profile, select=select, ignore=ignore, baseline=baseline, jobs=jobs, no_cache=no_cache,
        cache_dir=cache_dir, quiet=False, allow_empty=True, only_paths=root_relative(root, files) if files else None,
    )


def register(app: typer.Typer) -> None:
    """Add `hook` to the CLI."""
    app.command()(hook)
