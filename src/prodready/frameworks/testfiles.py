"""Which scanned files are tests: their apps and routes are not the service's."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

TEST_DIRECTORIES = ("tests", "test")
TEST_FRAMEWORKS = ("pytest", "unittest")


def is_test_file(path: str, file_imports: Any = None) -> bool:
    """True under tests/ or test/, for conftest.py, and for test_*.py / *_test.py files that
    import pytest or unittest (so `api/test_routes.py` serving dev routes still counts)."""
    parts = PurePosixPath(path).parts
    if any(part in TEST_DIRECTORIES for part in parts[:-1]) or parts[-1] == "conftest.py":
        return True
    name = parts[-1]
    if not (name.startswith("test_") or name.endswith("_test.py")):
        return False
    modules = getattr(file_imports, "imported_modules", ())
    return any(m.split(".")[0] in TEST_FRAMEWORKS for m in modules)
