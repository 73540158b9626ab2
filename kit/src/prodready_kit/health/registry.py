"""The health registry: named checks, three probes, groups, a shared cache and an overall deadline."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from dataclasses import dataclass
from typing import Any, AsyncIterator, Callable, Iterable, Mapping, Sequence

from prodready_kit.health.cache import ResultCache
from prodready_kit.health.history import LOG_INTERVAL, CheckHistory, OutcomeObserver
from prodready_kit.health.report import (
    DEFAULT_HTTP_CODES, CheckReport, CheckResult, HealthReport, Status, overall_status,
)
from prodready_kit.health.runner import AsyncCheck, CheckFunction, Flight, Outcome, ThreadedCheck, runner_for

STARTUP_TAG = "startup"  # checks with this tag also run in the startup probe
PROBES = ("liveness", "readiness", "startup")
DRAIN_SECONDS = 5.0  # after SIGTERM: readiness fails, liveness passes, then the server shuts down


@dataclass(frozen=True)
class RegisteredCheck:
    """A check and how it is reported: component, measurement, timeout, criticality, tags."""

    name: str
    runner: ThreadedCheck | AsyncCheck
    component: str
    measurement: str | None
    component_type: str | None
    timeout: float
    critical: bool
    tags: tuple[str, ...]

    def report(self, outcome: Outcome, history: CheckHistory) -> CheckReport:
        """This check's entry in a probe report."""
        transition = history.transition(self.name)
        return CheckReport(self.name, self.component, self.measurement, self.component_type,
                           self.critical, outcome.result, outcome.time, outcome.duration,
                           transition.since if transition is not None else None)


@dataclass(frozen=True)
class HealthGroup:
    """A named set of checks with its own endpoint and status-to-HTTP mapping (Actuator's groups)."""

    name: str
    members: tuple[str, ...]
    tags: tuple[str, ...]
    http_codes: tuple[tuple[Status, int], ...]

    def includes(self, check: RegisteredCheck) -> bool:
        """Whether the check belongs to the group, by name or by tag."""
        return check.name in self.members or any(tag in self.tags for tag in check.tags)


def _system_entry(name: str, result: CheckResult) -> CheckReport:
    return CheckReport(name, name, None, "system", True, result)


class HealthRegistry:
    """Named health checks behind liveness, readiness and startup probes."""

    def __init__(self, *, version: str | None = None, service_id: str | None = None,
                 description: str | None = None, cache_ttl: float = 1.0, deadline: float = 2.0,
                 drain: float | None = DRAIN_SECONDS, metrics: bool = True,
                 log_interval: float = LOG_INTERVAL) -> None:
        if deadline <= 0:
            raise ValueError("deadline must be positive")
        if drain is not None and drain < 0:
            raise ValueError("drain must be a duration in seconds, or None to leave SIGTERM alone")
        self.version = version
        self.service_id = service_id
        self.description = description
        self.deadline = deadline
        self.drain = drain
        self.history = CheckHistory(log_interval)
        self._cache = ResultCache(cache_ttl, on_land=self.history.record)
        self._checks: dict[str, RegisteredCheck] = {}
        self._groups: dict[str, HealthGroup] = {}
        if metrics:
            from prodready_kit.health.metrics import default_observers

            self.history.observers.extend(default_observers(self))
        self._created = time.monotonic()
        self._started = False
        self._shutting_down = False

    # registration

    def register(self, name: str, check: CheckFunction, *, component: str | None = None,
                 measurement: str | None = None, timeout: float = 1.0, critical: bool = True,
                 tags: Iterable[str] = (), component_type: str | None = None) -> CheckFunction:
        """Add a check: a sync or async callable returning CheckResult, bool or None. Returns it."""
        if not name:
            raise ValueError("a check needs a name")
        if name in self._checks:
            raise ValueError(f"a check named {name!r} is already registered")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self._checks[name] = RegisteredCheck(
            name=name,
            runner=runner_for(check, name),
            component=component or name,
            measurement=measurement or getattr(check, "measurement", None),
            component_type=component_type or getattr(check, "component_type", None),
            timeout=timeout,
            critical=critical,
            tags=tuple(tags),
        )
        return check

    def check(self, name: str, **options: Any) -> Callable[[CheckFunction], CheckFunction]:
        """Decorator form of `register`."""
        return lambda function: self.register(name, function, **options)

    def add_group(self, name: str, *, members: Iterable[str] = (), tags: Iterable[str] = (),
                  http_codes: Mapping[Status | str, int] | None = None) -> HealthGroup:
        """A group served at {prefix}/group/{name}: the named checks and those with any of `tags`;
        `http_codes` maps statuses to HTTP codes (default pass/warn 200, fail 503)."""
        if not name or "/" in name:
            raise ValueError("a group needs a name without '/'")
        if name in self._groups:
            raise ValueError(f"a group named {name!r} already exists")
        codes = dict(DEFAULT_HTTP_CODES)
        codes.update({Status(status): code for status, code in (http_codes or {}).items()})
        group = HealthGroup(name, tuple(members), tuple(tags), tuple(codes.items()))
        self._groups[name] = group
        return group

    def add_observer(self, observer: OutcomeObserver) -> None:
        """Tell `observer` of every finished check run (a metrics exporter)."""
        self.history.observers.append(observer)

    @property
    def check_names(self) -> tuple[str, ...]:
        """The registered checks, in registration order."""
        return tuple(self._checks)

    def is_critical(self, name: str) -> bool:
        """Whether the check named `name` fails readiness when it fails."""
        return self._checks[name].critical

    # lifecycle

    def mark_started(self) -> None:
        """Start-up is complete: readiness and startup may pass from now on."""
        self._started = True

    def begin_shutdown(self) -> None:
        """Graceful shutdown began: readiness fails from now on so traffic drains."""
        self._shutting_down = True

    @property
    def started(self) -> bool:
        """Whether mark_started() was called."""
        return self._started

    @property
    def shutting_down(self) -> bool:
        """Whether begin_shutdown() was called."""
        return self._shutting_down

    def drain_on_sigterm(self) -> bool:
        """Begin shutting down on SIGTERM and let the server stop `drain` seconds later (see
        `lifecycle`); False when it cannot be installed here (not the main thread, drain=None)."""
        if self.drain is None:
            return False
        from prodready_kit.health.lifecycle import drain_on_sigterm

        return drain_on_sigterm(self, self.drain)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Any = None) -> AsyncIterator[None]:
        """An ASGI lifespan (`FastAPI(lifespan=registry.lifespan)`): started on entry, draining on
        SIGTERM and on exit."""
        self.drain_on_sigterm()
        self.mark_started()
        try:
            yield
        finally:
            self.begin_shutdown()

    # probes

    async def liveness(self) -> HealthReport:
        """The process answers: never runs dependency checks."""
        uptime = CheckResult(Status.PASS, round(time.monotonic() - self._created, 3), "s")
        return self._report("liveness", (_system_entry("uptime", uptime),))

    async def readiness(self) -> HealthReport:
        """Every registered check, unless start-up is incomplete or shutdown began (then fail)."""
        if not self._started:
            return self._lifecycle_failure("readiness", "start-up not complete")
        if self._shutting_down:
            return self._lifecycle_failure("readiness", "shutting down")
        return self._report("readiness", await self._run(tuple(self._checks.values())))

    async def startup(self) -> HealthReport:
        """Fails until mark_started(); then the checks tagged "startup"."""
        if not self._started:
            return self._lifecycle_failure("startup", "start-up not complete")
        tagged = tuple(c for c in self._checks.values() if STARTUP_TAG in c.tags)
        return self._report("startup", await self._run(tagged))

    async def probe(self, name: str) -> HealthReport:
        """Run a probe by name: "liveness", "readiness" or "startup"."""
        if name not in PROBES:
            raise ValueError(f"unknown probe {name!r}")
        return await getattr(self, name)()

    async def component(self, name: str) -> HealthReport | None:
        """Readiness of one check (`/health/ready/{name}`); None for an unknown check."""
        check = self._checks.get(name)
        if check is None:
            return None
        return self._report(f"readiness/{name}", await self._run((check,)))

    async def group(self, name: str) -> HealthReport | None:
        """The checks of one group, mapped to HTTP by the group's codes; None for an unknown group."""
        group = self._groups.get(name)
        if group is None:
            return None
        members = tuple(check for check in self._checks.values() if group.includes(check))
        report = self._report(f"group/{name}", await self._run(members))
        return dataclasses.replace(report, http_codes=group.http_codes)

    # internals

    async def _run(self, checks: Sequence[RegisteredCheck]) -> tuple[CheckReport, ...]:
        """Cached outcomes at once; every other check launched (or joined) now, then awaited together."""
        until = time.monotonic() + self.deadline
        found = [self._cache.get_or_launch(check.name, check.timeout, check.runner.launch) for check in checks]
        outcomes: list[Outcome | None] = [item if isinstance(item, Outcome) else None for item in found]
        flights = [(index, item) for index, item in enumerate(found) if isinstance(item, Flight)]
        if flights:
            landed = await asyncio.gather(*(flight.wait(until) for _, flight in flights))
            for (index, _), outcome in zip(flights, landed):
                outcomes[index] = outcome
        return tuple(check.report(outcome or self._past_deadline(), self.history)
                     for check, outcome in zip(checks, outcomes))

    def _past_deadline(self) -> Outcome:
        return Outcome(CheckResult(Status.FAIL, message=f"overall deadline of {self.deadline:g}s exceeded"))

    def _lifecycle_failure(self, probe: str, message: str) -> HealthReport:
        return self._report(probe, (_system_entry("lifecycle", CheckResult(Status.FAIL, message=message)),))

    def _report(self, probe: str, checks: tuple[CheckReport, ...]) -> HealthReport:
        return HealthReport(probe, overall_status(checks), checks, self.version, self.service_id,
                            self.description)
