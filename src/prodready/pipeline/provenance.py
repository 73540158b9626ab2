"""Where, when and how a scan ran (report headers, repository-relative SARIF paths).

git runs as in diff-aware scans, with the repository's hooks, filters and fsmonitor off; a root
outside git, or no git at all, simply has no commit.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from prodready.model.config import ConfigError
from prodready.model.findings import Provenance
from prodready.pipeline.diff import git_output
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.selection import effective_profile


def scan_time() -> str:
    """Now in UTC, or SOURCE_DATE_EPOCH's time when set (reproducible reports)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _config_label(root: Path, source: str) -> str:
    """The configuration file relative to the root when inside it, else its name."""
    if not source:
        return ""
    path = Path(source).resolve()
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _settings(options: ScanOptions) -> tuple[tuple[str, str], ...]:
    """Effective settings that differ from the defaults, as `key`/value text."""
    config = options.config
    settings = [("fail-on", config.fail_on.label)] if config.fail_on.label != "high" else []
    select = (*config.select, *options.select)
    ignore = (*config.ignore, *options.ignore)
    if select:
        settings.append(("select", ", ".join(select)))
    if ignore:
        settings.append(("ignore", ", ".join(ignore)))
    if options.baseline is not None:
        settings.append(("baseline", Path(options.baseline).name))
    if options.diff_base:
        settings.append(("diff-base", options.diff_base))
    return tuple(settings)


def _git(root: Path) -> tuple[bool, str, str, bool]:
    """(inside a repository, root's prefix in it, HEAD commit, dirty)."""
    try:
        top = Path(git_output(root, "rev-parse", "--show-toplevel").strip()).resolve()
    except ConfigError:
        return False, "", "", False
    prefix = root.resolve().relative_to(top).as_posix() if root.resolve() != top else ""
    try:
        commit = git_output(root, "rev-parse", "--verify", "--quiet", "HEAD").strip()
    except ConfigError:  # no commit yet
        commit = ""
    try:
        dirty = bool(git_output(root, "status", "--porcelain", "--untracked-files=normal", "--", ".").strip())
    except ConfigError:
        dirty = False
    return True, prefix, commit, dirty


def provenance(options: ScanOptions, root: Path) -> Provenance:
    """The scan's provenance; git is asked only when `options.git_provenance` is set."""
    directory = root if root.is_dir() else root.parent
    in_repository, prefix, commit, dirty = _git(directory) if options.git_provenance else (False, "", "", False)
    return Provenance(
        scanned_at=scan_time(),
        in_repository=in_repository,
        repository_prefix=prefix,
        commit=commit,
        dirty=dirty,
        config=_config_label(directory, options.config.source),
        profile=effective_profile(options),
        settings=_settings(options),
    )
