"""Facts of on-demand collectors: deep per-function analysis done only for the files rules ask about.

Most files of a large codebase hold no route handler, so analysing every function body of every
file in the worker pass costs more than parsing the files does. Collectors marked `on_demand`
are skipped there; when a rule family asks for one file's facts (a health handler's module, a
helper it calls), that file is read and parsed again in this process, every on-demand collector
runs on it once, and the facts are kept for the rest of the scan. A file whose content differs
from the one scanned (its sha256 changed) gets no facts, so findings never mix two versions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from prodready.engine.parsing import parse_source, read_source
from prodready.engine.runner import COLLECTOR_ERROR
from prodready.model.findings import ScanWarning
from prodready.model.project import FileInfo


@dataclass(frozen=True)
class OnDemandDelta:
    """What an `OnDemandFacts` worked out since a mark: facts by path, changed files, warnings."""

    facts: Mapping[str, Mapping[str, Any]]
    changed: tuple[str, ...] = ()
    warnings: tuple[ScanWarning, ...] = ()


_Mark = tuple[frozenset[str], int, int]  # paths done, changed and warnings counts


class OnDemandFacts:
    """Computes and keeps the facts of on-demand collectors, one file at a time."""

    def __init__(
        self,
        root: Path,
        collectors: Mapping[str, Any],
        files: Mapping[str, FileInfo],
        scan_facts: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self.root = root
        self.collectors = collectors
        self.files = files
        self.scan_facts = scan_facts  # collector -> path -> facts of the worker pass (`earlier`)
        self._done: dict[str, dict[str, Any]] = {}  # path -> collector -> facts
        self.changed: list[str] = []  # files whose content is no longer the scanned one
        self.warnings: list[ScanWarning] = []  # collectors that failed, as in the worker pass

    @property
    def files_analysed(self) -> int:
        """How many files were parsed again so far."""
        return len(self._done)

    def mark(self) -> _Mark:
        """Where this stands now, for `since`."""
        return frozenset(self._done), len(self.changed), len(self.warnings)

    def since(self, mark: _Mark) -> OnDemandDelta:
        """What was worked out after `mark` (to hand to another process's `absorb`)."""
        done, changed, warnings = mark
        facts = {path: facts for path, facts in self._done.items() if path not in done}
        return OnDemandDelta(facts, tuple(self.changed[changed:]), tuple(self.warnings[warnings:]))

    def absorb(self, delta: OnDemandDelta) -> None:
        """Take what another process (a forked copy of this one) worked out."""
        for path, facts in delta.facts.items():
            self._done.setdefault(path, dict(facts))
        self.changed.extend(path for path in delta.changed if path not in self.changed)
        self.warnings.extend(warning for warning in delta.warnings if warning not in self.warnings)

    def get(self, collector: str, path: str) -> Any:
        """The facts of `collector` for the file at `path`, or None (none, or the file changed)."""
        if path not in self._done:
            self._done[path] = self._collect(path)
        return self._done[path].get(collector)

    def _collect(self, path: str) -> dict[str, Any]:
        info = self.files.get(path)
        data = read_source(self.root, path)
        if info is None or not isinstance(data, bytes):
            return {}
        if hashlib.sha256(data).hexdigest() != info.sha256:
            self.changed.append(path)
            return {}
        parsed = parse_source(path, data, info.sha256)
        if not isinstance(parsed, tuple):
            return {}
        source, _ = parsed
        facts = {name: by_path[path] for name, by_path in self.scan_facts.items() if path in by_path}
        for name, collector in self.collectors.items():
            try:
                collected = collector.collect(source, facts)
            except Exception as error:  # noqa: BLE001 - a collector's bug costs its facts, not the scan
                message = f"collector {name!r} failed: {type(error).__name__}: {error}"
                self.warnings.append(ScanWarning(path, COLLECTOR_ERROR, message))
                continue
            if collected is not None:
                facts[name] = collected
        return {name: facts[name] for name in self.collectors if name in facts}
