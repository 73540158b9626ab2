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


class ResultCache:
    """Pickled per-file results in pack files under one salted directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._entries: dict[str, bytes] | None = None  # read lazily, on the first load
        self._packs: list[Path] = []  # the packs `_entries` came from
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()

    @staticmethod
    def key(relpath: str, content_sha256: str) -> str:
        """Cache key of one file version."""
        return hashlib.sha256(f"{relpath}\0{content_sha256}".encode()).hexdigest()

    def _read_packs(self) -> dict[str, bytes]:
        """Entries of every readable pack, later packs winning; unreadable packs are dropped."""
        if self._entries is None:
            self._entries = {}
            for path in sorted(self.directory.glob(f"*{PACK_SUFFIX}")):
                try:
                    with open(path, "rb") as handle:
                        pack = pickle.load(handle)
                    if not isinstance(pack, dict):
                        raise TypeError("not a pack")
                except FileNotFoundError:  # removed by a concurrent scan
                    continue
                except Exception:  # noqa: BLE001 - a damaged pack only means re-parsing
                    pack = {}
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
                pickle.dump(entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
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
            with open(self.directory / f"{key}{SCAN_SUFFIX}", "rb") as handle:
                return pickle.load(handle)
        except Exception:  # noqa: BLE001 - missing or damaged: the scan runs in full
            return None

    def store_scan(self, key: str, value: Any) -> None:
        """Write a whole-scan analysis atomically; keep only the newest MAX_SCANS of them."""
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
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


def open_cache(cache_dir: Path, salt: str) -> ResultCache | None:
    """Prepare `cache_dir` and its `salt` directory; None when it cannot be written.

    A `.gitignore` of `*` goes into a directory this call creates or one named
    `.prodready_cache`, never into an existing directory of the user's (`--cache-dir .`).
    """
    try:
        ours = not cache_dir.exists() or cache_dir.name == CACHE_DIR_NAME
        cache_dir.mkdir(parents=True, exist_ok=True)
        gitignore = cache_dir / ".gitignore"
        if ours and not gitignore.exists():
            gitignore.write_text("*\n", encoding="utf-8")
        for stale in cache_dir.iterdir():  # only our own salt directories, whatever else is there
            if stale.name != salt and _SALT_NAME.match(stale.name) and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        directory = cache_dir / salt
        directory.mkdir(exist_ok=True)
    except OSError:
        return None
    return ResultCache(directory)
