"""Diff-aware scans: keep only findings in code changed since a git ref.

The working tree is compared with the merge base of REF and HEAD (`git diff --find-renames
-U0`), untracked files count as wholly changed. A finding is kept when its region (its location
span and its related spans) touches a changed line; a deletion touches the lines on both sides
of it. Renamed files only count where their content changed. Project-level findings (the
capability family and PR105, located at the application's creation) are kept only when their
anchor file changed.

The scanned repository's own git configuration may name commands (an fsmonitor hook, clean
and smudge filters, external diff drivers, textconv): git runs with every one of them off, so
a diff-aware scan of a downloaded tree runs nothing from it.
"""

from __future__ import annotations

import codecs
import functools

import re
import subprocess
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from prodready.model.config import ConfigError
from prodready.model.findings import Finding, Location

PROJECT_LEVEL_FAMILIES = frozenset({"capability"})
PROJECT_LEVEL_RULES = frozenset({"PR105"})
WHOLE_FILE = frozenset({0})  # marker: every line of the file changed
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")

ChangedLines = Mapping[str, frozenset[int]]  # repo-relative POSIX path -> changed new-side lines


def filter_to_diff(findings: Iterable[Finding], root: Path, base: str | None) -> list[Finding]:
    """Findings whose region intersects a change since `base` (all of them when base is None)."""
    findings = list(findings)
    if base is None:
        return findings
    root = root.resolve()
    top = _git_toplevel(root)
    changes = changed_lines(top, base)
    prefix = (root if root.is_dir() else root.parent).relative_to(top).as_posix()
    return [f for f in findings if _touches(f, changes, prefix)]


def filter_to_files(findings: Iterable[Finding], files: Iterable[str] | None) -> list[Finding]:
    """Findings whose region touches one of these root-relative files, as if each had wholly
    changed (the files pre-commit passes); all of them when `files` is None."""
    findings = list(findings)
    if files is None:
        return findings
    changes: dict[str, frozenset[int]] = {path: WHOLE_FILE for path in files}
    return [f for f in findings if _touches(f, changes, "")]


def _touches(finding: Finding, changes: ChangedLines, prefix: str) -> bool:
    if finding.family in PROJECT_LEVEL_FAMILIES or finding.rule_id in PROJECT_LEVEL_RULES:
        return _repo_path(prefix, finding.location.path) in changes
    return any(region_changed(loc, changes, prefix) for loc in (finding.location, *finding.related))


def region_changed(location: Location, changes: ChangedLines, prefix: str) -> bool:
    """True when a changed line of the location's file falls in its line span."""
    lines = changes.get(_repo_path(prefix, location.path))
    if not lines:
        return False
    if lines is WHOLE_FILE:
        return True
    end = max(location.end_line, location.start_line)
    return any(location.start_line <= line <= end for line in lines)


def _repo_path(prefix: str, path: str) -> str:
    return path if prefix in ("", ".") else str(PurePosixPath(prefix) / path)


def changed_lines(top: Path, base: str) -> dict[str, frozenset[int]]:
    """Changed new-side lines per file since the merge base of `base` and HEAD, plus untracked files."""
    since = _merge_base(top, base)
    diff = _git(top, "diff", "--find-renames", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", since, "--")
    changes = parse_unified_diff(diff)
    for path in _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0"):
        if path:
            changes[path] = WHOLE_FILE
    return changes


def parse_unified_diff(diff: str) -> dict[str, frozenset[int]]:
    """New-side changed lines per file of a `git diff -U0` output (deleted files are dropped)."""
    changes: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = _diff_path(line[4:])
            current = None if target == "/dev/null" else changes.setdefault(_strip_prefix(target), set())
        elif line.startswith("@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                start, count = int(match["start"]), int(match["count"] or 1)
                current.update(range(start, start + count) if count else (start, start + 1))
    return {path: frozenset(lines) for path, lines in changes.items()}


def _diff_path(field: str) -> str:
    """The path of a `+++` header: git ends names holding spaces with a TAB and C-quotes names
    holding quotes, backslashes or control characters (octal escapes of the UTF-8 bytes)."""
    if field.startswith('"') and field.rstrip("\t").endswith('"'):
        quoted = field.rstrip("\t")[1:-1]
        return codecs.escape_decode(quoted.encode("utf-8"))[0].decode("utf-8", "replace")
    return field.split("\t", 1)[0]


def _strip_prefix(target: str) -> str:
    return target[2:] if target.startswith("b/") else target


def _merge_base(top: Path, base: str) -> str:
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").strip()
    except ConfigError:
        raise ConfigError(f"--diff-base: git cannot resolve {base!r} in {top}") from None
    try:
        return _git(top, "merge-base", commit, "HEAD").strip() or commit
    except ConfigError:
        return commit


def _git_toplevel(root: Path) -> Path:
    directory = root if root.is_dir() else root.parent
    try:
        return Path(_git(directory, "rev-parse", "--show-toplevel").strip()).resolve()
    except ConfigError:
        raise ConfigError(f"--diff-base: {root} is not inside a git repository") from None


_SAFE_GIT = ("-c", "core.quotePath=false", "-c", "core.fsmonitor=false")
_FILTER_COMMANDS = ("clean", "smudge", "process")


def _run_git(cwd: Path, argv: Iterable[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *argv], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
        )
    except FileNotFoundError:
        raise ConfigError("--diff-base needs git on PATH") from None


@functools.lru_cache(maxsize=8)
def _filters_off(cwd: Path) -> tuple[str, ...]:
    """`-c` options emptying every filter driver the configuration defines (reading the
    configuration runs nothing); read once per directory, not once per git command."""
    listed = _run_git(cwd, [*_SAFE_GIT, "config", "--null", "--name-only", "--get-regexp", r"^filter\."])
    drivers = {key[len("filter."):key.rindex(".")] for key in listed.stdout.split("\0") if key.count(".") >= 2}
    return tuple(option for name in sorted(drivers) for command in _FILTER_COMMANDS
                 for option in ("-c", f"filter.{name}.{command}="))


def git_output(cwd: Path, *args: str) -> str:
    """The output of a git command run with the repository's commands off; ConfigError on failure."""
    return _git(cwd, *args)


def _git(cwd: Path, *args: str) -> str:
    completed = _run_git(cwd, [*_SAFE_GIT, *_filters_off(cwd), *args])
    if completed.returncode != 0:
        raise ConfigError(f"git {' '.join(args)} failed: {completed.stderr.strip()}")
    return completed.stdout
