"""Per-file result cache: what the collectors made of a file, keyed by its content.

Layout: `<cache dir>/<salt>/<time>-<pid>.pack`: each pack is one pickled {key: pickled file
result}, so a scan reads and writes a few files rather than one per source file (creating
thousands of small files costs more than the whole warm scan). The salt fingerprints everything
that can change a result (prodready's version, the Python version, the source of prodready and
of every registered collector), so an upgrade or an edited rule starts a fresh directory and the
stale ones are removed. The key hashes the file's relative path with its content hash (facts
carry their path). A scan that adds entries writes one new pack holding the old entries and its
own, atomically, then removes the packs it read; an entry or pack that does not load is treated
as missing.

Next to the packs, `<key>.scan` files hold whole-scan analyses (findings of every rule family
before the per-run stages) keyed by `scan_key`, which covers every input of the rule families:
the salt, the root, each file's content hash, the manifests, the configuration and the content
of its indicator packs. A warm scan of an unchanged tree loads one of them and runs nothing.

Every pack and scan file is sealed (`prodready.engine.sealed`): nothing is unpickled unless the
user's own key authenticates it, so a cache a repository ships is rejected, with a
`cache-rejected` warning, and rebuilt. Links in the cache directory are never followed.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import prodready
from prodready.engine.sealed import Seal, create_no_follow, read_no_follow
from prodready.model.findings import ScanWarning

if TYPE_CHECKING:
    from prodready.model.config import Config

CACHE_DIR_NAME = ".prodready_cache"
_SOURCE_SUFFIXES = (".py", ".yaml", ".yml")
_SALT_LENGTH = 20
PACK_SUFFIX = ".pack"
MAX_SPARE_ENTRIES = 4096  # entries of files not seen in a scan that a pack may keep
SCAN_SUFFIX = ".scan"
MAX_SCANS = 4  # whole-scan analyses kept per salt directory (newest first)
_SALT_NAME = re.compile(rf"[0-9a-f]{{{_SALT_LENGTH}}}\Z")
REJECTED = "cache-rejected"
PROJECT_PATH = "."  # warnings about the cache concern the scan, not a scanned file


def _package_files() -> list[Path]:
    """Every source and pack file of prodready itself, sorted."""
    package = Path(prodready.__file__).parent
    return sorted(p for p in package.rglob("*") if p.suffix in _SOURCE_SUFFIXES and "__pycache__" not in p.parts)


def fingerprint(collectors: Iterable[object]) -> str:
    """Hash of what determines a file's result: versions, prodready's code, the collectors' code."""
    digest = hashlib.sha256()
    digest.update(f"{prodready.__version__}\0{sys.version}\0".encode())
    files = set(_package_files())
    for collector in collectors:
        digest.update(f"{type(collector).__module__}.{type(collector).__qualname__}\0".encode())
        source = inspect.getsourcefile(type(collector))
        if source:
            files.add(Path(source))
    for path in sorted(files):
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(str(path).encode())
    return digest.hexdigest()[:_SALT_LENGTH]


def rejected(path: Path) -> ScanWarning:
    """The warning for a cache file the user's key does not authenticate."""
    return ScanWarning(
        PROJECT_PATH, REJECTED, f"ignored cache file {path.name}: not written by this user's prodready (rebuilt)"
    )


class ResultCache:
    """Pickled per-file results in sealed pack files under one salted directory."""

    def __init__(self, directory: Path, seal: Seal) -> None:
        self.directory = directory
        self.seal = seal
        self.warnings: list[ScanWarning] = []  # cache files rejected so far
        self._entries: dict[str, bytes] | None = None  # read lazily, on the first load
        self._packs: list[Path] = []  # the packs `_entries` came from
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()

    @property
    def empty(self) -> bool:
        """Whether the cache holds no pack and no whole-scan analysis (nothing to look up)."""
        try:
            return not any(path.suffix in (PACK_SUFFIX, SCAN_SUFFIX) for path in self.directory.iterdir())
        except OSError:
            return True

    @staticmethod
    def key(relpath: str, content_sha256: str) -> str:
        """Cache key of one file version."""
        return hashlib.sha256(f"{relpath}\0{content_sha256}".encode()).hexdigest()

    def _unsealed(self, path: Path) -> bytes | None:
        """The payload of a sealed cache file; None (with a warning) when the seal fails.

        Raises FileNotFoundError when the file is gone (removed by a concurrent scan)."""
        try:
            payload = self.seal.unwrap(read_no_follow(path))
        except FileNotFoundError:
            raise
        except OSError:  # a link, a directory, unreadable
            payload = None
        if payload is None:
            self.warnings.append(rejected(path))
        return payload

    def _read_packs(self) -> dict[str, bytes]:
        """Entries of every authentic pack, later packs winning; other packs are dropped."""
        if self._entries is None:
            self._entries = {}
            for path in sorted(self.directory.glob(f"*{PACK_SUFFIX}")):
                try:
                    payload = self._unsealed(path)
                except FileNotFoundError:
                    continue
                pack = _pack_entries(payload) if payload is not None else {}
                self._entries.update(pack)
                self._packs.append(path)
        return self._entries

    def load(self, key: str) -> Any | None:
        """The stored result, or None when missing or unreadable (corrupt entries are ignored)."""
        data = self._new.get(key) or self._read_packs().get(key)
        if data is None:
            return None
        try:
            value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - any damage to an entry only means a re-parse
            return None
        self._used.add(key)
        return value

    def store(self, key: str, value: Any) -> None:
        """Keep one entry for `flush`; unpicklable values are not cached."""
        try:
            self.store_pickled(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # noqa: BLE001 - the cache is an optimisation, never a failure
            return

    def store_pickled(self, key: str, data: bytes) -> None:
        """Keep one entry, already pickled, for `flush`."""
        self._new[key] = data
        self._used.add(key)

    def flush(self) -> None:
        """Write the entries stored since opening as one new pack (with the still useful old
        ones) and remove the packs read; nothing to write when nothing was stored."""
        if not self._new:
            return
        entries = dict(self._read_packs())
        entries.update(self._new)
        if len(entries) > 2 * len(self._used) + MAX_SPARE_ENTRIES:  # mostly stale: keep what this scan used
            entries = {key: data for key, data in entries.items() if key in self._used}
        try:
            fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.seal.wrap(pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)))
            os.replace(temporary, self.directory / f"{time.time_ns():020d}-{os.getpid()}{PACK_SUFFIX}")
        except Exception:  # noqa: BLE001 - read-only disk and the like: the cache is an optimisation
            return
        for path in self._packs:
            try:
                path.unlink(missing_ok=True)
            except OSError:  # e.g. open in another process on Windows: removed by a later scan
                continue
        self._packs, self._entries, self._new = [], None, {}

    def load_scan(self, key: str) -> Any | None:
        """The stored whole-scan analysis of `key`, or None when missing or unreadable."""
        try:
            payload = self._unsealed(self.directory / f"{key}{SCAN_SUFFIX}")
        except FileNotFoundError:
            return None
        if payload is None:
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # noqa: BLE001 - authentic but stale (a renamed class): the scan runs in full
            return None

    def store_scan(self, key: str, value: Any) -> None:
        """Write a whole-scan analysis atomically; keep only the newest MAX_SCANS of them."""
        try:
            data = self.seal.wrap(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, self.directory / f"{key}{SCAN_SUFFIX}")
            scans = sorted(self.directory.glob(f"*{SCAN_SUFFIX}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for stale in scans[MAX_SCANS:]:
                stale.unlink(missing_ok=True)
        except Exception:  # noqa: BLE001 - unpicklable results, a read-only disk: the cache is an optimisation
            return


def scan_key(salt: str, root: Path, digests: Mapping[str, str], manifests: Mapping[str, str], config: "Config") -> str:
    """Key of a whole-scan analysis: every input the collectors and rule families see."""
    digest = hashlib.sha256(f"{salt}\0{root}\0{config!r}\0".encode())
    for relpath in sorted(digests):
        digest.update(f"{relpath}\0{digests[relpath]}\0".encode())
    for relpath in sorted(manifests):
        digest.update(f"{relpath}\0{len(manifests[relpath])}\0{manifests[relpath]}\0".encode())
    for path in _pack_files(config):
        try:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            content = "unreadable"
        digest.update(f"{path}\0{content}\0".encode())
    return digest.hexdigest()


def _pack_files(config: "Config") -> list[Path]:
    """Every file or directory entry `config.packs` may name (whether or not it exists)."""
    base = Path(config.source).parent if config.source else Path.cwd()
    files: list[Path] = []
    for entry in config.packs:
        path = base / entry  # an absolute entry replaces the base
        files.append(path)
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
    return files


def _pack_entries(payload: bytes) -> dict[str, bytes]:
    """The entries of an authentic pack's payload ({} when it does not load as one)."""
    try:
        pack = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - authentic but stale or truncated: only means re-parsing
        return {}
    return pack if isinstance(pack, dict) else {}


def open_cache(cache_dir: Path, salt: str, seal: Seal | None) -> ResultCache | None:
    """Prepare `cache_dir` and its `salt` directory; None without a seal, when it cannot be
    written, or when either is a symbolic link.

    A `.gitignore` of `*` goes into a directory this call creates or one named
    `.prodready_cache`, never into an existing directory of the user's (`--cache-dir .`).
    """
    if seal is None:
        return None
    try:
        ours = not cache_dir.exists() or cache_dir.name == CACHE_DIR_NAME
        cache_dir.mkdir(parents=True, exist_ok=True)
        directory = cache_dir / salt
        if cache_dir.is_symlink() or directory.is_symlink():
            return None
        if ours:
            create_no_follow(cache_dir / ".gitignore", b"*\n")
        for stale in cache_dir.iterdir():  # only our own salt directories, whatever else is there
            if stale.name != salt and _SALT_NAME.match(stale.name) and stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
        directory.mkdir(exist_ok=True)
    except OSError:
        return None
    return ResultCache(directory, seal)
