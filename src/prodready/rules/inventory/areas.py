"""Areas without a component: declared-not-wired when their libraries are declared or imported,
else missing; either way with what was searched and what was found (PR404)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from prodready.model.findings import Location
from prodready.rules.capability.manifests import find_declarations
from prodready.rules.inventory.packs import Pack
from prodready.rules.inventory.vocabulary import Vocabulary

MISSING = "missing"
DECLARED = "declared-not-wired"
MAX_EVIDENCE = 5
ANCHOR_WORDS = {"routes": "route", "classes": "class", "functions": "function", "calls": "call",
                "modules": "module", "settings": "setting", "strings": "string"}
_SETTING_KEY = re.compile(r"^(?:\^|\(\^\|\\\.\))?(?:\\w\*)?([A-Za-z][A-Za-z0-9_]{2,})")


@dataclass(frozen=True)
class AreaOutcome:
    """The verdict for one area without a component, and its evidence."""

    status: str
    details: tuple[str, ...]
    related: tuple[Location, ...] = ()


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def setting_keys(packs: Sequence[Pack]) -> list[str]:
    """The configuration keys the packs' `settings` matchers name (INSTALLED_APPS, MIDDLEWARE, ...)."""
    patterns = [pattern.pattern
                for pack in packs
                for matchers in (*(g for c in pack.capabilities for g in c.groups), *(c.anchors for c in pack.components))
                for matcher in matchers if matcher.kind == "settings"
                for pattern in matcher.patterns]
    keys = []
    for pattern in patterns:
        match = _SETTING_KEY.match(pattern)
        if match:
            key = match.group(1)
            keys.append(key + "*" if key.endswith("_") else key)
    return _unique(keys)


def searched(packs: Sequence[Pack], manifests: Mapping[str, str]) -> list[str]:
    """What the packs of one area look for, as report lines."""
    titles = _unique(component.title for pack in packs for component in pack.components)
    kinds = _unique(ANCHOR_WORDS[m.kind] for pack in packs for c in pack.components for m in c.anchors)
    lines = [f"searched components {', '.join(titles)} (by {', '.join(kinds)} names)"] if titles else []
    libraries = _unique(library for pack in packs for library in pack.libraries)
    if libraries:
        lines.append(f"searched imports of {', '.join(libraries)}")
    keys = setting_keys(packs)
    if keys:
        lines.append(f"searched settings {', '.join(keys)}")
    packages = _unique(package for pack in packs for package in pack.packages)
    if packages:
        lines.append(f"searched manifests ({', '.join(sorted(manifests)) or 'none found'}) for {', '.join(packages)}")
    return lines


def _imports(vocabularies: Mapping[str, Vocabulary], libraries: Sequence[str],
             project_modules: frozenset[str]) -> list[tuple[str, str, int]]:
    found = []
    for path in sorted(vocabularies):
        for name, lines in vocabularies[path].imports.items():
            if name.split(".", 1)[0] in project_modules or not lines:
                continue
            library = next((lib for lib in libraries if name == lib or name.startswith(lib + ".")), None)
            if library:
                found.append((library, path, lines[0]))
    return found


def decide_area(packs: Sequence[Pack], vocabularies: Mapping[str, Vocabulary], manifests: Mapping[str, str],
                project_modules: frozenset[str] = frozenset()) -> AreaOutcome:
    """Declared-not-wired when a library of the area is declared or imported, else missing."""
    libraries = _unique(library for pack in packs for library in pack.libraries)
    packages = _unique(package for pack in packs for package in pack.packages)
    imported = _imports(vocabularies, libraries, project_modules) if libraries else []
    declared = find_declarations(manifests, packages, "") if packages else []
    lines = searched(packs, manifests)
    if not imported and not declared:
        return AreaOutcome(MISSING, tuple(lines))
    details = [f"{d.name} declared in {d.path}:{d.line}" for d in declared[:MAX_EVIDENCE]]
    details += [f"{library} imported in {path}:{line}" for library, path, line in imported[:MAX_EVIDENCE]]
    details.append("but no component uses it: " + "; ".join(line.removeprefix("searched ") for line in lines[:1]))
    related = [Location(d.path, d.line, d.line, message=f"{d.name} declared") for d in declared[:MAX_EVIDENCE]]
    related += [Location(path, line, line, message=f"{library} imported") for library, path, line in imported[:MAX_EVIDENCE]]
    return AreaOutcome(DECLARED, tuple(details), tuple(related))
