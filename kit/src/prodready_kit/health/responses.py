"""Framework-neutral probe responses: paths, status codes, headers and the JSON body."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, TypeVar

from prodready_kit.health.registry import HealthRegistry
from prodready_kit.health.report import HEALTH_JSON

DetailsPolicy = Callable[[Any], "bool | Awaitable[bool]"]  # request -> may this caller see details?
PROBE_SUFFIXES = (("/live", "liveness"), ("/ready", "readiness"), ("/startup", "startup"))
ROOT_PROBE = "readiness"
PROBE, COMPONENT, GROUP = "probe", "component", "group"
NAMED_SUFFIXES = (("/ready", COMPONENT), ("/group", GROUP))  # {prefix}/ready/{check}, {prefix}/group/{group}
T = TypeVar("T")
logger = logging.getLogger("prodready_kit.health")


@dataclass(frozen=True)
class ProbeResponse:
    """Everything an adapter needs to answer a probe over HTTP."""

    status_code: int
    body: bytes
    media_type: str = HEALTH_JSON
    headers: tuple[tuple[str, str], ...] = (("Cache-Control", "no-store"),)


def normalise_prefix(prefix: str) -> str:
    """"/health", "health/" and "/health/" all become "/health"; "" and "/" become ""."""
    stripped = prefix.strip("/")
    return f"/{stripped}" if stripped else ""


@dataclass(frozen=True)
class ProbeRoute:
    """One probe endpoint: its full path, the probe it runs and its route name."""

    path: str
    probe: str
    name: str


def probe_routes(prefix: str, include_root: bool = True) -> list[ProbeRoute]:
    """{prefix} (readiness, named "health"), {prefix}/live, {prefix}/ready and {prefix}/startup."""
    base = normalise_prefix(prefix)
    routes = [ProbeRoute(f"{base}{suffix}", probe, f"health_{probe}") for suffix, probe in PROBE_SUFFIXES]
    if include_root:
        routes.insert(0, ProbeRoute(base or "/", ROOT_PROBE, "health"))
    return routes


@dataclass(frozen=True)
class NamedRoute:
    """An endpoint taking a name after `path/`: one check's readiness, or a group."""

    path: str
    kind: str  # COMPONENT or GROUP
    name: str


def named_routes(prefix: str) -> list[NamedRoute]:
    """{prefix}/ready/{check} and {prefix}/group/{group}; each adapter adds its parameter syntax."""
    base = normalise_prefix(prefix)
    return [NamedRoute(f"{base}{suffix}", kind, f"health_{kind}") for suffix, kind in NAMED_SUFFIXES]


@dataclass(frozen=True)
class Target:
    """What one request asks for: a probe, one check (component) or a group, by name."""

    kind: str
    name: str


def resolve_path(path: str, prefix: str, include_root: bool = True) -> Target | None:
    """The target a request path names (trailing slash ignored), or None (not a health path)."""
    path = path.rstrip("/") or "/"
    for route in probe_routes(prefix, include_root):
        if path == route.path:
            return Target(PROBE, route.probe)
    for named in named_routes(prefix):
        head, _, name = path.rpartition("/")
        if head == named.path and name:
            return Target(named.kind, name)
    return None


async def details_allowed(policy: DetailsPolicy | None, request: Any) -> bool:
    """Whether the caller may see details: never without a policy, nor when the policy raises."""
    if policy is None:
        return False
    try:
        allowed = policy(request)
        if inspect.isawaitable(allowed):
            allowed = await allowed
    except Exception:  # noqa: BLE001 - a broken policy must not break the probe; it hides details
        logger.exception("health details policy failed; details hidden")
        return False
    return bool(allowed)


NOT_FOUND = ProbeResponse(404, b"Not Found", "text/plain; charset=utf-8")


async def target_response(registry: HealthRegistry, target: Target, *, details_policy: DetailsPolicy | None = None,
                          request: Any = None) -> ProbeResponse:
    """Run what `target` names and render it: 200 for pass/warn, 503 for fail (a group may map
    statuses its own way), details only when allowed; 404 for an unknown check or group."""
    if target.kind == PROBE:
        report = await registry.probe(target.name)
    elif target.kind == COMPONENT:
        report = await registry.component(target.name)
    else:
        report = await registry.group(target.name)
    if report is None:
        return NOT_FOUND
    details = await details_allowed(details_policy, request)
    body = json.dumps(report.to_dict(details=details), separators=(",", ":")).encode()
    return ProbeResponse(report.http_status, body)


async def probe_response(registry: HealthRegistry, probe: str, *, details_policy: DetailsPolicy | None = None,
                         request: Any = None) -> ProbeResponse:
    """Run `probe` ("liveness", "readiness" or "startup") and render it."""
    return await target_response(registry, Target(PROBE, probe), details_policy=details_policy, request=request)


def run_sync(make_coroutine: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine from sync code (WSGI views); on a helper thread if this thread runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_run(make_coroutine))
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _run(make_coroutine)).result()


async def _run(make_coroutine: Callable[[], Awaitable[T]]) -> T:
    return await make_coroutine()


def target_response_sync(registry: HealthRegistry, target: Target, *, details_policy: DetailsPolicy | None = None,
                         request: Any = None) -> ProbeResponse:
    """`target_response` for sync code (WSGI servers: one short event loop per probe)."""
    return run_sync(lambda: target_response(registry, target, details_policy=details_policy, request=request))


def probe_response_sync(registry: HealthRegistry, probe: str, *, details_policy: DetailsPolicy | None = None,
                        request: Any = None) -> ProbeResponse:
    """`probe_response` for sync code."""
    return target_response_sync(registry, Target(PROBE, probe), details_policy=details_policy, request=request)
