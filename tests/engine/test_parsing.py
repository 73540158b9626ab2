"""Reading, decoding and parsing: module names, encodings, and every failure as a warning."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from prodready.engine.parsing import module_name, parse_source, read_source
from prodready.model.findings import ScanWarning


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        ("main.py", ("main", False)),
        ("api/v1/rbac_test_routes.py", ("api.v1.rbac_test_routes", False)),
        ("api/__init__.py", ("api", True)),
        ("src/shop/orders.py", ("shop.orders", False)),
        ("src/shop/__init__.py", ("shop", True)),
        ("src.py", ("src", False)),
    ],
)
def test_module_name(relpath: str, expected: tuple[str, bool]) -> None:
    assert module_name(relpath) == expected


def test_utf8_bom_and_pep263_cookie_are_honoured() -> None:
    parsed = parse_source("bom.py", b"\xef\xbb\xbfname = 'caf\xc3\xa9'\n")
    assert not isinstance(parsed, ScanWarning)
    assert parsed[0].text == "name = 'café'\n"
    latin = parse_source("latin.py", b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n")
    assert not isinstance(latin, ScanWarning)
    source, info = latin
    assert isinstance(source.tree.body[0], ast.Assign)
    assert source.lines[1] == "name = 'café'"
    assert (info.module, info.line_count, len(info.sha256)) == ("latin", 2, 64)


@pytest.mark.parametrize(
    ("data", "kind", "fragment"),
    [
        (b"def broken(:\n    pass\n", "syntax-error", "line 1"),
        (b"x = 1\ny = '\xff\xfe'\n", "encoding", "line 2"),
        (b"# -*- coding: klingon -*-\nx = 1\n", "encoding", "klingon"),
        (b"x = " + b"(" * 10_000 + b")" * 10_000 + b"\n", "too-deep", "nest"),
        (b"x = " + b"-" * 200_000 + b"1\n", "too-deep", "nest"),
        (b"x = 1\x00\n", "null-bytes", "null"),
    ],
)
def test_parse_failures_become_warnings(data: bytes, kind: str, fragment: str) -> None:
    warning = parse_source("bad.py", data)
    assert isinstance(warning, ScanWarning)
    assert (warning.path, warning.kind) == ("bad.py", kind)
    assert fragment in warning.message


def test_read_failures_become_warnings(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_bytes(b"#" * 2048)
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "pkg.py").mkdir()
    too_large = read_source(tmp_path, "big.py", max_bytes=1024)
    assert isinstance(too_large, ScanWarning) and too_large.kind == "too-large"
    for name in ("gone.py", "pkg.py"):
        warning = read_source(tmp_path, name)
        assert isinstance(warning, ScanWarning) and warning.kind == "unreadable", name
    assert read_source(tmp_path, "big.py") == b"#" * 2048
