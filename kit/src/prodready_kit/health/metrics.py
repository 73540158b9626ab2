"""Metrics of the checks: Prometheus through `prometheus_client`, OpenTelemetry through its API.

Both are fed by the runs the probes already make (`CheckHistory` observers): a scrape reads what
the last run of each check found and never runs a check. Each exporter is used only when its
library is installed; neither is a requirement of the kit.

Prometheus:
- `prodready_health_check_status{check}`: 1 pass, 0.5 warn, 0 fail, from the last run;
- `prodready_health_check_duration_seconds{check}`: histogram of run durations;
- `prodready_health_status`: 1 when every critical check passed its last run, 0.5 when only
  non-critical ones did not, 0 when a critical one failed (readiness as a number).
OpenTelemetry: the histogram `prodready.health.check.duration` (s) and the gauge
`prodready.health.check.status`, both with the attribute `check`.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any, Protocol

from prodready_kit.health.history import CheckHistory, OutcomeObserver
from prodready_kit.health.report import Status
from prodready_kit.health.runner import Outcome


class Observed(Protocol):
    """What the exporters read of a registry."""

    history: CheckHistory

    @property
    def check_names(self) -> tuple[str, ...]:
        """The registered checks."""

    def is_critical(self, name: str) -> bool:
        """Whether the check fails readiness when it fails."""

STATUS_VALUE = {Status.PASS: 1.0, Status.WARN: 0.5, Status.FAIL: 0.0}
DURATION_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_lock = threading.Lock()
_prometheus_families: dict[int, tuple[Any, Any, Any]] = {}  # by id of the CollectorRegistry


def overall_value(registry: Observed) -> float:
    """The registry's status as a number, from the last run of each check (no check is run)."""
    statuses = registry.history.statuses()
    critical = {name for name in registry.check_names if registry.is_critical(name)}
    if any(statuses.get(name) is Status.FAIL for name in critical):
        return 0.0
    if any(status is not Status.PASS for status in statuses.values()):
        return 0.5
    return 1.0


class PrometheusObserver:
    """Sets the Prometheus families of one registry from each landed run."""

    def __init__(self, registry: Observed, collector_registry: Any = None) -> None:
        self.status, self.duration, overall = _families(collector_registry)
        overall.set_function(lambda: overall_value(registry))

    def observe(self, check: str, outcome: Outcome) -> None:
        """Record one run."""
        self.status.labels(check=check).set(STATUS_VALUE[outcome.result.status])
        self.duration.labels(check=check).observe(outcome.duration)


def _families(collector_registry: Any) -> tuple[Any, Any, Any]:
    """The three metric families, created once per CollectorRegistry (the default one unless given)."""
    import prometheus_client

    target = collector_registry if collector_registry is not None else prometheus_client.REGISTRY
    with _lock:
        families = _prometheus_families.get(id(target))
        if families is None:
            families = (
                prometheus_client.Gauge("prodready_health_check_status",
                                        "Last result of a health check: 1 pass, 0.5 warn, 0 fail.",
                                        ["check"], registry=target),
                prometheus_client.Histogram("prodready_health_check_duration_seconds",
                                            "Duration of health check runs.", ["check"],
                                            buckets=DURATION_BUCKETS, registry=target),
                prometheus_client.Gauge("prodready_health_status",
                                        "Readiness from the last run of each check: 1 pass, 0.5 warn, 0 fail.",
                                        registry=target),
            )
            _prometheus_families[id(target)] = families
    return families


class OpenTelemetryObserver:
    """Records run durations and last statuses through the OpenTelemetry metrics API (one set of
    instruments per process, whatever the number of registries)."""

    _instruments: Any = None
    _registries: "weakref.WeakSet[Observed]" = weakref.WeakSet()

    def __init__(self, registry: Observed) -> None:
        from opentelemetry import metrics

        with _lock:
            if OpenTelemetryObserver._instruments is None:
                meter = metrics.get_meter("prodready_kit.health")
                OpenTelemetryObserver._instruments = meter.create_histogram(
                    "prodready.health.check.duration", unit="s", description="Duration of health check runs.")
                meter.create_observable_gauge(
                    "prodready.health.check.status", callbacks=[_otel_statuses],
                    description="Last result of a health check: 1 pass, 0.5 warn, 0 fail.")
            OpenTelemetryObserver._registries.add(registry)
        self.duration = OpenTelemetryObserver._instruments

    def observe(self, check: str, outcome: Outcome) -> None:
        """Record one run's duration."""
        self.duration.record(outcome.duration, {"check": check})


def _otel_statuses(_options: Any) -> list[Any]:
    """The last status of every check of every live registry, as gauge observations."""
    from opentelemetry.metrics import Observation

    return [Observation(STATUS_VALUE[status], {"check": name})
            for registry in list(OpenTelemetryObserver._registries)
            for name, status in registry.history.statuses().items()]


def default_observers(registry: Observed) -> list[OutcomeObserver]:
    """An exporter for each metrics library that is installed."""
    observers: list[OutcomeObserver] = []
    for exporter in (PrometheusObserver, OpenTelemetryObserver):
        try:
            observers.append(exporter(registry))
        except ImportError:  # that library is not installed
            continue
    return observers
