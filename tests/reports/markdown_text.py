"""Reading rendered Markdown in tests."""

from __future__ import annotations


def headings(text: str) -> list[tuple[int, str]]:
    """(line index, heading) of every Markdown heading outside code blocks."""
    found, fenced = [], False
    for index, line in enumerate(text.splitlines()):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            found.append((index, line))
    return found
