"""Required literals of a regular expression: text every match contains, found with a substring
test (`in`, a C-level scan) before the far slower case-insensitive regular expression search.

Python ships no public parser for its regular expressions; `re._parser` is the one `re` itself
compiles with (stable since 3.11). Any pattern it cannot read safely gets no literal, and is then
always searched: a missing literal costs time, never a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

try:  # the parser `re.compile` uses; private, so its absence only disables the shortcut
    from re import _constants as _ops
    from re import _parser
except ImportError:  # pragma: no cover - a Python without the 3.11 layout
    _parser = None  # type: ignore[assignment]


def required_literal(pattern: re.Pattern[str]) -> str | None:
    """The longest literal (lower-cased) that every match of `pattern` contains, or None."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable pattern just has no shortcut
        return None
    longest = max(_runs(parsed), key=len, default="")
    if not longest.isascii():  # case folding maps some non-ASCII letters (the long s, the Kelvin sign) to ASCII
        return None
    return longest.lower() or None


def _runs(items: Iterable[tuple[object, object]]) -> Iterable[str]:
    """Runs of consecutive literal characters in a sequence that every match passes through
    (groups are entered; branches, classes and repeats end a run)."""
    run: list[str] = []
    for op, argument in items:
        if op is _ops.LITERAL and isinstance(argument, int):
            run.append(chr(argument))
            continue
        if op is _ops.SUBPATTERN and isinstance(argument, tuple):
            group = argument[-1]
            inner = list(_runs(group))
            if len(inner) == 1 and _all_literal(group):
                run.append(inner[0])  # a group of plain text continues the run around it
                continue
            yield "".join(run)
            run = []
            yield from inner
            continue
        yield "".join(run)
        run = []
    yield "".join(run)


def _all_literal(items: Iterable[tuple[object, object]]) -> bool:
    """True when a sequence is plain literal characters (or groups of them)."""
    return all(op is _ops.LITERAL or (op is _ops.SUBPATTERN and isinstance(arg, tuple) and _all_literal(arg[-1]))
               for op, arg in items)


def may_contain_match(literals: tuple[str, ...] | None, lowered: str | None) -> bool:
    """False only when `lowered` (an ASCII text, lower-cased) lacks every literal, so that no
    pattern can match it; True whenever that cannot be decided."""
    if literals is None or lowered is None:
        return True
    return any(literal in lowered for literal in literals)
