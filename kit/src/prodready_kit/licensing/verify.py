"""Verification: trusted key, signature, clock rollback, revocation, time window with grace, machine."""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from prodready_kit.licensing.armor import dearmor
from prodready_kit.licensing.keys import key_id
from prodready_kit.licensing.machine import machine_fingerprint
from prodready_kit.licensing.model import License, MalformedLicense, decode_license, format_timestamp

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The system clock, in UTC."""
    return datetime.now(UTC)


class Rejection(str, enum.Enum):
    """Why a license was refused."""

    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown-key"
    BAD_SIGNATURE = "bad-signature"
    CLOCK_ROLLBACK = "clock-rollback"
    REVOKED = "revoked"
    NOT_YET_VALID = "not-yet-valid"
    EXPIRED = "expired"
    WRONG_MACHINE = "wrong-machine"
    BAD_CLOCK = "bad-clock"
    BAD_STATE = "bad-state"


class LicenseRejected(Exception):
    """A license that must not be honoured, with the reason and a sentence saying which check failed."""

    def __init__(self, reason: Rejection, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def read_clock(clock: Clock) -> datetime:
    """The clock's time; LicenseRejected (bad-clock) unless it is a timezone-aware datetime."""
    now = clock()
    if not isinstance(now, datetime) or now.utcoffset() is None:
        raise LicenseRejected(Rejection.BAD_CLOCK,
                              f"the clock must return a timezone-aware datetime (got {now!r})")
    return now


@dataclass(frozen=True)
class VerifiedLicense:
    """A license that passed every check at `checked_at`."""

    license: License
    key_id: str
    checked_at: datetime

    @property
    def in_grace(self) -> bool:
        """Past expiry but inside the grace period."""
        return self.license.expires is not None and self.checked_at > self.license.expires

    @property
    def remaining(self) -> timedelta | None:
        """Time until expiry (negative in grace); None for a perpetual license."""
        return None if self.license.expires is None else self.license.expires - self.checked_at

    def entitled(self, feature: str) -> bool:
        """True when the license grants `feature`."""
        return feature in self.license.entitlements


class LastSeenStore(Protocol):
    """Remembers the latest time the verifier has seen, to detect a clock set back."""

    def load(self) -> datetime | None:
        """The latest time seen so far, or None."""

    def save(self, moment: datetime) -> None:
        """Record a later time."""


class MemoryLastSeen:
    """Last-seen time kept in memory (per process)."""

    def __init__(self) -> None:
        self._moment: datetime | None = None

    def load(self) -> datetime | None:
        """The latest time seen so far, or None."""
        return self._moment

    def save(self, moment: datetime) -> None:
        """Record a later time."""
        self._moment = moment


class FileLastSeen:
    """Last-seen time kept in a small JSON file, replaced atomically."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> datetime | None:
        """The latest time seen so far, or None when the file does not exist yet; a file that
        cannot be read or parsed is LicenseRejected (bad-state): it fails closed, never resets."""
        try:
            text = self.path.read_text()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise LicenseRejected(Rejection.BAD_STATE, f"cannot read the license state file: {error}") from None
        try:
            moment = datetime.fromisoformat(json.loads(text)["last_verified"])
        except (ValueError, KeyError, TypeError):
            moment = None
        if moment is None or moment.utcoffset() is None:
            raise LicenseRejected(Rejection.BAD_STATE, f"the license state file {self.path} is corrupt: "
                                  "expected {\"last_verified\": <ISO 8601 time with offset>}")
        return moment

    def save(self, moment: datetime) -> None:
        """Record a later time."""
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"last_verified": moment.isoformat()}))
        os.replace(temporary, self.path)


def load_revocation_list(path: Path) -> frozenset[str]:
    """License ids, one per line; blank lines and # comments ignored."""
    lines = (line.split("#", 1)[0].strip() for line in Path(path).read_text().splitlines())
    return frozenset(line for line in lines if line)


class Verifier:
    """Checks armored licenses against trusted public keys, a clock and a revocation list."""

    def __init__(
        self,
        trusted_keys: Iterable[Ed25519PublicKey],
        *,
        clock: Clock = utc_now,
        revoked: Iterable[str] = (),
        last_seen: LastSeenStore | None = None,
        machine: str | None = None,  # defaults to machine_fingerprint() when a license is bound
        rollback_tolerance: timedelta = timedelta(minutes=5),
    ) -> None:
        self._keys = {key_id(key): key for key in trusted_keys}
        self._clock = clock
        self._revoked = frozenset(revoked)
        self._last_seen = last_seen if last_seen is not None else MemoryLastSeen()
        self._machine = machine
        self._tolerance = rollback_tolerance

    @property
    def clock(self) -> Clock:
        """The clock this verifier reads."""
        return self._clock

    def verify(self, text: str) -> VerifiedLicense:
        """The verified license, or LicenseRejected saying which check failed."""
        try:
            signed = dearmor(text)
        except MalformedLicense as error:
            raise LicenseRejected(Rejection.MALFORMED, f"malformed license: {error}") from None
        public_key = self._keys.get(signed.key_id)
        if public_key is None:
            raise LicenseRejected(Rejection.UNKNOWN_KEY,
                                  f"not signed by a trusted key (key id {signed.key_id} is unknown)")
        try:
            public_key.verify(signed.signature, signed.payload)
        except InvalidSignature:
            raise LicenseRejected(Rejection.BAD_SIGNATURE,
                                  "signature does not match: the license was altered or signed by another key") from None
        try:
            license = decode_license(signed.payload)
        except MalformedLicense as error:
            raise LicenseRejected(Rejection.MALFORMED, f"malformed license: {error}") from None
        now = self._observe_clock()
        self._check_validity(license, now)
        return VerifiedLicense(license, signed.key_id, now)

    def _observe_clock(self) -> datetime:
        """Now, after checking it is not behind the latest time seen, which it then becomes."""
        now = read_clock(self._clock)
        last = self._last_seen.load()
        if last is not None and now < last - self._tolerance:
            raise LicenseRejected(
                Rejection.CLOCK_ROLLBACK,
                f"clock set back: now is {format_timestamp(now)} but a license was already "
                f"checked at {format_timestamp(last)}",
            )
        if last is None or now > last:
            self._last_seen.save(now)
        return now

    def _check_validity(self, license: License, now: datetime) -> None:
        if license.license_id in self._revoked:
            raise LicenseRejected(Rejection.REVOKED, f"license {license.license_id} has been revoked")
        if now < license.not_before:
            raise LicenseRejected(Rejection.NOT_YET_VALID,
                                  f"not yet valid: valid from {format_timestamp(license.not_before)}")
        grace_ends = license.grace_ends
        if grace_ends is not None and now > grace_ends:
            raise LicenseRejected(
                Rejection.EXPIRED,
                f"expired on {format_timestamp(license.expires)}, beyond the "
                f"{license.grace_days}-day grace period",
            )
        if license.machine is not None and license.machine != (self._machine or machine_fingerprint()):
            raise LicenseRejected(Rejection.WRONG_MACHINE, "license is bound to another machine")
