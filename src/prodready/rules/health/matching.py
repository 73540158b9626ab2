"""Which routes are health-ish, and which of those are readiness routes.

A path segment (or the handler name) is health-ish when all its words are health words or their
usual companions: `/healthz`, `/healthy`, `/health-check`, `/api/v1/status`, `health_check()`; not
`/health-records/{id}`, `/statuses-report` or `get_patient_health()`. Words that also name
ordinary things (status, ping, live) count only as the last segment of a path without
parameters, or beside generic segments (`/api/v1/status`, `/psp/status`; not
`/orders/{id}/status` or `/live/streams`).
"""

from __future__ import annotations

import re
from typing import Iterable

from prodready.frameworks.words import words
from prodready.model.project import Route

HEALTH_SUFFIXES = ("z", "y", "check", "checks")  # healthz, healthy, healthcheck
HEALTH_PREFIXES = ("lb",)  # lbheartbeat: Mozilla Dockerflow's load-balancer heartbeat
WEAK_PATTERNS = frozenset({"status", "ping", "live"})
COMPANIONS = frozenset({
    "check", "checks", "probe", "probes", "endpoint", "deep", "full", "simple", "basic", "service",
    "system", "app", "api", "server", "get", "do", "handler", "route", "view", "root", "index",
    "k8s", "kube", "kubernetes", "lb", "startup", "is",
})
GENERIC_SEGMENT_WORDS = frozenset({
    "api", "internal", "system", "service", "app", "ops", "monitoring", "meta", "sys", "public",
    "private", "admin", "management", "manage", "server", "rest", "health", "healthz", "_", "status",
    "debug", "core",
})
_VERSION = re.compile(r"^v\d+$")
READINESS_WORDS = ("ready", "readyz", "readiness")
PROBE_METHODS = frozenset({"GET", "HEAD"})


_SEGMENT = re.compile(r"(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|[^/{])+")  # braces (one level nested) hold slashes
_PLACEHOLDER = re.compile(r"^\{\w+(?::[^{}]*)?\}$")


def _stem(word: str, patterns: frozenset[str], glued: bool = True) -> str:
    """The pattern `word` is (allowing the health suffixes, and a companion glued in front:
    `lbheartbeat`), else ""."""
    if word in patterns:
        return word
    for suffix in HEALTH_SUFFIXES:
        if word.endswith(suffix) and word[: -len(suffix)] in patterns:
            return word[: -len(suffix)]
    for prefix in HEALTH_PREFIXES:
        if word.startswith(prefix) and word[len(prefix):] in patterns:
            return word[len(prefix):]
    if glued:
        for companion in COMPANIONS:
            if word.startswith(companion) and len(word) > len(companion):
                stem = _stem(word[len(companion):], patterns, glued=False)
                if stem:
                    return stem
    return ""


def _segment_word(text: str, patterns: frozenset[str]) -> str:
    """The pattern a path segment or name is about, when all its words are health-ish."""
    found = ""
    for word in words(text):
        stem = _stem(word, patterns)
        if stem:
            found = found or stem
        elif word not in COMPANIONS:
            return ""
    return found


def _generic(segment: str) -> bool:
    return all(w in GENERIC_SEGMENT_WORDS or _VERSION.match(w) for w in words(segment))


def health_word(route: Route, patterns: Iterable[str]) -> str:
    """The health pattern the route's effective path or handler name is about, else ""."""
    if route.methods and not PROBE_METHODS & set(route.methods):
        return ""
    vocabulary = frozenset(p.lower() for p in patterns)
    segments = [s for s in _segments(route.path) if s and not _is_parameter(s)]
    for index, segment in enumerate(segments):
        word = _segment_word(segment, vocabulary)
        if not word:
            continue
        others = segments[:index] + segments[index + 1:]
        last_of_plain_path = index == len(segments) - 1 and not _has_parameters(route.path)
        if word in WEAK_PATTERNS and not (last_of_plain_path or all(_generic(o) for o in others)):
            continue
        return word
    if all(_generic(s) for s in segments):
        word = _segment_word(route.handler.rsplit(".", 1)[-1], vocabulary)
        return "" if word in WEAK_PATTERNS else word
    return ""


def is_readiness(route: Route) -> bool:
    """True when the path or handler name says readiness."""
    vocabulary = frozenset(READINESS_WORDS)
    handler = route.handler.rsplit(".", 1)[-1]
    return any(_stem(w, vocabulary) for w in (*words(route.path), *words(handler)))


def _has_parameters(path: str) -> bool:
    return any(_is_parameter(s) for s in _segments(path))


def _segments(path: str) -> list[str]:
    """The path's segments, an unresolved prefix expression (`{settings.PREFIX + "/api"}`) kept whole."""
    return [piece for piece in _SEGMENT.findall(path) if piece]


def _is_parameter(segment: str) -> bool:
    """A path parameter (`{id}`, `{id:int}`, `<pk>`, `(?P<pk>...)`, `:id`); an expression the scanner
    could not resolve (`{settings.API_PREFIX}`) is a fixed prefix, not a parameter."""
    if segment.startswith("{"):
        return _PLACEHOLDER.match(segment) is not None
    return segment.startswith(("<", "(", ":")) or "(?P" in segment
