"""The license a process runs under: verified on load and re-checked periodically against the clock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from prodready_kit.licensing.verify import LicenseRejected, Rejection, Verifier, VerifiedLicense, read_clock


class ActiveLicense:
    """Verifies the license text from `source` and caches the outcome for `recheck_every`."""

    def __init__(self, verifier: Verifier, source: Path | Callable[[], str],
                 *, clock: Callable[[], datetime] | None = None,
                 recheck_every: timedelta = timedelta(minutes=1)) -> None:
        self._verifier = verifier
        self._read = source if callable(source) else Path(source).read_text
        self._clock = clock or verifier.clock
        self._recheck_every = recheck_every
        self._lock = threading.Lock()
        self._outcome: VerifiedLicense | LicenseRejected | None = None
        self._checked_at: datetime | None = None

    def current(self) -> VerifiedLicense:
        """The verified license, or LicenseRejected; re-verified once `recheck_every` has passed."""
        with self._lock:
            now = read_clock(self._clock)
            stale = self._checked_at is None or not (
                self._checked_at <= now < self._checked_at + self._recheck_every)
            if stale:
                self._outcome = self._verify()
                self._checked_at = now
            outcome = self._outcome
        if isinstance(outcome, LicenseRejected):
            raise outcome
        return outcome

    def entitled(self, feature: str) -> bool:
        """True when the license is valid now and grants `feature`."""
        try:
            return self.current().entitled(feature)
        except LicenseRejected:
            return False

    def _verify(self) -> VerifiedLicense | LicenseRejected:
        try:
            return self._verifier.verify(self._read())
        except LicenseRejected as rejected:
            return rejected
        except OSError as error:
            return LicenseRejected(Rejection.MALFORMED, f"license file unreadable: {error}")


_default: ActiveLicense | None = None


def use_license(active: ActiveLicense | None) -> None:
    """Make `active` the license that require_feature and the flag provider consult by default."""
    global _default
    _default = active


def default_license() -> ActiveLicense | None:
    """The license set with use_license, if any."""
    return _default
