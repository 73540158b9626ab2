"""Run every registered collector on every file, in worker processes, with the result cache.

The main process hashes each file (keeping only the hash) and answers from the cache when it
can; the remaining files go to a process pool in chunks (or are done in-process when there are
few), and whoever analyses a file reads it again, so no file's bytes are held by the main process
or travel to a worker. A file whose content changed since it was hashed is analysed as it is
now, not cached, and named in `RunOutcome.changed`. With an empty cache there is nothing to look
up, so the main process hashes nothing: the hash of what each worker read keys its result.
Workers pause the cyclic garbage collector while they parse (DESIGN §7) and send back only
pickled `FileResult`s: file info, {collector name: facts} and warnings, never syntax trees; the
main process keeps those bytes as the cache entries, so nothing is pickled twice. Forked
workers end with `os._exit` (multiprocessing's fork start method), so they skip interpreter
tear-down; their inherited heap is frozen, so no collection ever walks it.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence

from prodready.engine.cache import ResultCache
from prodready.engine.digests import SourceHash
from prodready.engine.parsing import parse_source, read_source
from prodready.model.findings import ScanWarning
from prodready.model.project import FileInfo

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future

SERIAL_BELOW = 40  # fewer files than this are analysed in-process: a pool costs more to start
MAX_CHUNK = 32
COLLECTOR_ERROR = "collector-error"


@dataclass(frozen=True)
class FileResult:
    """What the main process keeps of one file (the cached unit)."""

    path: str
    info: FileInfo | None
    facts: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[ScanWarning, ...] = ()


@dataclass(frozen=True)
class RunOutcome:
    """Results by path, how many files were parsed and came from the cache, processes used, the
    files whose content changed between hashing and analysis, and each file's content hash (of the
    bytes analysed, or why it could not be read)."""

    results: Mapping[str, FileResult]
    parsed: int
    cache_hits: int
    workers: int = 1
    changed: tuple[str, ...] = ()
    digests: Mapping[str, SourceHash] = field(default_factory=dict)


# (relative path, the sha256 the main process saw, None when it hashed nothing)
_Task = tuple[str, str | None]
# a task's result and the hash of the content analysed (or why the file could not be read)
_Done = tuple[FileResult, SourceHash]


def in_dependency_order(collectors: Mapping[str, Any]) -> dict[str, Any]:
    """The collectors ordered so that each comes after those it `requires` (registration order
    otherwise); a requirement missing from `collectors` is ignored."""
    graph = {name: [r for r in getattr(c, "requires", ()) if r in collectors] for name, c in collectors.items()}
    return {name: collectors[name] for name in TopologicalSorter(graph).static_order()}


def analyse(relpath: str, data: bytes, collectors: Mapping[str, Any], digest: str | None = None) -> FileResult:
    """Parse one file and run every collector on it (`collectors` in dependency order); a
    failing collector becomes a warning."""
    parsed = parse_source(relpath, data, digest)
    if isinstance(parsed, ScanWarning):
        return FileResult(relpath, None, {}, (parsed,))
    source, info = parsed
    facts: dict[str, Any] = {}
    warnings: list[ScanWarning] = []
    for name, collector in collectors.items():
        try:
            collected = collector.collect(source, facts)
        except Exception as error:  # noqa: BLE001 - one collector's bug must not lose the file
            message = f"collector {name!r} failed: {type(error).__name__}: {error}"
            warnings.append(ScanWarning(relpath, COLLECTOR_ERROR, message))
            continue
        if collected is not None:
            facts[name] = collected
    return FileResult(relpath, info, facts, tuple(warnings))


class _Analyser:
    """Does tasks with one set of collectors (in a worker or in-process)."""

    def __init__(self, root: Path, collectors: Mapping[str, Any]) -> None:
        self.root = root
        self.collectors = collectors

    def run(self, task: _Task) -> _Done:
        """Read, parse and collect one file's result, with the hash of the content analysed."""
        relpath = task[0]
        data = read_source(self.root, relpath)
        if isinstance(data, ScanWarning):
            return FileResult(relpath, None, {}, (data,)), data
        actual = hashlib.sha256(data).hexdigest()
        return analyse(relpath, data, self.collectors, actual), actual

    def run_chunk(self, tasks: Sequence[_Task]) -> list[_Done]:
        """Do a chunk with the cyclic collector paused."""
        with paused_gc():
            return [self.run(task) for task in tasks]


_WORKER: _Analyser | None = None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: it slows down building many objects (DESIGN §7)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _init_worker(root: Path, collectors: Mapping[str, Any]) -> None:
    """Worker start-up: pause the cyclic collector for the worker's life (DESIGN §7)."""
    global _WORKER
    gc.disable()
    gc.freeze()  # inherited objects are never scanned again (and stay shared copy-on-write)
    _WORKER = _Analyser(root, collectors)


def _worker_chunk(tasks: Sequence[_Task]) -> list[tuple[bytes, SourceHash]]:
    """Entry point of a pool task: the chunk's results, each pickled, with the hash of the content
    analysed (the collector stays paused, garbage of the chunk is freed)."""
    assert _WORKER is not None
    results = []
    for task in tasks:
        result, actual = _WORKER.run(task)
        results.append((pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), actual))
    gc.collect(0)
    return results


def _chunks(tasks: Sequence[_Task], workers: int) -> list[Sequence[_Task]]:
    """Split tasks into chunks small enough to balance `workers` processes."""
    size = max(1, min(MAX_CHUNK, len(tasks) // (workers * 8) or 1))
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def _pool_context() -> multiprocessing.context.BaseContext:
    """Fork on Linux: workers inherit the loaded rules without importing anything (elsewhere the
    platform's default; the collectors then travel pickled to each worker)."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def worker_count(jobs: int) -> int:
    """`jobs`, or every core this process may run on for 0."""
    if jobs > 0:
        return jobs
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def hash_sources(root: Path, paths: Sequence[str]) -> dict[str, SourceHash]:
    """Each file's sha256 (or the warning why it cannot be read), by path."""
    hashes: dict[str, SourceHash] = {}
    for relpath in paths:
        data = read_source(root, relpath)
        hashes[relpath] = data if isinstance(data, ScanWarning) else hashlib.sha256(data).hexdigest()
    return hashes


def run_collectors(
    root: Path,
    paths: Sequence[str],
    collectors: Mapping[str, Any],
    jobs: int = 0,
    cache: ResultCache | None = None,
    on_done: Callable[[int], None] | None = None,
    hashes: Mapping[str, SourceHash] | None = None,
) -> RunOutcome:
    """Results of all collectors for every path (relative to `root`), cached by content; `hashes`
    are the files the caller hashed already (with a cache that holds anything, the others are
    hashed here to look them up)."""
    results: dict[str, FileResult] = {}
    digests: dict[str, SourceHash] = {}
    tasks: list[_Task] = []
    cache_hits = 0
    look_up = cache is not None and not cache.empty
    for relpath in paths:
        digest = hashes.get(relpath) if hashes is not None else None
        if digest is None and look_up:
            digest = hash_sources(root, [relpath])[relpath]
        if isinstance(digest, ScanWarning):
            results[relpath], digests[relpath] = FileResult(relpath, None, {}, (digest,)), digest
            continue
        hit = cache.load(cache.key(relpath, digest)) if cache is not None and digest is not None and look_up else None
        if isinstance(hit, FileResult) and hit.path == relpath:
            results[relpath] = hit
            digests[relpath] = digest
            cache_hits += 1
        else:
            tasks.append((relpath, digest))
    if on_done and results:
        on_done(len(results))
    recorder = _Recorder(results, digests, cache, on_done, [])
    analyser = _Analyser(root, in_dependency_order(collectors))
    workers = min(worker_count(jobs), max(1, len(tasks) // 4))
    if len(tasks) < SERIAL_BELOW:
        workers = 1
    if workers == 1:
        for chunk in _chunks(tasks, 1):
            recorder.record(chunk, analyser.run_chunk(chunk))
    else:
        _run_pool(tasks, workers, analyser, recorder)
    if cache is not None:
        cache.flush()
    return RunOutcome(results, len(tasks), cache_hits, workers, tuple(sorted(recorder.changed)),
                      {relpath: digests[relpath] for relpath in paths})


@dataclass(frozen=True)
class _Recorder:
    """Keeps results and the hashes of what was analysed, stores results in the cache (when there
    is one) and reports progress."""

    results: dict[str, FileResult]
    digests: dict[str, SourceHash]
    cache: ResultCache | None
    on_done: Callable[[int], None] | None
    changed: list[str]  # files whose content changed since they were hashed (never cached)

    def record(self, tasks: Sequence[_Task], batch: list[_Done]) -> None:
        """Keep the results of a chunk done in this process."""
        for task, (result, actual) in zip(tasks, batch):
            self.results[result.path] = result
            if (key := self._cache_key(task, actual)) is not None and self.cache is not None:
                self.cache.store(key, result)
        self._advance(len(batch))

    def record_pickled(self, tasks: Sequence[_Task], batch: list[tuple[bytes, SourceHash]]) -> None:
        """Keep the results of a chunk a worker sent, pickled."""
        for task, (data, actual) in zip(tasks, batch):
            result: FileResult = pickle.loads(data)
            self.results[result.path] = result
            if (key := self._cache_key(task, actual)) is not None and self.cache is not None:
                self.cache.store_pickled(key, data)
        self._advance(len(batch))

    def _cache_key(self, task: _Task, actual: SourceHash) -> str | None:
        """The key to cache a task's result under (None: not cached); notes its hash, and the file
        when its content is not the one hashed for the task."""
        relpath, hashed = task
        self.digests[relpath] = actual
        if hashed is not None and hashed != actual:
            self.changed.append(relpath)
            return None
        if self.cache is None or not isinstance(actual, str):
            return None
        return self.cache.key(relpath, actual)

    def _advance(self, count: int) -> None:
        if self.on_done:
            self.on_done(count)


def _run_pool(tasks: list[_Task], workers: int, analyser: _Analyser, recorder: _Recorder) -> None:
    """Analyse tasks in a process pool; a chunk whose worker failed is redone in-process."""
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only scans that need a pool

    initargs = (analyser.root, analyser.collectors)
    with ProcessPoolExecutor(workers, _pool_context(), _init_worker, initargs) as pool:
        pending: dict[Future[list[tuple[bytes, SourceHash]]], Sequence[_Task]] = {
            pool.submit(_worker_chunk, chunk): chunk for chunk in _chunks(tasks, workers)
        }
        for future in as_completed(pending):
            chunk = pending[future]
            try:
                batch = future.result()
            except Exception:  # noqa: BLE001 - e.g. unpicklable facts or a dead worker
                recorder.record(chunk, analyser.run_chunk(chunk))
                continue
            recorder.record_pickled(chunk, batch)
