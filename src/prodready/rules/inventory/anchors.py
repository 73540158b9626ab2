"""Anchors: the class, function, route, call, module, setting or string that makes a file a pack's component,
and whether that component is only a placeholder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from prodready.rules.inventory.file_index import FileIndex
from prodready.rules.inventory.packs import Component, Matcher
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


def module_path(path: str) -> str:
    """The path without its .py suffix, matched by `modules` anchors ("core/backup/main")."""
    return path[:-3] if path.endswith(".py") else path


def _pattern_rank(patterns: Sequence[re.Pattern[str]], text: str) -> int | None:
    for index, pattern in enumerate(patterns):
        if pattern.search(text):
            return index
    return None


def _class_anchor(matcher: Matcher, vocabulary: Vocabulary) -> Anchor | None:
    ranked: list[tuple[tuple[int, ...], ClassFact, tuple[DefFact, ...]]] = []
    for cls in vocabulary.classes:
        rank = _pattern_rank(matcher.patterns, cls.name) if matcher.matches(cls.name) else None
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
        rank = None if func.owner or not matcher.matches(func.name) else _pattern_rank(matcher.patterns, func.name)
        if rank is not None:
            ranked.append(((rank, func.start), func))
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


def _first_use_anchor(matcher: Matcher, index: FileIndex) -> Anchor | None:
    """A call, setting or string anchor: the first line where a matching word is used."""
    lines = [ls[0] for _, ls in index.matching(matcher) if ls]
    if not lines:
        return None
    return Anchor(matcher.kind, "", min(lines), min(lines), False)


def _module_anchor(matcher: Matcher, path: str, vocabulary: Vocabulary) -> Anchor | None:
    if not matcher.matches(module_path(path)):
        return None
    functions = tuple(d for d in vocabulary.defs if not d.owner)
    return Anchor("modules", "", 1, max(vocabulary.line_count, 1), False, functions)


def find_anchor(component: Component, index: FileIndex, routes: Sequence[RouteRef] = ()) -> Anchor | None:
    """The component's anchor in this file, trying anchor kinds in ANCHOR_KINDS order."""
    path, vocabulary = index.path, index.vocabulary
    for matcher in component.anchors:  # in ANCHOR_KINDS order, as the loader builds them
        kind = matcher.kind
        if kind == "classes":
            anchor = _class_anchor(matcher, vocabulary)
        elif kind == "functions":
            anchor = _function_anchor(matcher, vocabulary)
        elif kind == "routes":
            anchor = _route_anchor(matcher, vocabulary, routes)
        elif kind in ("calls", "settings", "strings"):
            anchor = _first_use_anchor(matcher, index)
        else:
            anchor = _module_anchor(matcher, path, vocabulary)
        if anchor is not None:
            return anchor
    return None


def stub_methods(component: Component, anchor: Anchor, vocabulary: Vocabulary) -> tuple[DefFact, ...]:
    """The anchor's key methods when every one of them is a stub, else (). Abstract classes,
    classes extended in the same file and classes whose methods all raise NotImplementedError
    (interfaces) are not placeholders."""
    if anchor.abstract or anchor.kind in ("calls", "settings", "strings"):
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
    if not considered or not all(d.stub for d in considered):
        return ()
    if anchor.kind == "classes" and all(d.stub == "not-implemented" for d in considered):
        return ()  # every method raising NotImplementedError: an interface by convention
    return tuple(considered)
