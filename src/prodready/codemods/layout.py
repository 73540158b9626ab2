"""Fit lines a fix writes into the line length, split the way black and `ruff format` split them."""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass

import libcst as cst

INDENT = "    "
OPENING, CLOSING = "([{", ")]}"
LOGIC_OPERATORS = frozenset({"and", "or"})
OPAQUE_START = frozenset({getattr(tokenize, "FSTRING_START", -1), getattr(tokenize, "TSTRING_START", -1)})
OPAQUE_END = frozenset({getattr(tokenize, "FSTRING_END", -1), getattr(tokenize, "TSTRING_END", -1)})


@dataclass(frozen=True)
class _Token:
    """A significant token of one line: its text, its columns and its bracket depth before it."""

    text: str
    start: int
    end: int
    depth: int
    is_operator: bool


def _tokens(text: str) -> list[_Token] | None:
    """The tokens of one complete line of code (f-strings as one token), or None when it is not."""
    found: list[_Token] = []
    depth = 0
    opaque = 0
    opaque_start = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in OPAQUE_START:
                opaque, opaque_start = opaque + 1, opaque_start if opaque else token.start[1]
                continue
            if token.type in OPAQUE_END:
                opaque -= 1
                if not opaque:
                    found.append(_Token(text[opaque_start:token.end[1]], opaque_start, token.end[1], depth, False))
                continue
            if opaque or token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT,
                                        tokenize.DEDENT, tokenize.COMMENT):
                continue
            if token.start[0] != 1:
                return None
            is_operator = token.type == tokenize.OP
            if is_operator and token.string in CLOSING:
                depth -= 1
            found.append(_Token(token.string, token.start[1], token.end[1], depth, is_operator))
            if is_operator and token.string in OPENING:
                depth += 1
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    return found if depth == 0 else None


def _trailer(tokens: list[_Token]) -> tuple[int, int] | None:
    """(index of the opening, index of the closing) of the last bracket pair of a line: the one
    that closes the line, or is followed only by `:` (a `def` or a block statement)."""
    last = len(tokens) - 1
    if tokens and tokens[last].text == ":" and tokens[last].depth == 0:
        last -= 1
    if last < 0 or not (tokens[last].is_operator and tokens[last].text in CLOSING and tokens[last].depth == 0):
        return None
    for index in range(last - 1, -1, -1):
        token = tokens[index]
        if token.is_operator and token.text in OPENING and token.depth == 0:
            return index, last
    return None


def _split_points(tokens: list[_Token], depth: int) -> tuple[str, list[int]]:
    """Where a bracket's body splits: its commas, else its `and`/`or` (black's delimiter priority)."""
    commas = [i for i, t in enumerate(tokens) if t.depth == depth and t.is_operator and t.text == ","]
    if commas:
        return ",", commas
    return "logic", [i for i, t in enumerate(tokens) if t.depth == depth and not t.is_operator
                     and t.text in LOGIC_OPERATORS]


def fit_line(line: str, limit: int) -> str:
    """`line` (one line of code, its indentation included) split over several lines when it is
    longer than `limit` and has brackets to split at; otherwise unchanged."""
    if len(line) <= limit:
        return line
    stripped = line.lstrip(" ")
    indent = line[: len(line) - len(stripped)]
    code, comment = _without_comment(stripped)
    tokens = _tokens(code)
    if not tokens:
        return line
    pair = _trailer(tokens)
    if pair is None:
        return line
    opening, closing = pair
    head = code[: tokens[opening].end]
    tail = code[tokens[closing].start:] + comment
    body_tokens = tokens[opening + 1: closing]
    if not body_tokens:
        return line
    body = code[body_tokens[0].start: body_tokens[-1].end]
    inner = indent + INDENT
    if len(inner) + len(body) <= limit and not (body_tokens[-1].text == "," and body_tokens[-1].depth == 1):
        return f"{indent}{head}\n{inner}{body}\n{indent}{tail}"
    kind, points = _split_points(body_tokens, 1)
    parts = _parts(code, body_tokens, kind, points)
    lines = [fit_line(f"{inner}{part}", limit) for part in parts]
    return "\n".join([f"{indent}{head}", *lines, f"{indent}{tail}"])


def _parts(code: str, tokens: list[_Token], kind: str, points: list[int]) -> list[str]:
    """The pieces of a bracket's body: elements with their commas (a trailing one added), or
    operands with the operator leading each line after the first."""
    pieces: list[str] = []
    start = 0
    for point in [*points, len(tokens)]:
        if start >= len(tokens):
            break
        end = point if point < len(tokens) else len(tokens)
        if kind == ",":
            if end > start:
                pieces.append(code[tokens[start].start: tokens[end - 1].end] + ",")
            start = point + 1
        else:
            if end > start:
                pieces.append(code[tokens[start].start: tokens[end - 1].end])
            start = point
    return pieces


def _without_comment(code: str) -> tuple[str, str]:
    """The code of a line and its trailing comment (with the spaces before it)."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT:
                column = token.start[1]
                text = code[:column].rstrip()
                return text, code[len(text):].rstrip("\n")
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return code.rstrip("\n"), ""


def fit(code: str, limit: int) -> str:
    """Every line of `code` that is a complete statement on its own, fitted into `limit`."""
    ending = "\n" if code.endswith("\n") else ""
    lines = code[: len(code) - len(ending)].split("\n")
    return "\n".join(fit_line(line, limit) for line in lines) + ending


def import_statement(module: str, names: list[str], limit: int, indent: str = "") -> str:
    """`from module import a, b`, or black's parenthesised form, one name a line, when too long."""
    line = f"{indent}from {module} import {', '.join(names)}"
    if len(line) <= limit or len(names) < 1:
        return line + "\n"
    body = "".join(f"{indent}{INDENT}{name},\n" for name in names)
    return f"{indent}from {module} import (\n{body}{indent})\n"


def refit_statement(statement: cst.SimpleStatementLine, limit: int) -> cst.SimpleStatementLine:
    """A one-line statement a fix changed, split like black when it no longer fits `limit`."""
    code = cst.Module(body=[]).code_for_node(statement.with_changes(leading_lines=()))
    if code.count("\n") != 1 or len(code) - 1 <= limit:
        return statement
    fitted = fit(code, limit)
    if fitted == code:
        return statement
    rebuilt = cst.parse_statement(fitted)
    assert isinstance(rebuilt, cst.SimpleStatementLine)
    return rebuilt.with_changes(leading_lines=statement.leading_lines)


def refit_decorator(decorator: cst.Decorator, limit: int) -> cst.Decorator:
    """A one-line decorator a fix changed, its call split like black when it no longer fits."""
    expression = cst.Module(body=[]).code_for_node(decorator.decorator)
    comment = decorator.trailing_whitespace.comment
    room = limit - (len(comment.value) + 2 if comment else 0)
    if "\n" in expression or len(expression) + 1 <= room:
        return decorator
    fitted = fit_line(f"@{expression}", room)
    if fitted == f"@{expression}":
        return decorator
    return decorator.with_changes(decorator=cst.parse_expression(fitted[1:]))
