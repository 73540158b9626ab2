"""A stable fingerprint of this machine, for licenses bound to one host."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

_MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))


def machine_fingerprint() -> str:
    """SHA-256 (first 32 hex digits) of the OS machine id, or of the MAC address as a fallback."""
    for path in _MACHINE_ID_FILES:
        try:
            identity = path.read_text().strip()
        except OSError:
            continue
        if identity:
            break
    else:
        identity = f"mac:{uuid.getnode():012x}"
    return hashlib.sha256(identity.encode()).hexdigest()[:32]
