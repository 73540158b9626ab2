"""The license payload and its canonical JSON form (sorted keys, no whitespace, UTF-8)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

FORMAT_VERSION = 1
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_FIELDS = frozenset({
    "version", "issuer", "licensee", "license_id", "issued", "not_before", "expires",
    "grace_days", "entitlements", "seats", "machine",
})


class MalformedLicense(ValueError):
    """The payload is not a well-formed, canonical license document."""


@dataclass(frozen=True)
class License:
    """What a license grants: to whom, by whom, when, which features and how many seats."""

    issuer: str
    licensee: str
    license_id: str
    issued: datetime
    not_before: datetime
    expires: datetime | None
    grace_days: int = 0
    entitlements: tuple[str, ...] = field(default=())
    seats: int | None = None
    machine: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "entitlements", tuple(sorted(set(self.entitlements))))
        for name in ("issued", "not_before", "expires"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _to_second(value))

    @property
    def grace_ends(self) -> datetime | None:
        """The last instant the license still works: expiry plus the grace period."""
        return None if self.expires is None else self.expires + timedelta(days=self.grace_days)

    def to_payload(self) -> dict[str, Any]:
        """The JSON object that gets signed."""
        return {
            "version": FORMAT_VERSION,
            "issuer": self.issuer,
            "licensee": self.licensee,
            "license_id": self.license_id,
            "issued": format_timestamp(self.issued),
            "not_before": format_timestamp(self.not_before),
            "expires": None if self.expires is None else format_timestamp(self.expires),
            "grace_days": self.grace_days,
            "entitlements": list(self.entitlements),
            "seats": self.seats,
            "machine": self.machine,
        }


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def encode_license(license: License) -> bytes:
    """The canonical bytes of a license's payload."""
    return canonical_json(license.to_payload())


def decode_license(payload: bytes) -> License:
    """Parse canonical payload bytes strictly; anything unexpected raises MalformedLicense."""
    try:
        document = json.loads(payload.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedLicense(f"payload is not UTF-8 JSON: {error}") from None
    if not isinstance(document, dict) or set(document) != _FIELDS:
        raise MalformedLicense("payload does not have exactly the license fields")
    if document["version"] != FORMAT_VERSION or type(document["version"]) is not int:
        raise MalformedLicense(f"unsupported license format version {document['version']!r}")
    license = License(
        issuer=_text(document, "issuer"),
        licensee=_text(document, "licensee"),
        license_id=_text(document, "license_id"),
        issued=_timestamp(document["issued"], "issued"),
        not_before=_timestamp(document["not_before"], "not_before"),
        expires=None if document["expires"] is None else _timestamp(document["expires"], "expires"),
        grace_days=_count(document, "grace_days", minimum=0),
        entitlements=_entitlements(document["entitlements"]),
        seats=None if document["seats"] is None else _count(document, "seats", minimum=1),
        machine=None if document["machine"] is None else _text(document, "machine"),
    )
    if encode_license(license) != payload:
        raise MalformedLicense("payload is not in canonical form")
    return license


def format_timestamp(moment: datetime) -> str:
    """UTC, second precision, with a Z: 2026-01-31T00:00:00Z."""
    return _to_second(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> datetime:
    """An ISO 8601 date or date-time; naive values are taken as UTC."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _to_second(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("license timestamps must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise MalformedLicense("payload repeats a key")
    return dict(pairs)


def _text(document: dict[str, Any], name: str) -> str:
    value = document[name]
    if not isinstance(value, str) or not value:
        raise MalformedLicense(f"{name} must be a non-empty string")
    return value


def _count(document: dict[str, Any], name: str, minimum: int) -> int:
    value = document[name]
    if type(value) is not int or value < minimum:
        raise MalformedLicense(f"{name} must be an integer >= {minimum}")
    return value


def _timestamp(value: Any, name: str) -> datetime:
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        raise MalformedLicense(f"{name} must be a UTC timestamp like 2026-01-31T00:00:00Z")
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise MalformedLicense(f"{name} is not a valid date: {value}") from None


def _entitlements(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise MalformedLicense("entitlements must be a list of feature names")
    return tuple(value)
