"""The rule registry as renderers read it: every rule, looked up by id, with its fix text."""

from __future__ import annotations

import re

from prodready.rules import load_all
from prodready.rules.base import Rule

_BLANK_LINE = re.compile(r"\n\s*\n")
_WHITESPACE = re.compile(r"\s+")
# The Fix section opens with its safety ("Unsafe (behaviour changes ...).", "No automatic fix:");
# a recommendation only needs what to do.
_SAFETY_PREFIX = re.compile(r"^(?:(?:Safe|Unsafe)\b(?:\s*\([^)]*\))?[^.]*\.\s+|No automatic fix\s*[:.-]\s*)", re.I)


def registered_rules() -> tuple[type[Rule], ...]:
    """Every registered rule, sorted by id (imports all rule modules first)."""
    load_all()
    return tuple(sorted(Rule.registry.values(), key=lambda rule: rule.id))


def rule_for(rule_id: str) -> type[Rule] | None:
    """The registered rule with this id, or None (a finding of an unknown or removed rule)."""
    load_all()
    return Rule.registry.get(rule_id)


def first_paragraph(text: str) -> str:
    """The first paragraph of a doc section, on one line."""
    head = _BLANK_LINE.split(text.strip(), maxsplit=1)[0]
    return _WHITESPACE.sub(" ", head).strip()


def fix_text(rule: type[Rule] | None) -> str:
    """What a rule's Fix section says to do, without its safety note ("" when it has none)."""
    text = _SAFETY_PREFIX.sub("", first_paragraph(rule.doc().fix)) if rule is not None else ""
    return text[:1].upper() + text[1:]
