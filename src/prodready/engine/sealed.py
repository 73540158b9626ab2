"""Cache files only this user's scanner can have written: an HMAC seal on every file it reads.

A scanned repository can ship anything, cache files included (an in-tree cache directory, a
`--cache-dir` inside the repository). So every file the cache writes is `MAGIC`, an HMAC-SHA256
tag, then the payload, and nothing is deserialised before its tag is verified with a key that
never lies in a scanned tree: 32 random bytes in the user's cache home, readable by the user
only. A planted or damaged file fails verification and is treated as missing.

Files are opened without following symbolic links, so a link planted in a cache directory
cannot make the cache read or overwrite anything outside it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"prodready-sealed-1\n"
KEY_NAME = "cache.key"
KEY_BYTES = 32
_TAG_BYTES = hashlib.sha256().digest_size
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def user_cache_home() -> Path:
    """The user's cache directory for prodready (XDG on Linux, the platform's elsewhere)."""
    import platformdirs

    return platformdirs.user_cache_path("prodready", appauthor=False)


def default_cache_dir(root: Path) -> Path:
    """Where a scan of `root` caches by default: under the user's cache home, keyed by the
    root's real path (as pip and mypy keep caches outside the project)."""
    real = os.path.realpath(root)
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:16]
    return user_cache_home() / "roots" / f"{Path(real).name or 'root'}-{digest}"


@dataclass(frozen=True)
class Seal:
    """Signs and verifies cache payloads with one secret key."""

    key: bytes

    def _tag(self, payload: bytes) -> bytes:
        return hmac.new(self.key, payload, hashlib.sha256).digest()

    def wrap(self, payload: bytes) -> bytes:
        """The sealed form of `payload`."""
        return MAGIC + self._tag(payload) + payload

    def unwrap(self, blob: bytes) -> bytes | None:
        """The payload of a file this seal wrote, or None for anything else."""
        header = len(MAGIC) + _TAG_BYTES
        if len(blob) < header or not blob.startswith(MAGIC):
            return None
        tag, payload = blob[len(MAGIC):header], blob[header:]
        return payload if hmac.compare_digest(tag, self._tag(payload)) else None


def read_no_follow(path: Path) -> bytes:
    """The bytes of a regular file, refusing a symbolic link (OSError) at the last component."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return handle.read()


def create_no_follow(path: Path, data: bytes, mode: int = 0o644) -> bool:
    """Write a new file; False (nothing written) when anything, a link included, is there."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, mode)
    except OSError:
        return False
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return True


def open_seal(home: Path | None = None) -> Seal | None:
    """The user's seal, its key created on first use; None when no private key can be had
    (an unwritable home, a key file others can write or that is a link)."""
    home = home if home is not None else user_cache_home()
    path = home / KEY_NAME
    try:
        home.mkdir(parents=True, exist_ok=True)
        create_no_follow(path, os.urandom(KEY_BYTES), mode=0o600)
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
        with os.fdopen(fd, "rb") as handle:
            status = os.fstat(handle.fileno())
            key = handle.read()
    except OSError:
        return None
    private = stat.S_ISREG(status.st_mode) and not status.st_mode & 0o077
    owned = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    if not (private and owned) or len(key) != KEY_BYTES:
        return None
    return Seal(key)
