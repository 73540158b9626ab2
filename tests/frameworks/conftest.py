"""Build and link the project model of small projects written to tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest

from prodready.config import Config
from prodready.frameworks.linking import with_routes
from prodready.rules import load_all
from prodready.scanner.discovery import discover
from prodready.scanner.model import ProjectModel
from prodready.scanner.pipeline import build_project, collectors_run_on_every_file
from prodready.scanner.runner import run_collectors


@pytest.fixture
def linked(tmp_path: Path) -> Callable[[dict[str, str]], ProjectModel]:
    """Write {relative path: source} under tmp_path; return the linked project model."""
    load_all()

    def run(files: dict[str, str]) -> ProjectModel:
        for relative, text in files.items():
            target = tmp_path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        found = discover(tmp_path, Config(), skip=())
        outcome = run_collectors(found.root, found.sources, collectors_run_on_every_file(), 1, None, None)
        return with_routes(build_project(found.root, outcome.results, {}))

    return run
