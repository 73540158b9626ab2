"""Match indicator packs against one file's vocabulary: anchors, capabilities and evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from prodready.rules.inventory.packs import ANCHOR_KINDS, Capability, Component, Matcher, Pack
from prodready.rules.inventory.vocabulary import ClassFact, DefFact, Vocabulary

IGNORED_METHODS = frozenset({
    "__init__", "__repr__", "__str__", "__eq__", "__hash__", "__enter__", "__exit__",
    "__aenter__", "__aexit__", "__del__", "__post_init__", "__len__", "__iter__",
})


@dataclass(frozen=True)
class RouteRef:
    """A route handled in the file: its full path and the handler's span."""

    path: str
    start: int
    end: int
    handler: str = ""


@dataclass(frozen=True)
class Anchor:
    """What made a file a component: a class, function, route, call or the module itself."""

    kind: str
    symbol: str
    start: int
    end: int
    scoped: bool  # evidence only counts inside [start, end] (imports always count)
    methods: tuple[DefFact, ...] = ()  # what decides whether it is a placeholder
    abstract: bool = False


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


def module_path(path: str) -> str:
    """The path without its .py suffix, matched by `modules` anchors ("core/backup/main")."""
    return path[:-3] if path.endswith(".py") else path


def terms(vocabulary: Vocabulary, kind: str) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The words of one vocabulary kind with their lines."""
    if kind == "imports":
        yield from vocabulary.imports.items()
    elif kind == "names":
        for cls in vocabulary.classes:
            yield cls.name, (cls.start,)
        for func in vocabulary.defs:
            yield func.name, (func.start,)
    elif kind == "attributes":
        yield from vocabulary.identifiers.items()
    elif kind == "calls":
        for name, lines in vocabulary.calls.items():
            yield name, lines
            resolved = vocabulary.resolve(name)
            if resolved != name:
                yield resolved, lines
    elif kind == "strings":
        yield from vocabulary.strings.items()


def _first_line(lines: tuple[int, ...], anchor: Anchor | None, kind: str) -> int | None:
    if anchor is None or not anchor.scoped or kind == "imports":
        return lines[0] if lines else None
    for line in lines:
        if anchor.start <= line <= anchor.end:
            return line
    return None


def _group_hits(group: Sequence[Matcher], vocabulary: Vocabulary, anchor: Anchor | None) -> dict[str, tuple[bool, int]]:
    """Distinct matching words -> (is an import, line); imports rank after code evidence."""
    hits: dict[str, tuple[bool, int]] = {}
    for matcher in group:
        for term, lines in terms(vocabulary, matcher.kind):
            if term in hits or not matcher.matches(term):
                continue
            line = _first_line(lines, anchor, matcher.kind)
            if line is not None:
                hits[term] = (matcher.kind == "imports", line)
    return hits


def match_capabilities(capabilities: Iterable[Capability], vocabulary: Vocabulary,
                       anchor: Anchor | None) -> tuple[Evidence, ...]:
    """Evidence of each capability found (in the given order), one per capability: its first
    occurrence in code, or its import when only imports show it."""
    found: list[Evidence] = []
    matched: set[str] = set()
    for capability in capabilities:
        if matched.intersection(capability.unless):
            continue
        all_hits: dict[str, tuple[bool, int]] = {}
        for group in capability.groups:
            hits = _group_hits(group, vocabulary, anchor)
            if len(hits) < capability.min_matches:
                all_hits = {}
                break
            all_hits.update(hits)
        if all_hits:
            term, (_, line) = min(all_hits.items(), key=lambda item: (item[1], item[0]))
            found.append(Evidence(capability.name, term, line))
            matched.add(capability.name)
    return tuple(found)


def _pattern_rank(patterns: Sequence[re.Pattern[str]], text: str) -> int | None:
    for index, pattern in enumerate(patterns):
        if pattern.search(text):
            return index
    return None


def _class_anchor(matcher: Matcher, vocabulary: Vocabulary) -> Anchor | None:
    ranked: list[tuple[tuple[int, ...], ClassFact, tuple[DefFact, ...]]] = []
    for cls in vocabulary.classes:
        rank = _pattern_rank(matcher.patterns, cls.name)
        if rank is None:
            continue
        methods = tuple(d for d in vocabulary.defs if d.owner == cls.qualname)
        ranked.append(((int(cls.abstract), rank, -len(methods), cls.start - cls.end, cls.start), cls, methods))
    if not ranked:
        return None
    _, cls, methods = min(ranked, key=lambda item: item[0])
    return Anchor("classes", cls.qualname, cls.start, cls.end, False, methods, cls.abstract)


def _function_anchor(matcher: Matcher, vocabulary: Vocabulary) -> Anchor | None:
    ranked = []
    for func in vocabulary.defs:
        rank = _pattern_rank(matcher.patterns, func.name)
        if rank is not None:
            ranked.append(((rank, bool(func.owner), func.start), func))
    if not ranked:
        return None
    func = min(ranked, key=lambda item: item[0])[1]
    return Anchor("functions", func.qualname, func.start, func.end, True, (func,))


def _route_anchor(matcher: Matcher, vocabulary: Vocabulary, routes: Sequence[RouteRef]) -> Anchor | None:
    candidates = [*routes, *(RouteRef(p, d.start, d.end, d.qualname) for d in vocabulary.defs for p in d.routes)]
    for route in sorted(candidates, key=lambda r: (r.start, r.path)):
        if matcher.matches(route.path):
            handler = [d for d in vocabulary.defs if d.start <= route.start <= d.end and not d.owner]
            symbol = handler[0].qualname if handler else route.handler.rsplit(".", 1)[-1]
            return Anchor("routes", symbol, route.start, route.end, True, tuple(handler[:1]))
    return None


def _call_anchor(matcher: Matcher, vocabulary: Vocabulary) -> Anchor | None:
    lines = [ls[0] for term, ls in terms(vocabulary, "calls") if ls and matcher.matches(term)]
    if not lines:
        return None
    return Anchor("calls", "", min(lines), min(lines), False)


def _module_anchor(matcher: Matcher, path: str, vocabulary: Vocabulary) -> Anchor | None:
    if not matcher.matches(module_path(path)):
        return None
    functions = tuple(d for d in vocabulary.defs if not d.owner)
    return Anchor("modules", "", 1, max(vocabulary.line_count, 1), False, functions)


def find_anchor(component: Component, path: str, vocabulary: Vocabulary,
                routes: Sequence[RouteRef] = ()) -> Anchor | None:
    """The component's anchor in this file, trying anchor kinds in ANCHOR_KINDS order."""
    by_kind = {matcher.kind: matcher for matcher in component.anchors}
    for kind in ANCHOR_KINDS:
        matcher = by_kind.get(kind)
        if matcher is None:
            continue
        if kind == "classes":
            anchor = _class_anchor(matcher, vocabulary)
        elif kind == "functions":
            anchor = _function_anchor(matcher, vocabulary)
        elif kind == "routes":
            anchor = _route_anchor(matcher, vocabulary, routes)
        elif kind == "calls":
            anchor = _call_anchor(matcher, vocabulary)
        else:
            anchor = _module_anchor(matcher, path, vocabulary)
        if anchor is not None:
            return anchor
    return None


def _imports_allowed(component: Component, vocabulary: Vocabulary) -> bool:
    if not component.imports:
        return True
    return any(p.search(name) for name in vocabulary.imports for p in component.imports)


def stub_methods(component: Component, anchor: Anchor, vocabulary: Vocabulary) -> tuple[DefFact, ...]:
    """The anchor's key methods when every one of them is a stub, else ()."""
    if anchor.abstract or anchor.kind == "calls":
        return ()
    if anchor.kind == "classes":
        subclassed = {base.rsplit(".", 1)[-1] for cls in vocabulary.classes for base in cls.bases}
        if anchor.symbol.rsplit(".", 1)[-1] in subclassed:
            return ()
    methods = [d for d in anchor.methods if not d.abstract]
    keyed = [d for d in methods if any(p.search(d.name) for p in component.key_methods)]
    considered = keyed
    if not considered and anchor.kind != "modules":
        considered = [d for d in methods if d.name not in IGNORED_METHODS]
    if considered and all(d.stub for d in considered):
        return tuple(considered)
    return ()


def match_component(pack: Pack, component: Component, path: str, vocabulary: Vocabulary,
                    routes: Sequence[RouteRef] = ()) -> ComponentMatch | None:
    """The component in this file when it is anchored there and is real or a placeholder."""
    anchor = find_anchor(component, path, vocabulary, routes)
    if anchor is None or not _imports_allowed(component, vocabulary):
        return None
    stubs = stub_methods(component, anchor, vocabulary)
    evidence = match_capabilities(pack.capabilities_of(component), vocabulary, anchor)
    if not stubs and len(evidence) < max(component.min_capabilities, 0):
        return None
    return ComponentMatch(pack, component, path, anchor, evidence, stubs)


def match_file(packs: Sequence[Pack], path: str, vocabulary: Vocabulary,
               routes: Sequence[RouteRef] = ()) -> list[ComponentMatch]:
    """The components of one file: per area, the first component of the packs that matches."""
    found: dict[str, ComponentMatch] = {}
    for pack in packs:
        if pack.area in found:
            continue
        for component in pack.components:
            match = match_component(pack, component, path, vocabulary, routes)
            if match is not None:
                found[pack.area] = match
                break
    return list(found.values())
