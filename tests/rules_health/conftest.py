"""Scan small multi-file projects written to tmp_path through the real pipeline."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest

from prodready.scanner.findings import Finding
from prodready.scanner.options import ScanOptions
from prodready.scanner.pipeline import scan


@pytest.fixture
def scan_files(tmp_path: Path) -> Callable[[dict[str, str]], list[Finding]]:
    """Write {relative path: source} under tmp_path and return the scan's findings."""

    def run(files: dict[str, str]) -> list[Finding]:
        for relative, text in files.items():
            target = tmp_path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        result = scan(ScanOptions(root=tmp_path, use_cache=False, jobs=1))
        assert not [w for w in result.warnings if w.kind in ("rule-error", "collector-error")], result.warnings
        return list(result.findings)

    return run
