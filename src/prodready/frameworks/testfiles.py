"""Which scanned files are tests: their apps and routes are not the service's."""

from __future__ import annotations

from typing import Any

TEST_DIRECTORIES = ("tests", "test")
TEST_FRAMEWORKS = ("pytest", "unittest")
MOCK_MODULE = "unittest.mock"  # production code uses it too (`from unittest import mock` in a handler module)


def is_test_file(path: str, file_imports: Any = None) -> bool:
    """True under tests/ or test/ and for test modules (see `is_test_module`)."""
    return in_test_directory(path) or is_test_module(path, file_imports)


def unreachable_test_code(path: str, route_facts: Any) -> bool:
    """True for conftest.py and files under tests/ or test/ that declare no routes, routers or
    mounts: no route of the service can lead into their functions, so their bodies are not
    analysed (a router in a test directory may be mounted by production code: its file is)."""
    return route_facts is None and (path.rpartition("/")[2] == "conftest.py" or in_test_directory(path))


def in_test_directory(path: str) -> bool:
    """True for files under a tests/ or test/ directory (`path`: POSIX, relative to the root)."""
    return any(part in TEST_DIRECTORIES for part in path.split("/")[:-1])


def is_test_module(path: str, file_imports: Any = None) -> bool:
    """True for conftest.py, files importing pytest or unittest (but for `unittest.mock` alone), and
    test_*.py / *_test.py files in a test directory (so `api/test_routes.py` serving dev routes is
    not a test module)."""
    name = path.rpartition("/")[2]
    if name == "conftest.py":
        return True
    bindings = getattr(file_imports, "bindings", ())
    if any(b.module.split(".")[0] in TEST_FRAMEWORKS and _imported(b) != MOCK_MODULE
           and not _imported(b).startswith(MOCK_MODULE + ".") for b in bindings):
        return True
    return in_test_directory(path) and (name.startswith("test_") or name.endswith("_test.py"))


def _imported(binding: Any) -> str:
    """The dotted name an import binding brings in (`from unittest import mock`: "unittest.mock")."""
    return f"{binding.module}.{binding.attr}" if binding.attr else binding.module
