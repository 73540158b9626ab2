"""Content hashes of the scanned files, remembered by file status between scans.

Reading every file to hash it is most of what a warm re-scan does. As git's index does, a memo
in the cache directory keeps each file's sha256 with the status the file had when it was read
(size, mtime, ctime, inode); a file whose status is unchanged is not read again. Any write
changes ctime, which no user can set back. A file modified less than RACY_NS before it was read
is read again next time: a second write within the same timestamp tick would leave its status
unchanged (git's "racily clean" files).

On a first scan (an empty memo and cache) nothing is read to be hashed: `snapshot` notes every
file's status before the workers read the files, and `learn` keeps the hashes of what they read.

The memo is JSON, sealed like the cache packs (`prodready.engine.sealed`): a memo the user's
key does not authenticate is ignored with a `cache-rejected` warning and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from prodready.engine.cache import rejected
from prodready.engine.parsing import read_source
from prodready.engine.sealed import Seal, read_no_follow
from prodready.model.findings import ScanWarning

MEMO_NAME = "digests.json"
RACY_NS = 2_000_000_000
HASH_THREADS = 4
THREADED_FROM = 64  # fewer files are hashed in the calling thread: a pool costs more to start

SourceHash = str | ScanWarning  # the sha256 of a file's bytes, or why it cannot be read
_Status = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
_Entry = tuple[_Status, str, int]  # status when read, sha256, when it was read (ns)


def _status(path: str) -> _Status | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


def _entry(value: object) -> _Entry | None:
    """A memo entry from its JSON form `[[size, mtime, ctime, inode], sha256, read_at]`."""
    if not (isinstance(value, list) and len(value) == 3):
        return None
    status, digest, read_at = value
    if not (isinstance(status, list) and len(status) == 4 and all(type(n) is int for n in status)):
        return None
    if not (isinstance(digest, str) and type(read_at) is int):
        return None
    return (status[0], status[1], status[2], status[3]), digest, read_at


def _hash_one(root: Path, relpath: str) -> tuple[int, SourceHash]:
    """When the file was read (ns) and its sha256, or the warning why it cannot be read."""
    read_at = time.time_ns()
    data = read_source(root, relpath)
    return read_at, data if isinstance(data, ScanWarning) else hashlib.sha256(data).hexdigest()


def _read_and_hash(root: Path, relpaths: Sequence[str]) -> list[tuple[int, SourceHash]]:
    """_hash_one of each path, in order; in threads when there are many (reading and sha256
    release the GIL, so a cold scan hashes its tree about as fast as the disk gives it)."""
    if len(relpaths) < THREADED_FROM:
        return [_hash_one(root, relpath) for relpath in relpaths]
    with ThreadPoolExecutor(HASH_THREADS) as pool:
        return list(pool.map(lambda relpath: _hash_one(root, relpath), relpaths))


@dataclass(frozen=True)
class StatusSnapshot:
    """Files' statuses by relative path, noted before anything read them, and when."""

    root: Path
    taken_at: int  # ns, before the first status was taken
    statuses: Mapping[str, _Status | None]


class DigestMemo:
    """sha256 of files by absolute path, trusted while their status is unchanged."""

    def __init__(self, cache_dir: Path | None, seal: Seal | None) -> None:
        self.path = cache_dir / MEMO_NAME if cache_dir is not None and seal is not None else None
        self.seal = seal
        self.warnings: list[ScanWarning] = []
        self.entries: dict[str, _Entry] = self._load()
        self.read = 0  # files read (and hashed) by this memo so far
        self._seen: set[str] = set()
        self._dirty = False

    def _load(self) -> dict[str, _Entry]:
        if self.path is None or self.seal is None:
            return {}
        try:
            payload = self.seal.unwrap(read_no_follow(self.path))
        except FileNotFoundError:
            return {}
        except OSError:  # a link or unreadable: not ours
            payload = None
        if payload is None:
            self.warnings.append(rejected(self.path))
            self._dirty = True  # rewritten even when every file is read again unchanged
            return {}
        try:
            entries = json.loads(payload)
        except ValueError:  # authentic but damaged: only means reading the files
            return {}
        if not isinstance(entries, dict):
            return {}
        loaded = {key: _entry(value) for key, value in entries.items()}
        return {key: entry for key, entry in loaded.items() if entry is not None}

    def hashes(self, root: Path, relpaths: Sequence[str]) -> dict[str, SourceHash]:
        """Each file's sha256 (or the warning why it cannot be read), by relative path: from the
        memo when the file's status is the remembered one, else read and hashed (in threads)."""
        found: dict[str, SourceHash] = {}
        unread: list[tuple[str, str, _Status | None]] = []
        for relpath in relpaths:
            key = os.path.join(root, relpath)
            self._seen.add(key)
            status = _status(key)
            entry = self.entries.get(key)
            if status is not None and entry is not None and entry[0] == status and status[1] < entry[2] - RACY_NS:
                found[relpath] = entry[1]
            else:
                unread.append((relpath, key, status))
        for (relpath, key, status), (read_at, digest) in zip(unread, _read_and_hash(root, [u[0] for u in unread])):
            self.read += 1
            found[relpath] = digest
            if status is not None and isinstance(digest, str):
                self.entries[key] = (status, digest, read_at)
                self._dirty = True
        return {relpath: found[relpath] for relpath in relpaths}

    def snapshot(self, root: Path, relpaths: Sequence[str]) -> StatusSnapshot:
        """The status of each file now, for `learn` once others have read and hashed them."""
        taken_at = time.time_ns()
        return StatusSnapshot(root, taken_at, {relpath: _status(os.path.join(root, relpath)) for relpath in relpaths})

    def learn(self, snapshot: StatusSnapshot, digests: Mapping[str, SourceHash]) -> None:
        """Remember the hashes of files read after `snapshot`, under the status they had then: a
        file changed since has another status, so it is read again next time."""
        for relpath, status in snapshot.statuses.items():
            key = os.path.join(snapshot.root, relpath)
            self._seen.add(key)
            digest = digests.get(relpath)
            if status is not None and isinstance(digest, str):
                self.entries[key] = (status, digest, snapshot.taken_at)
                self._dirty = True

    def save(self) -> None:
        """Write the memo (atomically) when it changed, keeping only the files asked about since
        it was loaded; errors are ignored."""
        kept = {key: entry for key, entry in self.entries.items() if key in self._seen}
        if self.path is None or self.seal is None or not (self._dirty or len(kept) < len(self.entries)):
            return
        payload = json.dumps({key: [list(status), digest, read_at] for key, (status, digest, read_at) in kept.items()})
        try:
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, delete=False, suffix=".tmp") as handle:
                handle.write(self.seal.wrap(payload.encode()))
            os.replace(handle.name, self.path)
        except OSError:
            return
        self._dirty = False
