"""Content hashes of the scanned files, remembered by file status between scans.

Reading every file to hash it is most of what a warm re-scan does. As git's index does, a memo
in the cache directory keeps each file's sha256 with the status the file had when it was read
(size, mtime, ctime, inode); a file whose status is unchanged is not read again. Any write
changes ctime, which no user can set back. A file modified less than RACY_NS before it was read
is read again next time: a second write within the same timestamp tick would leave its status
unchanged (git's "racily clean" files).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import Sequence

from prodready.model.findings import ScanWarning
from prodready.engine.parsing import read_source

MEMO_NAME = "digests.pickle"
RACY_NS = 2_000_000_000

SourceHash = str | ScanWarning  # the sha256 of a file's bytes, or why it cannot be read
_Status = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
_Entry = tuple[_Status, str, int]  # status when read, sha256, when it was read (ns)


def _status(path: str) -> _Status | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


def _well_formed(entry: object) -> bool:
    return (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], tuple)
            and isinstance(entry[1], str) and isinstance(entry[2], int))


class DigestMemo:
    """sha256 of files by absolute path, trusted while their status is unchanged."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.path = cache_dir / MEMO_NAME if cache_dir is not None else None
        self.entries: dict[str, _Entry] = self._load()
        self.read = 0  # files read (and hashed) by this memo so far
        self._seen: set[str] = set()
        self._dirty = False

    def _load(self) -> dict[str, _Entry]:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as handle:
                entries = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a missing or damaged memo only means reading the files
            return {}
        if not isinstance(entries, dict):
            return {}
        return {key: entry for key, entry in entries.items() if _well_formed(entry)}

    def hashes(self, root: Path, relpaths: Sequence[str]) -> dict[str, SourceHash]:
        """Each file's sha256 (or the warning why it cannot be read), by relative path."""
        return {relpath: self.digest(root, relpath) for relpath in relpaths}

    def digest(self, root: Path, relpath: str) -> SourceHash:
        """One file's sha256, from the memo when its status is the remembered one."""
        key = os.path.join(root, relpath)
        self._seen.add(key)
        status = _status(key)
        entry = self.entries.get(key)
        if status is not None and entry is not None and entry[0] == status and status[1] < entry[2] - RACY_NS:
            return entry[1]
        read_at = time.time_ns()
        data = read_source(root, relpath)
        self.read += 1
        if isinstance(data, ScanWarning):
            return data
        digest = hashlib.sha256(data).hexdigest()
        if status is not None:
            self.entries[key] = (status, digest, read_at)
            self._dirty = True
        return digest

    def save(self) -> None:
        """Write the memo (atomically) when it changed, keeping only the files asked about since
        it was loaded; errors are ignored."""
        kept = {key: entry for key, entry in self.entries.items() if key in self._seen}
        if self.path is None or not (self._dirty or len(kept) < len(self.entries)):
            return
        try:
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, delete=False, suffix=".tmp") as handle:
                pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, self.path)
        except OSError:
            return
        self._dirty = False
