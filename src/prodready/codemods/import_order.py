"""isort's and ruff's import order: sections (future, stdlib, third party, first party, local) and
the sort keys within them (defaults: straight imports first, case-insensitive, members by type)."""

from __future__ import annotations

import sys

from prodready.codemods.style import Style

FUTURE, STDLIB, THIRD_PARTY, FIRST_PARTY, LOCAL = range(5)


def section_of(module: str, relative: int, style: Style) -> int:
    """The section an import of `module` (`relative` leading dots) belongs to."""
    if relative:
        return LOCAL
    if module == "__future__":
        return FUTURE
    if _known(module, style.third_party):
        return THIRD_PARTY
    if _known(module, style.first_party) or style.in_sources(module):
        return FIRST_PARTY
    if module.split(".")[0] in sys.stdlib_module_names:
        return STDLIB
    return THIRD_PARTY


def _known(module: str, names: frozenset[str]) -> bool:
    parts = module.split(".")
    return any(".".join(parts[:end]) in names for end in range(1, len(parts) + 1))


def statement_key(section: int, is_from: bool, module: str) -> tuple[int, int, str]:
    """Where a statement sorts in its block: section, `import x` before `from x import`, module."""
    return section, int(is_from), module.lower()


def member_key(name: str) -> tuple[int, str, str]:
    """Where a name sorts in `from x import ...`: CONSTANTS, then Classes, then the rest."""
    if name.isupper() and len(name) > 1:
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return kind, name.lower(), name
