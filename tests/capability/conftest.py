"""Scan small projects written to a temporary directory through the real pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from prodready.model.findings import ScanResult
from tests.conftest import scan_project

ScanFiles = Callable[..., ScanResult]


@pytest.fixture
def scan_files(tmp_path: Path) -> ScanFiles:
    """scan_files({path: source}, config=Config()) -> ScanResult of a fresh project."""
    return lambda files, config=None: scan_project(tmp_path / "project", files, config, strip_first_newline=True)
