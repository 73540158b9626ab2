"""Does a probe's request path reach a route, and which probes call a route path."""

from __future__ import annotations

import re
from typing import Any, Iterable

_PARAMETER = re.compile(r"^(\{[^}]*\}|<[^>]*>|:\w+|\(\?P<[^>]+>.*\)|\[[^\]]*\])$")
_CATCH_ALL = re.compile(r"^(\{[^}]*:path\}|<path:[^>]*>|\*.*)$")


def segments(path: str) -> list[str]:
    """The segments of a URL path, query and fragment dropped, Django-style `^`/`$` anchors too."""
    path = path.split("?", 1)[0].split("#", 1)[0].strip().lstrip("^").rstrip("$")
    return [s for s in path.split("/") if s]


def matches(request: str, route: str) -> bool:
    """True when a request for `request` reaches a route declared as `route` (parameters match any
    one segment, `{rest:path}` the rest; trailing slashes do not matter)."""
    wanted, declared = segments(request), segments(route)
    for index, part in enumerate(declared):
        if _CATCH_ALL.match(part):
            return len(wanted) > index
        if index >= len(wanted) or not (part == wanted[index] or _PARAMETER.match(part)):
            return False
    return len(wanted) == len(declared)


def exactness(request: str, route: str) -> int:
    """How many segments match literally (to prefer `/health/ready` over `/health/{name}`)."""
    return sum(1 for a, b in zip(segments(request), segments(route), strict=False) if a == b)


def probe_kinds(wiring: Iterable[tuple[str, str]], route_path: str) -> tuple[str, ...]:
    """The probe kinds (liveness, readiness, startup, healthcheck) among `wiring`'s (kind, request
    path) pairs whose request reaches a route declared as `route_path`, each once, in order.

    Pairs come from the deployment model (`Probe.kind`, `Probe.http.path`) or a finished scan
    (`wiring_pairs` of its PR507 records)."""
    return tuple(dict.fromkeys(kind for kind, path in wiring if path and matches(path, route_path)))


def wiring_pairs(findings: Iterable[Any]) -> list[tuple[str, str]]:
    """(probe kind, request path) of a finished scan's PR507 records (`Finding`s), for
    `probe_kinds` where only a `ScanResult` is at hand (renderers, codemods)."""
    pairs = []
    for finding in findings:
        if getattr(finding, "rule_id", "") == "PR507":
            extra = dict(finding.extra)
            pairs.append((extra.get("probe", ""), extra.get("path", "")))
    return pairs
