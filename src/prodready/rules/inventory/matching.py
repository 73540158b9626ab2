"""Match indicator packs against one file: components, their capabilities and evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from prodready.rules.inventory.anchors import Anchor, RouteRef, find_anchor, stub_methods
from prodready.rules.inventory.file_index import FileIndex
from prodready.rules.inventory.packs import Capability, Component, Matcher, Pack
from prodready.rules.inventory.vocabulary import DefFact, Vocabulary

EVIDENCE_PREFERENCE = {"names": 0, "calls": 1, "settings": 1, "attributes": 2, "strings": 3, "imports": 4}


@dataclass(frozen=True)
class Evidence:
    """Where a capability was seen: the word that matched and its line."""

    capability: str
    term: str
    line: int


@dataclass(frozen=True)
class ComponentMatch:
    """One component found in one file, with its capabilities or its stub methods."""

    pack: Pack
    component: Component
    path: str
    anchor: Anchor
    evidence: tuple[Evidence, ...]
    stubs: tuple[DefFact, ...] = ()

    @property
    def placeholder(self) -> bool:
        """True when the component's key methods are all stubs."""
        return bool(self.stubs)


def _first_line(lines: tuple[int, ...], anchor: Anchor | None, kind: str) -> int | None:
    if anchor is None or not anchor.scoped or kind == "imports":
        return lines[0] if lines else None
    for line in lines:
        if anchor.start <= line <= anchor.end:
            return line
    return None


def _group_hits(group: Sequence[Matcher], index: FileIndex, anchor: Anchor | None) -> dict[str, tuple[int, int, int, int]]:
    """Distinct matching words -> (outside the anchor, kind preference, length, line): the best
    evidence is inside the component (its own name aside), a name or call rather than a
    variable, string or import, and the shortest word."""
    hits: dict[str, tuple[int, int, int, int]] = {}
    for matcher in group:
        for term, lines in index.matching(matcher):
            if term in hits:
                continue
            line = _first_line(lines, anchor, matcher.kind)
            if line is None:
                continue
            own_name = anchor is not None and term == anchor.symbol.rsplit(".", 1)[-1]
            inside = [n for n in lines if anchor is not None and anchor.start <= n <= anchor.end and not own_name]
            if inside and matcher.kind != "imports":
                line = inside[0]
            hits[term] = (0 if inside else 1, EVIDENCE_PREFERENCE[matcher.kind], len(term), line)
    return hits


def match_capabilities(capabilities: Iterable[Capability], index: FileIndex,
                       anchor: Anchor | None) -> tuple[Evidence, ...]:
    """Evidence of each capability found (in the given order), one per capability: its best
    occurrence (see _group_hits)."""
    found: list[Evidence] = []
    matched: set[str] = set()
    for capability in capabilities:
        if matched.intersection(capability.unless):
            continue
        all_hits: dict[str, tuple[int, int, int, int]] = {}
        for group in capability.groups:
            hits = _group_hits(group, index, anchor)
            if len(hits) < capability.min_matches:
                all_hits = {}
                break
            all_hits.update(hits)
        if all_hits:
            term, (*_, line) = min(all_hits.items(), key=lambda item: (item[1], item[0]))
            found.append(Evidence(capability.name, term, line))
            matched.add(capability.name)
    return tuple(found)


def _imports_allowed(component: Component, vocabulary: Vocabulary) -> bool:
    if not component.imports:
        return True
    return any(p.search(name) for name in vocabulary.imports for p in component.imports)


def match_component(pack: Pack, component: Component, index: FileIndex,
                    routes: Sequence[RouteRef] = ()) -> ComponentMatch | None:
    """The component in this file when it is anchored there and is real or a placeholder."""
    anchor = find_anchor(component, index, routes)
    if anchor is None or not _imports_allowed(component, index.vocabulary):
        return None
    stubs = stub_methods(component, anchor, index.vocabulary)
    evidence = match_capabilities(pack.capabilities_of(component), index, anchor)
    if not stubs and len(evidence) < component.min_capabilities:
        return None
    return ComponentMatch(pack, component, index.path, anchor, evidence, stubs)


def match_file(packs: Sequence[Pack], path: str, vocabulary: Vocabulary,
               routes: Sequence[RouteRef] = ()) -> list[ComponentMatch]:
    """The components of one file: per area, the first component of the packs that matches
    (fallback components after all the others)."""
    index = FileIndex(path, vocabulary)
    found: dict[str, ComponentMatch] = {}
    for fallback in (False, True):
        for pack in packs:
            if pack.area in found:
                continue
            for component in pack.components:
                if component.fallback != fallback:
                    continue
                match = match_component(pack, component, index, routes)
                if match is not None:
                    found[pack.area] = match
                    break
    return list(found.values())


def drop_fallbacks(matches: Sequence[ComponentMatch]) -> list[ComponentMatch]:
    """The matches without fallback components of areas where another component was found."""
    firm = {m.pack.area for m in matches if not m.component.fallback}
    return [m for m in matches if not (m.component.fallback and m.pack.area in firm)]
