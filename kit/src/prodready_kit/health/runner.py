"""Running one check without ever blocking a probe: sync checks on a daemon thread, async as a task."""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable

from prodready_kit.health.report import CheckResult, Status

CheckFunction = Callable[[], Any]


@dataclass(frozen=True)
class Outcome:
    """One finished run of a check: its result, when it finished and how long it took."""

    result: CheckResult
    duration: float = 0.0
    time: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


def to_result(value: Any) -> CheckResult:
    """Normalise what a check returned: CheckResult as is, True/None pass, False fail."""
    if isinstance(value, CheckResult):
        return value
    if isinstance(value, Status):
        return CheckResult(value)
    if value is None or value is True:
        return CheckResult(Status.PASS)
    if value is False:
        return CheckResult(Status.FAIL, message="check returned False")
    return CheckResult(Status.FAIL, message=f"check returned an unexpected {type(value).__name__}")


def failure(exc: BaseException) -> CheckResult:
    """A failing result whose message is the exception's text."""
    return CheckResult(Status.FAIL, message=str(exc) or type(exc).__name__)


async def _wait_for_concurrent(future: concurrent.futures.Future, timeout: float) -> None:
    """Wait up to `timeout` seconds for a thread-safe future without ever cancelling it."""
    loop = asyncio.get_running_loop()
    waiter = loop.create_future()

    def resolve() -> None:
        if not waiter.done():
            waiter.set_result(None)

    def wake(_: concurrent.futures.Future) -> None:
        try:
            loop.call_soon_threadsafe(resolve)
        except RuntimeError:  # that probe's event loop is already closed
            pass

    future.add_done_callback(wake)
    try:
        await asyncio.wait_for(waiter, max(timeout, 0.0))
    except TimeoutError:
        pass


class Flight:
    """One run of a check that any number of probes, from any thread or event loop, can wait for."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.future: concurrent.futures.Future[Outcome] = concurrent.futures.Future()
        self._stop: Callable[[], None] = lambda: None

    def settle(self, outcome: Outcome) -> None:
        """Land the flight with `outcome` unless it already landed."""
        try:
            self.future.set_result(outcome)
        except concurrent.futures.InvalidStateError:
            pass

    def on_expire(self, stop: Callable[[], None]) -> None:
        """What to do to the underlying run when the flight times out (cancel a task)."""
        self._stop = stop

    def expire(self) -> None:
        """Land the flight as failed by timeout and stop the run if it can be stopped."""
        self.settle(Outcome(CheckResult(Status.FAIL, message=f"timed out after {self.timeout:g}s"),
                            duration=self.timeout))
        self._stop()

    async def wait(self, until: float) -> Outcome | None:
        """The outcome, or None if the monotonic time `until` passes first; expires it when due."""
        while not self.future.done():
            now = time.monotonic()
            if now >= self.deadline:
                self.expire()
                break
            if now >= until:
                return None
            await _wait_for_concurrent(self.future, min(until, self.deadline) - now)
        return self.future.result()


class ThreadedCheck:
    """A sync check run on its own daemon thread; a hung run blocks no one, and never piles up."""

    def __init__(self, function: CheckFunction, name: str) -> None:
        self._function = function
        self._name = name
        self._lock = threading.Lock()
        self._running_since: float | None = None

    def launch(self, flight: Flight) -> None:
        """Start a run that settles `flight`; fail at once while an earlier run still hangs."""
        with self._lock:
            hung_for = None if self._running_since is None else time.monotonic() - self._running_since
            if hung_for is None:
                self._running_since = time.monotonic()
        if hung_for is not None:
            flight.settle(Outcome(CheckResult(
                Status.FAIL, message=f"previous run still unfinished after {hung_for:.1f}s")))
            return
        thread_name = f"prodready-health:{self._name}"
        threading.Thread(target=self._run, args=(flight,), daemon=True, name=thread_name).start()

    def _run(self, flight: Flight) -> None:
        started = time.monotonic()
        try:
            value = self._function()
            if inspect.isawaitable(value):
                value = asyncio.run(_awaited(value))
            result = to_result(value)
        except BaseException as exc:  # noqa: BLE001 - a check's failure is data, whatever it raised
            result = failure(exc)
        finally:
            with self._lock:
                self._running_since = None
        flight.settle(Outcome(result, duration=time.monotonic() - started))


async def _awaited(value: Awaitable[Any]) -> Any:
    return await value


class AsyncCheck:
    """An async check run as a task on the probing event loop, cancelled when it times out."""

    def __init__(self, function: CheckFunction) -> None:
        self._function = function

    def launch(self, flight: Flight) -> None:
        """Start a task on the running loop that settles `flight`."""
        loop = asyncio.get_running_loop()
        task = loop.create_task(self._run())

        def land(done: asyncio.Task) -> None:
            if done.cancelled():
                flight.settle(Outcome(CheckResult(Status.FAIL, message="check cancelled")))
            else:
                flight.settle(done.result())

        def stop() -> None:
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # loop closed: the task is gone already
                pass

        task.add_done_callback(land)
        flight.on_expire(stop)

    async def _run(self) -> Outcome:
        started = time.monotonic()
        try:
            result = to_result(await self._function())
        except Exception as exc:  # noqa: BLE001 - a check's failure is data
            result = failure(exc)
        return Outcome(result, duration=time.monotonic() - started)


def is_async_callable(function: CheckFunction) -> bool:
    """True for `async def` functions and objects whose __call__ is `async def`."""
    return inspect.iscoroutinefunction(function) or inspect.iscoroutinefunction(
        getattr(function, "__call__", None))


def runner_for(function: CheckFunction, name: str) -> ThreadedCheck | AsyncCheck:
    """The right runner for a check function; `name` names its threads."""
    return AsyncCheck(function) if is_async_callable(function) else ThreadedCheck(function, name)
