"""Per-file result cache: what the collectors made of a file, keyed by its content.

Layout: `<cache dir>/<salt>/<key[:2]>/<key>.pickle`, one pickle per file result. The salt
fingerprints everything that can change a result (prodready's version, the Python version, the
source of prodready and of every registered collector), so an upgrade or an edited rule starts
a fresh directory and the stale ones are removed. The key hashes the file's relative path with
its content hash (facts carry their path). Entries are written atomically; an entry that does
not load is treated as missing.
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
from pathlib import Path
from typing import Any, Iterable

import prodready

CACHE_DIR_NAME = ".prodready_cache"
_SOURCE_SUFFIXES = (".py", ".yaml", ".yml")
_SALT_LENGTH = 20
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
    """Pickled per-file results under one salted directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @staticmethod
    def key(relpath: str, content_sha256: str) -> str:
        """Cache key of one file version."""
        return hashlib.sha256(f"{relpath}\0{content_sha256}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def load(self, key: str) -> Any | None:
        """The stored result, or None when missing or unreadable (corrupt entries are ignored)."""
        try:
            with open(self._path(key), "rb") as handle:
                return pickle.load(handle)
        except Exception:  # noqa: BLE001 - any damage to an entry only means a re-parse
            return None

    def store(self, key: str, value: Any) -> None:
        """Write one entry atomically; failures (read-only disk, unpicklable facts) are ignored."""
        path = self._path(key)
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            path.parent.mkdir(exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except Exception:  # noqa: BLE001 - the cache is an optimisation, never a failure
            return


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
