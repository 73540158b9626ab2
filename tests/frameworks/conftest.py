"""Build and link the project model of small projects written to tmp_path."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from prodready.engine.discovery import discover
from prodready.engine.manifests import read_manifests
from prodready.frameworks.linking import with_routes
from prodready.model.config import Config
from prodready.model.project import ProjectModel
from prodready.pipeline.scan import build_project
from tests.conftest import run_worker_pass


def link_tree(root: Path, files: dict[str, str]) -> ProjectModel:
    """Write {relative path: source} under `root` (manifests and Dockerfiles too); return the
    linked project model."""
    outcome = run_worker_pass(root, files)
    found = discover(root, Config(), skip=())
    manifests, _ = read_manifests(found.root, found.manifests)
    deployment_texts, _ = read_manifests(found.root, found.deployment)
    return with_routes(build_project(root, outcome.results, manifests, None, deployment_texts))


@pytest.fixture
def linked(tmp_path: Path) -> Callable[[dict[str, str]], ProjectModel]:
    """`link_tree` under tmp_path."""
    return lambda files: link_tree(tmp_path, files)
