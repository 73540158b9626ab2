"""ast's UTF-8 byte columns against LibCST's character columns, on non-ASCII source."""

from __future__ import annotations

import ast

import libcst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from prodready.model.positions import byte_to_char_offset, char_to_byte_offset, node_location

SOURCE = 'greeting = "héllo wörld 🎉" + name  # 名前\nvalue = "ü" ; other = size\n'


def _libcst_name_columns(source: str) -> dict[str, tuple[int, int, int]]:
    """{name: (line, start column, end column)} of every Name as LibCST sees it (characters)."""
    wrapper = MetadataWrapper(libcst.parse_module(source))
    positions = wrapper.resolve(PositionProvider)
    found: dict[str, tuple[int, int, int]] = {}

    class Names(libcst.CSTVisitor):
        def visit_Name(self, node: libcst.Name) -> None:
            span = positions[node]
            found[node.value] = (span.start.line, span.start.column, span.end.column)

    wrapper.module.visit(Names())
    return found


def test_ast_byte_columns_map_to_libcst_character_columns() -> None:
    lines = SOURCE.splitlines()
    expected = _libcst_name_columns(SOURCE)
    names = [n for n in ast.walk(ast.parse(SOURCE)) if isinstance(n, ast.Name)]
    assert {n.id for n in names} == set(expected) == {"greeting", "name", "value", "other", "size"}
    for node in names:
        line, start, end = expected[node.id]
        location = node_location("m.py", lines, node)
        columns = (location.start_line, location.start_col - 1, location.end_col - 1)
        assert columns == (line, start, end), node.id
        # ast's own offsets are bytes: after the non-ASCII literal they differ from characters
        if node.id in ("name", "size"):
            assert node.col_offset > start


def test_span_from_one_node_to_another() -> None:
    tree = ast.parse(SOURCE)
    first, second = tree.body[0], tree.body[2]
    location = node_location("m.py", SOURCE.splitlines(), first, second, message="both")
    assert (location.start_line, location.end_line, location.start_col, location.end_col) == (1, 2, 1, 27)  # 26 characters on line 2
    assert location.message == "both"


@pytest.mark.parametrize("line", ["plain ascii", "ça va 🎉 très bien", "日本語のテキスト"])
def test_round_trip(line: str) -> None:
    for chars in range(len(line) + 1):
        assert byte_to_char_offset(line, char_to_byte_offset(line, chars)) == chars
    assert char_to_byte_offset(line, len(line)) == len(line.encode("utf-8"))
