"""How a Helm value that could not be resolved shows in rendered text, and how readers spot it."""

from __future__ import annotations

import re

PREFIX = "HELM_UNRESOLVED"
_MARK = re.compile(PREFIX + r"\(([^)]*)\)")
_UNSAFE = re.compile(r"[^\w.$ |\"-]")


def mark(expression: str) -> str:
    """A plain YAML scalar standing for a template action whose value is unknown."""
    cleaned = _UNSAFE.sub("", expression).replace('"', "'").strip()
    return f"{PREFIX}({cleaned})"


def unresolved(value: object) -> str:
    """The template expression a rendered value stands for, "" when it is a real value."""
    match = _MARK.search(value) if isinstance(value, str) else None
    return match.group(1).strip() if match else ""
