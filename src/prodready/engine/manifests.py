"""Read the dependency manifests discovery found (pyproject.toml, requirements*.txt, ...)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from prodready.engine.parsing import MAX_FILE_BYTES, TOO_LARGE, UNREADABLE
from prodready.model.findings import ScanWarning


def read_manifests(root: Path, relpaths: Iterable[str]) -> tuple[dict[str, str], tuple[ScanWarning, ...]]:
    """{relative path: text} of each readable manifest, and a warning for each unreadable one."""
    texts: dict[str, str] = {}
    warnings: list[ScanWarning] = []
    for relpath in relpaths:
        path = os.path.join(root, relpath)
        try:
            with open(path, "rb") as handle:
                if os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES:
                    warnings.append(ScanWarning(relpath, TOO_LARGE, "manifest skipped: over the size limit"))
                    continue
                data = handle.read()
        except OSError as error:
            warnings.append(ScanWarning(relpath, UNREADABLE, f"cannot read the manifest: {error.strerror}"))
            continue
        texts[relpath] = data.decode("utf-8-sig", errors="replace")
    return texts, tuple(warnings)
