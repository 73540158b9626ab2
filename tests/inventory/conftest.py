"""Scan small projects written to a temporary directory through the real pipeline."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable, Mapping

import pytest

from prodready.config import Config
from prodready.scanner.findings import ScanResult
from prodready.scanner.options import ScanOptions
from prodready.scanner.pipeline import scan

ScanFiles = Callable[..., ScanResult]


def write_files(root: Path, files: Mapping[str, str]) -> None:
    """Write each {relative path: dedented text} under root."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def scan_files(tmp_path: Path) -> ScanFiles:
    """scan_files({path: source}, config=Config()) -> ScanResult of a fresh project."""

    def run(files: Mapping[str, str], config: Config | None = None) -> ScanResult:
        project = tmp_path / "project"
        write_files(project, files)
        return scan(ScanOptions(root=project, config=config or Config(), use_cache=False, jobs=1))

    return run
