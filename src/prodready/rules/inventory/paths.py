"""Which scanned files are tests or development-only modules (not inventoried)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterable

from prodready.frameworks.testfiles import in_test_directory

TEST_WORDS = frozenset({"test", "tests", "testing", "conftest", "mock", "mocks", "fake", "fakes", "fixtures"})
_WORD_SPLIT = re.compile(r"[/_.\-]+")


def is_test_path(path: str) -> bool:
    """True under tests/ or test/, for conftest.py and for any test_*.py / *_test.py (unlike
    `is_test_file`, which keeps a route module named test_*.py that imports no test framework)."""
    name = path.rpartition("/")[2]
    return (in_test_directory(path) or name == "conftest.py"
            or name.startswith("test_") or name.endswith("_test.py"))


def is_test_or_dev_path(path: str, dev_words: Iterable[str] = ()) -> bool:
    """True for test code and dev-only modules (a path segment or file-name word says so)."""
    words = {w.lower() for w in _WORD_SPLIT.split(PurePosixPath(path).with_suffix("").as_posix()) if w}
    return is_test_path(path) or bool(words & (TEST_WORDS | {w.lower() for w in dev_words}))
