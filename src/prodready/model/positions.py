"""Column conventions: `ast`/astroid give UTF-8 byte offsets, LibCST and `Location` use characters.

`Location` columns are 1-based character columns; `end_col` is exclusive (the column just after
the last character, as in SARIF), 0 when unknown. `ast` reports 0-based UTF-8 *byte* offsets
(`col_offset`, `end_col_offset`); astroid copies them; LibCST's `CodePosition.column` is a
0-based *character* offset. Every conversion between them goes through this module.
"""

from __future__ import annotations

import ast
import re
from typing import Sequence

from prodready.model.findings import Location

_NEWLINE = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """Lines as Python numbers them: split at \\n, \\r\\n and \\r only.

    `str.splitlines` also splits at form feeds, \\x1c-\\x1e, \\x85 and \\u2028, which would
    shift every later line number in files that contain them.
    """
    lines = _NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def byte_to_char_offset(line: str, byte_offset: int) -> int:
    """0-based character offset in `line` of a 0-based UTF-8 byte offset (ast, astroid)."""
    if byte_offset <= 0:
        return 0
    if line.isascii():
        return min(byte_offset, len(line))
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def char_to_byte_offset(line: str, char_offset: int) -> int:
    """0-based UTF-8 byte offset of a 0-based character offset in `line` (LibCST -> ast)."""
    if char_offset <= 0:
        return 0
    if line.isascii():
        return min(char_offset, len(line))
    return len(line[:char_offset].encode("utf-8"))


def _line(lines: Sequence[str], lineno: int) -> str:
    """Text of a 1-based line, "" when out of range."""
    return lines[lineno - 1] if 0 < lineno <= len(lines) else ""


def node_location(
    path: str, lines: Sequence[str], node: ast.AST, end_node: ast.AST | None = None, message: str = ""
) -> Location:
    """`Location` of an ast node (or from `node` to `end_node`), with character columns.

    `lines` is the file's text split by `source_lines`.
    """
    last = end_node if end_node is not None else node
    start_line = getattr(node, "lineno", 1)
    end_line = getattr(last, "end_lineno", None) or getattr(last, "lineno", start_line)
    start_col = byte_to_char_offset(_line(lines, start_line), getattr(node, "col_offset", 0) or 0) + 1
    end_byte = getattr(last, "end_col_offset", None)
    end_col = 0 if end_byte is None else byte_to_char_offset(_line(lines, end_line), end_byte) + 1
    return Location(path, start_line, end_line, start_col, end_col, message)
