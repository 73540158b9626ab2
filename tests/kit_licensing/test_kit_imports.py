"""The kit modules never pull in the scanner's dependencies."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCANNER_ONLY = ("typer", "rich", "libcst", "astroid", "jinja2")


@pytest.mark.parametrize("module", [
    "prodready_kit.licensing", "prodready_kit.licensing.flags", "prodready_kit.tracing",
    "prodready_kit.cluster", "prodready_kit.cluster.aio",
])
def test_kit_module_imports_no_scanner_dependency(module: str) -> None:
    script = f"import sys, {module}; print(sorted(m for m in {SCANNER_ONLY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
