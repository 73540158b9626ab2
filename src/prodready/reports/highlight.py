"""A small, safe Python highlighter for code excerpts in the HTML report (tokenize-based)."""

from __future__ import annotations

import builtins
import io
import keyword
import textwrap
import tokenize
from html import escape

from markupsafe import Markup

from prodready.model.positions import source_lines

_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
_CONSTANTS = frozenset({"True", "False", "None"})
_DEFINERS = frozenset({"def", "class"})
_LINE_STARTS = (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
_CLASSES = {tokenize.STRING: "st", tokenize.NUMBER: "nu", tokenize.COMMENT: "co"}
for _name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END"):  # Python 3.12+
    if hasattr(tokenize, _name):
        _CLASSES[getattr(tokenize, _name)] = "st"


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    """As many tokens as the tokenizer yields before an excerpt's truncation stops it."""
    tokens: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            tokens.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass
    return tokens


def _css_class(token: tokenize.TokenInfo, previous: tokenize.TokenInfo | None, in_decorator: bool) -> str:
    if token.type in _CLASSES:
        return _CLASSES[token.type]
    at_line_start = previous is None or previous.type in _LINE_STARTS
    if token.type == tokenize.OP and token.string == "@" and at_line_start:
        return "de"
    if token.type != tokenize.NAME:
        return ""
    if in_decorator:
        return "de"
    if token.string in _CONSTANTS:
        return "cn"
    if keyword.iskeyword(token.string) or keyword.issoftkeyword(token.string):
        return "kw"
    if previous is not None and previous.string in _DEFINERS:
        return "fn"
    if token.string in _BUILTINS:
        return "bi"
    return ""


def highlight_python(snippet: str) -> Markup:
    """The dedented snippet as escaped HTML with `<span class="..">` around tokens."""
    source = textwrap.dedent(snippet.expandtabs(4)).rstrip("\n")
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))

    def offset(row: int, col: int) -> int:
        return line_starts[min(row - 1, len(line_starts) - 1)] + col

    parts: list[str] = []
    cursor = 0
    previous: tokenize.TokenInfo | None = None
    in_decorator = False
    for token in _tokens(source):
        start, end = offset(*token.start), offset(*token.end)
        if start < cursor or end <= start:
            continue
        css = _css_class(token, previous, in_decorator)
        if css == "de" and token.string == "@":
            in_decorator = True
        elif in_decorator and token.type == tokenize.OP:
            in_decorator = token.string == "."
            css = "de" if in_decorator else ""
        parts.append(escape(source[cursor:start]))
        text = escape(source[start:end])
        parts.append(f'<span class="{css}">{text}</span>' if css else text)
        cursor = end
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token
    parts.append(escape(source[cursor:]))
    return Markup("".join(parts))


def excerpt_lines(snippet: str) -> int:
    """How many lines the displayed excerpt has."""
    return len(source_lines(textwrap.dedent(snippet.expandtabs(4)).rstrip("\n"))) or 1
