"""The one place that knows which fields of a compound statement hold nested statements."""

from __future__ import annotations

import ast
from typing import Iterator


def nested_blocks(node: ast.AST) -> Iterator[list[ast.stmt]]:
    """The statement lists directly inside `node`: body, else, finally, except and case bodies."""
    for field in ("body", "orelse", "finalbody"):
        block = getattr(node, field, None)
        if block:
            yield block
    for handler in getattr(node, "handlers", None) or ():
        yield handler.body
    for case in getattr(node, "cases", None) or ():
        yield case.body
