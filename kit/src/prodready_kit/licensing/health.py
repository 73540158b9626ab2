"""A health check on the running license: pass, warn N days before expiry or in grace, fail when invalid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prodready_kit.licensing.active import ActiveLicense, default_license
from prodready_kit.licensing.model import format_timestamp
from prodready_kit.licensing.verify import LicenseRejected


def license_check(license: ActiveLicense | None = None, *, warn_days: int = 30) -> Callable[[], Any]:
    """A prodready_kit.health check (a callable returning CheckResult) for the license."""

    def check() -> Any:
        from prodready_kit.health import CheckResult, Status

        active = license or default_license()
        if active is None:
            return CheckResult(Status.FAIL, message="no license installed")
        try:
            verified = active.current()
        except LicenseRejected as rejected:
            return CheckResult(Status.FAIL, message=f"license rejected: {rejected.message}")
        remaining = verified.remaining
        if remaining is None:
            return CheckResult(Status.PASS, message=f"license {verified.license.license_id} does not expire")
        days = remaining.days
        expires = format_timestamp(verified.license.expires)
        if verified.in_grace:
            message = f"license expired on {expires}; grace ends {format_timestamp(verified.license.grace_ends)}"
            return CheckResult(Status.WARN, days, "days", message)
        if days < warn_days:
            return CheckResult(Status.WARN, days, "days", f"license expires on {expires}, in {days} days")
        return CheckResult(Status.PASS, days, "days", f"license valid until {expires}")

    return check
