"""Scan small multi-file projects written to tmp_path through the real pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from prodready.model.findings import Finding
from tests.conftest import scan_project


@pytest.fixture
def scan_files(tmp_path: Path) -> Callable[[dict[str, str]], list[Finding]]:
    """Write {relative path: source} under tmp_path and return the scan's findings."""
    return lambda files: list(scan_project(tmp_path, files).findings)
