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

from prodready.commands.scan import CONCISE, FormatChoices, choice_option, run_scan, shared_option


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
                                       help="Output format; repeat for several. Default: concise."),
    fail_on: Optional[str] = shared_option("fail-on"),
    config_file: Optional[Path] = shared_option("config"),
    profile: Optional[str] = shared_option("profile"),
    select: list[str] = shared_option("select"),
    ignore: list[str] = shared_option("ignore"),
    baseline: Optional[Path] = shared_option("baseline"),
    jobs: int = shared_option("jobs"),
    no_cache: bool = shared_option("no-cache"),
    cache_dir: Optional[Path] = shared_option("cache-dir"),
    exit_zero: bool = shared_option("exit-zero"),
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
