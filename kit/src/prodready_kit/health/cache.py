"""Registry-wide result cache with a TTL and single-flight, safe across threads and event loops."""

from __future__ import annotations

import concurrent.futures
import threading
import time
from typing import Callable

from prodready_kit.health.runner import Flight, Outcome, failure

Landing = Callable[[str, Outcome], None]  # told of each run's outcome once, as it lands


class ResultCache:
    """Each check runs at most once per TTL; concurrent probes share the run in flight."""

    def __init__(self, ttl: float, on_land: Landing | None = None) -> None:
        self.ttl = ttl
        self._on_land = on_land
        self._lock = threading.Lock()
        self._results: dict[str, tuple[float, Outcome]] = {}  # name -> (expires at, outcome)
        self._flights: dict[str, Flight] = {}

    def get_or_launch(self, name: str, timeout: float, launch: Callable[[Flight], None]) -> Outcome | Flight:
        """A fresh cached outcome, the flight in progress, or a new flight started with `launch`."""
        with self._lock:
            cached = self._results.get(name)
            if cached is not None and cached[0] > time.monotonic():
                return cached[1]
            flight = self._flights.get(name)
            if flight is not None:
                return flight
            flight = Flight(timeout)
            self._flights[name] = flight
        flight.future.add_done_callback(lambda future: self._land(name, flight, future))
        try:
            launch(flight)
        except Exception as exc:  # noqa: BLE001 - e.g. an async check probed without an event loop
            flight.settle(Outcome(failure(exc)))
        return flight

    def _land(self, name: str, flight: Flight, future: concurrent.futures.Future) -> None:
        outcome = future.result()
        with self._lock:
            if self._flights.get(name) is flight:
                del self._flights[name]
            if self.ttl > 0:
                self._results[name] = (time.monotonic() + self.ttl, outcome)
        if self._on_land is not None:
            self._on_land(name, outcome)
