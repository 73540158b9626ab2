"""What operators see of a check over time: when its status last changed, and a log line when it does.

Every run of a check lands here once (the cache hands each outcome over as it lands), so the
time of the last change, the status-change log and the metrics all follow the same runs the
probes serve: nothing is run again for them.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Protocol

from prodready_kit.health.report import Status
from prodready_kit.health.runner import Outcome

logger = logging.getLogger("prodready_kit.health")
LOG_INTERVAL = 10.0  # seconds: at most one status-change line per check per interval


class OutcomeObserver(Protocol):
    """Something told of every landed outcome (metrics exporters)."""

    def observe(self, check: str, outcome: Outcome) -> None:
        """Record one finished run of `check`."""


@dataclass(frozen=True)
class Transition:
    """A check's current status and when it took it."""

    status: Status
    since: datetime


class CheckHistory:
    """Last status and change time per check; logs changes, rate-limited per check."""

    def __init__(self, log_interval: float = LOG_INTERVAL, clock: Callable[[], float] = time.monotonic) -> None:
        self.log_interval = log_interval
        self._clock = clock
        self._lock = threading.Lock()
        self._current: dict[str, Transition] = {}
        self._last_logged: dict[str, float] = {}
        self._unlogged: dict[str, int] = {}  # changes not logged since the last line, by check
        self.observers: list[OutcomeObserver] = []

    def transition(self, check: str) -> Transition | None:
        """The check's current status and since when; None before its first run."""
        return self._current.get(check)

    def statuses(self) -> dict[str, Status]:
        """The last status of every check that ran."""
        with self._lock:
            return {name: transition.status for name, transition in self._current.items()}

    def record(self, check: str, outcome: Outcome) -> None:
        """Take one landed outcome: track a change, log it when due, tell the observers."""
        status = outcome.result.status
        with self._lock:
            previous = self._current.get(check)
            changed = previous is None or previous.status is not status
            if changed:
                self._current[check] = Transition(status, outcome.time)
            line = self._due_line(check, previous, outcome) if changed else None
        if line is not None:
            level, text, extra = line
            logger.log(level, text, extra=extra)
        for observer in self.observers:
            observer.observe(check, outcome)

    def _due_line(self, check: str, previous: Transition | None,
                  outcome: Outcome) -> tuple[int, str, dict[str, object]] | None:
        """Level, text and structured fields of the line for a change; None when it is no news
        or this check logged within the interval."""
        status = outcome.result.status
        if previous is None and status is Status.PASS:
            return None  # a first pass is no news
        now = self._clock()
        last = self._last_logged.get(check)
        if last is not None and now - last < self.log_interval:
            self._unlogged[check] = self._unlogged.get(check, 0) + 1
            return None
        self._last_logged[check] = now
        suppressed = self._unlogged.pop(check, 0)
        before = previous.status.value if previous is not None else "unknown"
        message = outcome.result.message or ""
        level = logging.INFO if status is Status.PASS else logging.WARNING
        extra = {"check": check, "status": status.value, "previous_status": before,
                 "duration_seconds": round(outcome.duration, 6), "check_message": message,
                 "suppressed_changes": suppressed}
        text = f"health check {check} changed {before} -> {status.value} in {outcome.duration:.3f}s"
        text += f": {message}" if message else ""
        text += f" ({suppressed} earlier changes not logged)" if suppressed else ""
        return level, text, extra
