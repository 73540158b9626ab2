"""Check results and probe reports in the IETF "Health Check Response Format for HTTP APIs"."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

HEALTH_JSON = "application/health+json"


class Status(str, enum.Enum):
    """Health status of one check or of a whole probe."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class CheckResult:
    """What one check observed: a status, an optional measurement and a message."""

    status: Status
    observed_value: Any = None
    observed_unit: str | None = None
    message: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))  # "fail" is accepted as Status.FAIL


@dataclass(frozen=True)
class CheckReport:
    """One check's result inside a probe report, with the registration details it is keyed by."""

    name: str
    component: str
    measurement: str | None
    component_type: str | None
    critical: bool
    result: CheckResult
    time: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    duration: float = 0.0  # seconds the check took (0 for synthetic entries)
    changed: datetime | None = None  # when the check last changed status (None: not run yet)

    @property
    def status(self) -> Status:
        """The check's own status."""
        return self.result.status

    @property
    def key(self) -> str:
        """The IETF `checks` key: "component:measurement", or the component alone."""
        return f"{self.component}:{self.measurement}" if self.measurement else self.component

    def to_dict(self) -> dict[str, Any]:
        """The IETF check object (componentId, componentType, observedValue, ..., output)."""
        body: dict[str, Any] = {"componentId": self.name}
        if self.component_type:
            body["componentType"] = self.component_type
        if self.result.observed_value is not None:
            body["observedValue"] = self.result.observed_value
        if self.result.observed_unit:
            body["observedUnit"] = self.result.observed_unit
        body["status"] = self.status.value
        body["time"] = _timestamp(self.time)
        body["durationMs"] = round(self.duration * 1000, 3)
        if self.changed is not None:
            body["lastChanged"] = _timestamp(self.changed)
        if self.result.message and self.status is not Status.PASS:
            body["output"] = self.result.message
        return body


def _timestamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def overall_status(checks: tuple[CheckReport, ...]) -> Status:
    """Fail if a critical check fails; warn if any other check fails or warns; else pass."""
    if any(c.status is Status.FAIL and c.critical for c in checks):
        return Status.FAIL
    if any(c.status is not Status.PASS for c in checks):
        return Status.WARN
    return Status.PASS


DEFAULT_HTTP_CODES: tuple[tuple[Status, int], ...] = ((Status.PASS, 200), (Status.WARN, 200), (Status.FAIL, 503))


@dataclass(frozen=True)
class HealthReport:
    """The answer of one probe (liveness, readiness, startup, one component or a group)."""

    probe: str
    status: Status
    checks: tuple[CheckReport, ...] = ()
    version: str | None = None
    service_id: str | None = None
    description: str | None = None
    http_codes: tuple[tuple[Status, int], ...] = DEFAULT_HTTP_CODES  # a group may map statuses its own way

    @property
    def http_status(self) -> int:
        """The HTTP code of the status: 200 for pass and warn, 503 for fail, unless mapped."""
        return dict(self.http_codes)[self.status]

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        """The IETF response body; with details=False only the status."""
        body: dict[str, Any] = {"status": self.status.value}
        if not details:
            return body
        for key, value in (("version", self.version), ("serviceId", self.service_id),
                           ("description", self.description)):
            if value is not None:
                body[key] = value
        failing = [c for c in self.checks if c.status is not Status.PASS]
        if failing:
            body["output"] = "; ".join(f"{c.name}: {c.result.message or c.status.value}" for c in failing)
        checks: dict[str, list[dict[str, Any]]] = {}
        for check in self.checks:
            checks.setdefault(check.key, []).append(check.to_dict())
        body["checks"] = checks
        return body
