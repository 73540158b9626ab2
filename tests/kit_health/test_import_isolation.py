"""Importing the kit never imports the scanner's dependencies, and the core imports no framework."""

from __future__ import annotations

import functools
import json
import subprocess
import sys

import pytest

SCANNER_DEPENDENCIES = {"typer", "rich", "libcst", "astroid", "jinja2"}
FRAMEWORKS = {"fastapi", "starlette", "flask", "werkzeug", "django", "redis", "sqlalchemy", "httpx"}
# kit module -> the framework it adapts (what that framework imports by itself is not the kit's doing:
# Flask imports jinja2)
KIT_MODULES = {
    "prodready_kit": "os",
    "prodready_kit.health": "os",
    "prodready_kit.health.checks": "os",
    "prodready_kit.health.asgi": "os",
    "prodready_kit.health.wsgi": "os",
    "prodready_kit.health.fastapi": "fastapi",
    "prodready_kit.health.flask": "flask",
    "prodready_kit.health.django": "django.urls, django.http, django.views.decorators.http",
    "prodready_kit.guards": "os",
}
CORE_MODULES = ["prodready_kit", "prodready_kit.health", "prodready_kit.health.checks",
                "prodready_kit.health.asgi", "prodready_kit.health.wsgi", "prodready_kit.guards"]


@functools.cache
def top_level_modules_after_import(module: str) -> set[str]:
    code = f"import sys, json, {module}; print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return set(json.loads(output))


@pytest.mark.parametrize("module", KIT_MODULES)
def test_kit_module_does_not_import_scanner_dependencies(module):
    added_by_kit = top_level_modules_after_import(module) - top_level_modules_after_import(KIT_MODULES[module])
    assert added_by_kit & SCANNER_DEPENDENCIES == set()


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_kit_module_imports_no_framework_or_client(module):
    assert top_level_modules_after_import(module) & FRAMEWORKS == set()
