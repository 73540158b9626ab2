"""Which scanned files are tests: their apps and routes are not the service's."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

TEST_DIRECTORIES = ("tests", "test")
TEST_FRAMEWORKS = ("pytest", "unittest")


def is_test_file(path: str, file_imports: Any = None) -> bool:
    """True under tests/ or test/ and for test modules (see `is_test_module`)."""
    return in_test_directory(path) or is_test_module(path, file_imports)


def in_test_directory(path: str) -> bool:
    """True for files under a tests/ or test/ directory."""
    return any(part in TEST_DIRECTORIES for part in PurePosixPath(path).parts[:-1])


def is_test_module(path: str, file_imports: Any = None) -> bool:
    """True for conftest.py, files importing pytest or unittest, and test_*.py / *_test.py files
    in a test directory (so `api/test_routes.py` serving dev routes is not a test module)."""
    name = PurePosixPath(path).name
    if name == "conftest.py":
        return True
    modules = getattr(file_imports, "imported_modules", ())
    if any(m.split(".")[0] in TEST_FRAMEWORKS for m in modules):
        return True
    return in_test_directory(path) and (name.startswith("test_") or name.endswith("_test.py"))
