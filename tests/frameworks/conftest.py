"""Build and link the project model of small projects written to tmp_path."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from prodready.frameworks.linking import with_routes
from prodready.model.project import ProjectModel
from prodready.pipeline.scan import build_project
from tests.conftest import run_worker_pass


@pytest.fixture
def linked(tmp_path: Path) -> Callable[[dict[str, str]], ProjectModel]:
    """Write {relative path: source} under tmp_path; return the linked project model."""

    def run(files: dict[str, str]) -> ProjectModel:
        outcome = run_worker_pass(tmp_path, files)
        return with_routes(build_project(tmp_path, outcome.results, {}))

    return run
