"""The health registry: named checks, three probes, a shared cache and an overall deadline."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from typing import Any, AsyncIterator, Callable, Iterable, Sequence

from prodready.kit.health.cache import ResultCache
from prodready.kit.health.report import CheckReport, CheckResult, HealthReport, Status, overall_status
from prodready.kit.health.runner import AsyncCheck, CheckFunction, Flight, Outcome, ThreadedCheck, runner_for

STARTUP_TAG = "startup"  # checks with this tag also run in the startup probe


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

    def report(self, outcome: Outcome) -> CheckReport:
        """This check's entry in a probe report."""
        return CheckReport(self.name, self.component, self.measurement, self.component_type,
                           self.critical, outcome.result, outcome.time, outcome.duration)


def _system_entry(name: str, result: CheckResult) -> CheckReport:
    return CheckReport(name, name, None, "system", True, result)


class HealthRegistry:
    """Named health checks behind liveness, readiness and startup probes."""

    def __init__(self, *, version: str | None = None, service_id: str | None = None,
                 description: str | None = None, cache_ttl: float = 1.0, deadline: float = 2.0) -> None:
        if deadline <= 0:
            raise ValueError("deadline must be positive")
        self.version = version
        self.service_id = service_id
        self.description = description
        self.deadline = deadline
        self._cache = ResultCache(cache_ttl)
        self._checks: dict[str, RegisteredCheck] = {}
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

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Any = None) -> AsyncIterator[None]:
        """An ASGI lifespan (`FastAPI(lifespan=registry.lifespan)`): started on entry, draining on exit."""
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
        if name not in ("liveness", "readiness", "startup"):
            raise ValueError(f"unknown probe {name!r}")
        return await getattr(self, name)()

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
        return tuple(check.report(outcome or self._past_deadline()) for check, outcome in zip(checks, outcomes))

    def _past_deadline(self) -> Outcome:
        return Outcome(CheckResult(Status.FAIL, message=f"overall deadline of {self.deadline:g}s exceeded"))

    def _lifecycle_failure(self, probe: str, message: str) -> HealthReport:
        return self._report(probe, (_system_entry("lifecycle", CheckResult(Status.FAIL, message=message)),))

    def _report(self, probe: str, checks: tuple[CheckReport, ...]) -> HealthReport:
        return HealthReport(probe, overall_status(checks), checks, self.version, self.service_id,
                            self.description)
