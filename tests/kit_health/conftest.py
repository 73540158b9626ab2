"""Fixtures for the health kit tests: real services started as processes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

APPS = Path(__file__).parent / "apps"


def _load_serving():  # noqa: ANN202 - importlib mode: load the helper module by path
    spec = importlib.util.spec_from_file_location("kit_health_serving", Path(__file__).parent / "serving.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


serving = sys.modules.get("kit_health_serving") or _load_serving()
Service = serving.Service


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Service]]:
    """serve(kind, module, **env) starts tests/kit_health/apps/<module> and stops it afterwards."""
    started: list[Service] = []

    def start(kind: str, module: str, **env: str) -> Service:
        service = serving.start_service(kind, module, APPS, tmp_path, env)
        started.append(service)
        return service

    yield start
    for service in started:
        service.stop()
