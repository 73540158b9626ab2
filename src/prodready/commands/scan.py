"""`prodready scan`: scan a codebase, render reports, gate on severity.

`run_scan` is the body shared with `prodready hook` (the pre-commit entry).
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer

from prodready.model.config import PROFILES, ConfigError
from prodready.model.findings import Confidence, ScanResult, Severity
from prodready.pipeline.configuration import load_config
from prodready.pipeline.options import ScanOptions

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
TERMINAL, CONCISE = "terminal", "concise"
SEVERITIES = tuple(s.label for s in sorted(Severity, reverse=True) if s is not Severity.NONE)
CONFIDENCES = tuple(c.label for c in sorted(Confidence, reverse=True))
SHOW_SOURCE = ("short", "full", "none")  # reports.terminal.SHOW_SOURCE, without importing rich


class Choices:
    """A `parser=` for options with fixed values; `choices` is what --help lists (cli.choices_of)."""

    def __init__(self, values: tuple[str, ...], case_sensitive: bool = True, noun: str = "value") -> None:
        self._values = values
        self.case_sensitive = case_sensitive
        self.noun = noun

    @property
    def choices(self) -> tuple[str, ...]:
        """The accepted values."""
        return self._values

    def accepts(self, value: str) -> bool:
        """True when `value` (already normalised) is one of the choices."""
        return value in self.choices

    def __call__(self, value: str) -> str:
        """The value, lower-cased when not case-sensitive; BadParameter naming the choices."""
        text = value if self.case_sensitive else value.lower()
        if not self.accepts(text):
            raise typer.BadParameter(f"unknown {self.noun} {value!r} (choose from: {', '.join(self.choices)})")
        return text

    def complete(self, incomplete: str) -> list[str]:
        """Shell completion: the choices that start with what was typed."""
        return [choice for choice in self.choices if choice.startswith(incomplete)]


class FormatChoices(Choices):
    """The registered output formats, listed (every renderer imported) only for help and errors."""

    def __init__(self) -> None:
        super().__init__((), noun="format")

    @property
    def choices(self) -> tuple[str, ...]:
        """Every registered renderer's name."""
        from prodready.reports.base import load_renderers

        return tuple(sorted(load_renderers()))

    def accepts(self, value: str) -> bool:
        """True when a renderer has this name (importing only that renderer's module)."""
        from prodready.reports.base import load_renderer

        return load_renderer(value) is not None


def choice_option(default: Any, *declarations: str, choices: Choices, metavar: str, help: str) -> Any:
    """A typer option that accepts only `choices`, completes them and lists them in --help."""
    return typer.Option(
        default, *declarations, parser=choices, autocompletion=choices.complete, metavar=metavar, help=help,
    )


# Options `scan` and `hook` share: name -> (default, declarations, help, extra typer.Option arguments).
_SHARED: dict[str, tuple[Any, tuple[str, ...], str, dict[str, Any]]] = {
    "exit-zero": (False, ("--exit-zero",), "Always exit 0 unless usage/config error.", {}),
    "config": (None, ("--config",), "pyproject.toml to read instead of searching.", {}),
    "select": ([], ("--select",), "Only these rule ids, slugs or families.", {}),
    "ignore": ([], ("--ignore",), "Skip these rule ids, slugs or families.", {}),
    "baseline": (None, ("--baseline",), "Hide findings recorded in this baseline.", {}),
    "jobs": (0, ("--jobs", "-j"), "Worker processes (0 = all cores).", {}),
    "no-cache": (False, ("--no-cache",), "Do not read or write the result cache.", {}),
    "cache-dir": (None, ("--cache-dir",), "Cache directory (default: one per scanned root in the user's cache "
                  "directory).", {"envvar": "PRODREADY_CACHE_DIR"}),
}


def shared_option(name: str) -> Any:
    """A fresh typer option of the ones `scan` and `hook` share (one object per parameter)."""
    if name == "fail-on":
        return choice_option(
            None, "--fail-on", choices=Choices(SEVERITIES, case_sensitive=False, noun="severity"), metavar="SEVERITY",
            help="Lowest severity that fails the run (default: the configuration's, else high).",
        )
    if name == "profile":
        return choice_option(
            None, "--profile", choices=Choices(PROFILES, noun="profile"), metavar="PROFILE",
            help="Rule profile (default: the configuration's, else default; enterprise adds licensing and clustering).",
        )
    default, declarations, help_text, extra = _SHARED[name]
    return typer.Option(default, *declarations, help=help_text, **extra)


def in_ci() -> bool:
    """True when the CI variable says so (GitHub, GitLab, most CI systems set CI=true)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def default_format() -> str:
    """`concise` in CI when stdout is not a terminal, else the full terminal report."""
    return CONCISE if in_ci() and not sys.stdout.isatty() else TERMINAL


def gate_exit_code(result: ScanResult, fail_on: Severity) -> int:
    """0 when no active finding is at or above `fail_on`, else 1."""
    return EXIT_FINDINGS if result.at_or_above(fail_on) else EXIT_CLEAN


def _pair_outputs(formats: list[str], outputs: list[Path]) -> list[tuple[str, Path | None]]:
    """Pair each --format with the --output at the same position; extra formats go to stdout."""
    if len(outputs) > len(formats):
        raise typer.BadParameter("more --output than --format values", param_hint="--output")
    padded: list[Path | None] = [*outputs, *([None] * (len(formats) - len(outputs)))]
    return list(zip(formats, padded))


def usage_error(message: str) -> NoReturn:
    """Print `error: message` on stderr and exit 2."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _write_terminal(result: ScanResult, fail_on: Severity, show_source: str) -> None:
    """The terminal report on stdout: coloured on a terminal, plain without padding on a pipe."""
    if sys.stdout.isatty():
        from prodready.reports.terminal import print_result

        print_result(result, fail_on=fail_on, show_source=show_source)
    else:
        from prodready.reports.terminal import plain_text

        sys.stdout.write(plain_text(result, fail_on, show_source))


def run_scan(
    path: Path,
    *,
    formats: list[str],
    outputs: list[Path] = (),  # type: ignore[assignment]
    fail_on: str | None = None,
    exit_zero: bool = False,
    config_file: Path | None = None,
    profile: str | None = None,
    select: list[str] = (),  # type: ignore[assignment]
    ignore: list[str] = (),  # type: ignore[assignment]
    baseline: Path | None = None,
    diff_base: str | None = None,
    jobs: int = 0,
    no_cache: bool = False,
    cache_dir: Path | None = None,
    semgrep: bool = False,
    quiet: bool = False,
    show_source: str = "short",
    allow_empty: bool = False,
    only_paths: tuple[str, ...] | None = None,
    min_confidence: str | None = None,
) -> NoReturn:
    """Scan, write every requested format, and exit with the gate's code."""
    from prodready.pipeline.scan import scan as pipeline_scan
    from prodready.reports.base import load_renderer

    if not path.exists():
        usage_error(f"path does not exist: {path}")
    if path.is_file() and path.suffix != ".py":
        usage_error(f"not a Python file: {path}")
    # only the requested ones are imported; the terminal report is no registered renderer (and
    # asking for it would import every renderer module)
    renderers = {name: load_renderer(name) for name in formats if name != TERMINAL}
    pairs = _pair_outputs(list(formats), list(outputs))
    try:
        config = load_config(path.resolve(), config_file)
        threshold = Severity.parse(fail_on) if fail_on else config.fail_on
        least = Confidence.parse(min_confidence) if min_confidence else None
    except (ConfigError, ValueError) as error:
        usage_error(str(error))
    interactive = sys.stderr.isatty() and not in_ci()
    options = ScanOptions(
        root=path.resolve(),
        config=dataclasses.replace(config, fail_on=threshold),
        jobs=jobs,
        use_cache=not no_cache,
        cache_dir=cache_dir,
        baseline=baseline,
        diff_base=diff_base,
        select=tuple(select),
        ignore=tuple(ignore),
        progress=interactive and not quiet,
        semgrep=semgrep,
        profile=profile or "",
        only_paths=only_paths,
        git_provenance=any(r is not None and r.provenance for r in renderers.values()),
        min_confidence=least,
    )
    try:
        result = pipeline_scan(options)
    except (ConfigError, ValueError) as error:
        usage_error(str(error))
    if dict(result.stats).get("files", 0) == 0 and not allow_empty:
        usage_error(f"no Python files found under {path} (--allow-empty accepts an empty scan)")

    for name, output in pairs:
        if output is None and name == TERMINAL:
            if not quiet:
                _write_terminal(result, threshold, show_source)
            continue
        if name == TERMINAL:
            from prodready.reports.terminal import plain_text

            text = plain_text(result, threshold, show_source)
        else:
            found = renderers[name]
            assert found is not None  # FormatChoices accepted it
            text = found.render(result)
        if output is None:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
    raise typer.Exit(EXIT_CLEAN if exit_zero else gate_exit_code(result, threshold))


FORMAT_HELP = "Output format; repeat for several (pairs with --output). Default: terminal, concise in CI when piped."


def scan(
    path: Path = typer.Argument(Path("."), help="Directory (or Python file) to scan."),
    formats: list[str] = choice_option([], "--format", "-f", choices=FormatChoices(), metavar="FORMAT", help=FORMAT_HELP),
    outputs: list[Path] = typer.Option([], "--output", "-o", help="File for the --format at the same position."),
    fail_on: Optional[str] = shared_option("fail-on"),
    exit_zero: bool = shared_option("exit-zero"),
    config_file: Optional[Path] = shared_option("config"),
    profile: Optional[str] = shared_option("profile"),
    select: list[str] = shared_option("select"),
    ignore: list[str] = shared_option("ignore"),
    baseline: Optional[Path] = shared_option("baseline"),
    diff_base: Optional[str] = typer.Option(None, "--diff-base", help="Only findings in code changed since REF."),
    jobs: int = shared_option("jobs"),
    no_cache: bool = shared_option("no-cache"),
    cache_dir: Optional[Path] = shared_option("cache-dir"),
    semgrep: bool = typer.Option(False, "--semgrep", help="Also run the shipped semgrep rule pack."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No terminal report when writing files."),
    show_source: str = choice_option(
        "short", "--show-source", choices=Choices(SHOW_SOURCE), metavar="HOW",
        help="Code excerpts in the terminal report: at most 12 lines, whole, or none.",
    ),
    allow_empty: bool = typer.Option(False, "--allow-empty", help="Exit 0 (not 2) when PATH holds no Python file."),
    min_confidence: Optional[str] = choice_option(
        None, "--min-confidence", choices=Choices(CONFIDENCES, case_sensitive=False, noun="confidence"),
        metavar="CONFIDENCE", help="Leave out findings less sure than this (default: the configuration's, else low).",
    ),
) -> None:
    """Scan PATH and report fake health checks, exposed test routes and missing capabilities."""
    run_scan(
        path, formats=list(formats) or [default_format()], outputs=outputs, fail_on=fail_on, exit_zero=exit_zero,
        config_file=config_file, profile=profile, select=select, ignore=ignore, baseline=baseline,
        diff_base=diff_base, jobs=jobs, no_cache=no_cache, cache_dir=cache_dir, semgrep=semgrep, quiet=quiet,
        show_source=show_source, allow_empty=allow_empty, min_confidence=min_confidence,
    )


def register(app: typer.Typer) -> None:
    """Add `scan` to the CLI."""
    app.command()(scan)
