"""Scan small projects written to a temporary directory through the real pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from prodready.model.config import Config
from prodready.model.findings import ScanResult
from tests.conftest import scan_project

ScanFiles = Callable[..., ScanResult]


@pytest.fixture
def scan_files(tmp_path: Path) -> ScanFiles:
    """scan_files({path: source}, config=Config(profile="enterprise")) -> ScanResult of a fresh project
    (the enterprise profile: licensing and clustering are off by default, and these tests are
    about how each capability is detected; tests/capability/test_profile.py covers the default)."""
    return lambda files, config=None: scan_project(
        tmp_path / "project", files, config or Config(profile="enterprise"), strip_first_newline=True,
    )
