"""Find the Python files, dependency manifests and deployment files (`deploy_files` globs) of a codebase.

Respects `.gitignore` files (those inside the scanned tree and, up to the repository's top,
above it) and the repository's `.git/info/exclude`; skips virtualenvs (any directory holding
`pyvenv.cfg`), `node_modules`, VCS directories and the configured `exclude`/`extend_exclude`
globs (matched against every path component and against the relative path). Symlinks are
followed only while they stay inside the root and do not loop; the others become warnings.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pathspec

from prodready.model.config import Config
from prodready.model.findings import ScanWarning

ALWAYS_SKIPPED = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__"})
MANIFEST_NAMES = frozenset({"pyproject.toml", "setup.cfg", "setup.py", "Pipfile"})
ENV_EXAMPLE_NAMES = frozenset({".env.example", ".env.sample", ".env.template", ".env.dist", "env.example", "example.env"})
_REQUIREMENTS = re.compile(r"requirements.*\.txt\Z")

SYMLINK_OUTSIDE = "symlink-outside-root"
SYMLINK_LOOP = "symlink-loop"
UNREADABLE_DIR = "unreadable"


@dataclass(frozen=True)
class Discovered:
    """What a walk found: paths relative to `root` (POSIX, sorted) and what it skipped loudly."""

    root: Path
    sources: tuple[str, ...]
    manifests: tuple[str, ...]
    warnings: tuple[ScanWarning, ...] = ()
    deployment: tuple[str, ...] = ()  # Kubernetes/Helm/compose YAML, Dockerfiles, Procfiles (config.deploy_files)


@dataclass(frozen=True)
class _Ignore:
    """One .gitignore: its patterns and the directory (relative to the root) they apply from."""

    spec: pathspec.GitIgnoreSpec
    above: str = ""  # for a .gitignore above the root: the root's path seen from its directory
    below: str = ""  # for one inside the tree: its directory's path relative to the root

    def verdict(self, candidate: str) -> bool | None:
        """True (ignored), False (re-included by `!pattern`) or None (no pattern matches)."""
        return self.spec.check_file(self.above + candidate[len(self.below):]).include


def is_manifest(name: str) -> bool:
    """True for the dependency manifests the capability rules read (and the documented
    environment, `.env.example`, which the inventory reads as configuration)."""
    return name in MANIFEST_NAMES or name in ENV_EXAMPLE_NAMES or bool(_REQUIREMENTS.match(name))


def _exclude_matcher(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for a list of globs ("build", "*.egg-info", "tests/fixtures/*")."""
    cleaned = [p.strip().strip("/").removeprefix("./") for p in patterns]
    cleaned = [p for p in cleaned if p]
    if not cleaned:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in cleaned))


def _read_ignore_file(path: str, above: str = "", below: str = "") -> _Ignore | None:
    """The patterns of one .gitignore (or .git/info/exclude), if it is readable."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            spec = pathspec.GitIgnoreSpec.from_lines(handle.read().splitlines())
    except OSError:
        return None
    return _Ignore(spec, above, below)


def _repository_ignores(root: Path) -> list[_Ignore]:
    """What git applies to `root` from outside the tree: `.git/info/exclude` of its repository
    and the .gitignore files between the repository's top and `root` (none outside a repository).
    """
    above: list[_Ignore] = []
    directory, relative = root, ""
    while True:
        if (directory / ".git").exists():
            exclude = _read_ignore_file(str(directory / ".git" / "info" / "exclude"), above=relative)
            return [*([exclude] if exclude else []), *above]
        if directory.parent == directory:
            return []
        relative = f"{directory.name}/{relative}"
        directory = directory.parent
        ignore = _read_ignore_file(str(directory / ".gitignore"), above=relative)
        if ignore:
            above.insert(0, ignore)


def _ignored(ignores: list[_Ignore], relpath: str, is_dir: bool) -> bool:
    """Git's verdict: the deepest .gitignore with a matching pattern decides."""
    candidate = relpath + "/" if is_dir else relpath
    for ignore in reversed(ignores):
        result = ignore.verdict(candidate)
        if result is not None:
            return result
    return False


def _is_within(path: str, root: str) -> bool:
    """True when real path `path` is `root` or below it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _Walker:
    """One walk of a directory tree; collects sources, manifests and warnings."""

    def __init__(self, root: Path, config: Config, skip: Iterable[Path]) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.exclude = _exclude_matcher((*config.exclude, *config.extend_exclude))
        self.deploy = _exclude_matcher(config.deploy_files)
        self.respect_gitignore = config.respect_gitignore
        self.skip = {os.path.realpath(p) for p in skip}
        self.sources: list[str] = []
        self.manifests: list[str] = []
        self.deployment: list[str] = []
        self.warnings: list[ScanWarning] = []
        self.followed_links = False  # without a followed symlink no file can be reached twice

    def excluded(self, name: str, relpath: str) -> bool:
        """Excluded by name or by configured glob."""
        if name in ALWAYS_SKIPPED:
            return True
        return bool(self.exclude and (self.exclude.match(name) or self.exclude.match(relpath)))

    def run(self) -> Discovered:
        """Walk from the root and return what was found."""
        ignores = _repository_ignores(Path(self.real_root)) if self.respect_gitignore else []
        if any(ignore.above and ignore.spec.check_file(ignore.above).include for ignore in ignores):
            ignores = []  # the user asked for an ignored directory explicitly
        self.walk(str(self.root), "", ignores, (self.real_root,))
        return Discovered(
            self.root, self.once_each(self.sources), self.once_each(self.manifests),
            tuple(sorted(self.warnings, key=lambda w: (w.path, w.kind))), self.once_each(self.deployment),
        )

    def once_each(self, relpaths: list[str]) -> tuple[str, ...]:
        """Sorted paths, one per real file: a file reached through in-root symlinks as well is
        scanned once, under its own path when that path was found, else its first link."""
        if not self.followed_links:
            return tuple(sorted(relpaths))
        chosen: dict[str, str] = {}
        for relpath in sorted(relpaths):
            real = os.path.realpath(os.path.join(self.root, relpath))
            own = os.path.relpath(real, self.real_root).replace(os.sep, "/") == relpath
            if real not in chosen or own:
                chosen[real] = relpath
        return tuple(sorted(chosen.values()))

    def walk(self, directory: str, prefix: str, ignores: list[_Ignore], chain: tuple[str, ...]) -> None:
        """Visit one directory; `chain`: real paths from the root down to this directory (loops)."""
        if self.respect_gitignore:
            own = _read_ignore_file(os.path.join(directory, ".gitignore"), below=prefix)
            if own is not None:
                ignores = [*ignores, own]
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as error:
            self.warnings.append(
                ScanWarning(prefix.rstrip("/") or ".", UNREADABLE_DIR, f"cannot list directory: {error.strerror}")
            )
            return
        for entry in entries:
            self.visit(entry, prefix + entry.name, ignores, chain)

    def visit(self, entry: os.DirEntry[str], relpath: str, ignores: list[_Ignore], chain: tuple[str, ...]) -> None:
        """Classify one directory entry."""
        if self.excluded(entry.name, relpath):
            return
        real: str | None = None
        if entry.is_symlink():
            real = os.path.realpath(entry.path)
            if not _is_within(real, self.real_root):
                message = f"not followed: it points outside the scanned root ({real})"
                self.warnings.append(ScanWarning(relpath, SYMLINK_OUTSIDE, message))
                return
            try:
                os.stat(entry.path)
            except OSError as error:
                if error.errno == errno.ELOOP:
                    self.warnings.append(ScanWarning(relpath, SYMLINK_LOOP, "not followed: the symlink loops"))
                elif entry.name.endswith(".py"):
                    self.sources.append(relpath)  # dangling: reading it reports why
                return
            self.followed_links = True
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if ignores and _ignored(ignores, relpath, is_dir):
            return
        if is_dir:
            real = real or os.path.join(chain[-1], entry.name)
            if real in chain:
                self.warnings.append(ScanWarning(relpath, SYMLINK_LOOP, f"not followed: it loops back to {real}"))
                return
            if real in self.skip or os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):
                return
            self.walk(entry.path, relpath + "/", ignores, (*chain, real))
            return
        if entry.name.endswith(".py"):
            self.sources.append(relpath)
            if is_manifest(entry.name):  # setup.py
                self.manifests.append(relpath)
        elif is_manifest(entry.name):
            self.manifests.append(relpath)
        elif self.deploy is not None and (self.deploy.match(entry.name) or self.deploy.match(relpath)):
            self.deployment.append(relpath)


def discover(target: Path, config: Config, skip: Iterable[Path] = ()) -> Discovered:
    """Walk `target` (a directory, or one file whose directory becomes the root).

    `skip` lists directories never to enter (the cache directory).
    """
    if not target.is_dir():
        return Discovered(target.parent, (target.name,), ())
    return _Walker(target, config, skip).run()
