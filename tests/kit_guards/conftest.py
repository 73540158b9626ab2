"""Fixtures for the guard tests: the test shops started as real processes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

APPS = Path(__file__).parent / "apps"
SERVING = Path(__file__).parent.parent / "kit_health" / "serving.py"


def _load_serving():  # noqa: ANN202 - importlib mode: load the shared helper by path
    spec = importlib.util.spec_from_file_location("kit_health_serving", SERVING)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


serving = sys.modules.get("kit_health_serving") or _load_serving()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., "serving.Service"]]:
    """serve(kind, module, **env) starts tests/kit_guards/apps/<module>; stopped afterwards."""
    started = []

    def start(kind: str, module: str, **env: str):
        service = serving.start_service(kind, module, APPS, tmp_path, env)
        started.append(service)
        return service

    yield start
    for service in started:
        service.stop()
