"""Verifier: every rejection says which check failed; a valid license passes with its details."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from prodready_kit.licensing import (
    FileLastSeen,
    LicenseRejected,
    MemoryLastSeen,
    Rejection,
    Verifier,
    armor,
    dearmor,
    sign_license,
)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def verifier(key, when: datetime, **options) -> Verifier:
    return Verifier([key.public_key()], clock=lambda: when, **options)


def rejection(verifier: Verifier, text: str) -> LicenseRejected:
    with pytest.raises(LicenseRejected) as caught:
        verifier.verify(text)
    return caught.value


def test_valid_license_returns_its_details(license_text, signing_key) -> None:
    verified = verifier(signing_key, at(2026, 3, 1)).verify(license_text)
    assert verified.license.licensee == "ACME Corp"
    assert verified.license.entitlements == ("export", "sso")
    assert verified.entitled("sso") and not verified.entitled("audit")
    assert verified.in_grace is False
    assert verified.remaining == timedelta(days=121)


def test_one_byte_changed_in_the_payload_is_a_bad_signature(license_text, signing_key) -> None:
    signed = dearmor(license_text)
    tampered = signed.payload.replace(b"\"seats\":25", b"\"seats\":95")
    assert tampered != signed.payload
    error = rejection(verifier(signing_key, at(2026, 3, 1)), armor(replace(signed, payload=tampered)))
    assert error.reason is Rejection.BAD_SIGNATURE
    assert "signature does not match" in str(error)


def test_signed_by_another_key_is_refused(license, other_key, signing_key) -> None:
    foreign = armor(sign_license(license, other_key))
    error = rejection(verifier(signing_key, at(2026, 3, 1)), foreign)
    assert error.reason is Rejection.UNKNOWN_KEY
    assert "not signed by a trusted key" in str(error)
    trusted_id = dearmor(armor(sign_license(license, signing_key))).key_id
    impostor = armor(replace(dearmor(foreign), key_id=trusted_id))
    assert rejection(verifier(signing_key, at(2026, 3, 1)), impostor).reason is Rejection.BAD_SIGNATURE


def test_grace_period_then_expiry(license_text, signing_key) -> None:
    in_grace = verifier(signing_key, at(2026, 7, 5)).verify(license_text)
    assert in_grace.in_grace is True
    error = rejection(verifier(signing_key, at(2026, 7, 8)), license_text)
    assert error.reason is Rejection.EXPIRED
    assert str(error) == "expired on 2026-06-30T00:00:00Z, beyond the 7-day grace period"


def test_not_yet_valid(license_text, signing_key) -> None:
    error = rejection(verifier(signing_key, at(2025, 12, 31)), license_text)
    assert error.reason is Rejection.NOT_YET_VALID
    assert str(error) == "not yet valid: valid from 2026-01-01T00:00:00Z"


def test_revoked(license_text, signing_key) -> None:
    error = rejection(verifier(signing_key, at(2026, 3, 1), revoked={"LIC-0001"}), license_text)
    assert error.reason is Rejection.REVOKED
    assert str(error) == "license LIC-0001 has been revoked"


def test_clock_set_back_behind_the_last_verified_time(license_text, signing_key, tmp_path: Path) -> None:
    state = FileLastSeen(tmp_path / "license-state.json")
    verifier(signing_key, at(2026, 5, 1), last_seen=state).verify(license_text)
    verifier(signing_key, at(2026, 5, 1) - timedelta(minutes=4), last_seen=state).verify(license_text)
    error = rejection(verifier(signing_key, at(2026, 4, 1), last_seen=state), license_text)
    assert error.reason is Rejection.CLOCK_ROLLBACK
    assert "clock set back" in str(error)


def test_clock_rollback_is_caught_even_after_expiry_was_seen(license_text, signing_key) -> None:
    state = MemoryLastSeen()
    assert rejection(verifier(signing_key, at(2026, 8, 1), last_seen=state), license_text).reason is Rejection.EXPIRED
    assert rejection(verifier(signing_key, at(2026, 6, 1), last_seen=state), license_text).reason is Rejection.CLOCK_ROLLBACK


def test_machine_binding(license, signing_key) -> None:
    bound = armor(sign_license(replace(license, machine="host-a"), signing_key))
    assert verifier(signing_key, at(2026, 3, 1), machine="host-a").verify(bound).license.machine == "host-a"
    error = rejection(verifier(signing_key, at(2026, 3, 1), machine="host-b"), bound)
    assert error.reason is Rejection.WRONG_MACHINE


def test_garbage_is_malformed(signing_key) -> None:
    error = rejection(verifier(signing_key, at(2026, 3, 1)), "hello")
    assert error.reason is Rejection.MALFORMED


def test_a_naive_clock_is_a_rejection_not_a_type_error(license_text, signing_key) -> None:
    error = rejection(Verifier([signing_key.public_key()], clock=lambda: datetime(2026, 3, 1)), license_text)
    assert error.reason is Rejection.BAD_CLOCK


@pytest.mark.parametrize("content", ["{", "{}", '{"last_verified": 5}', '{"last_verified": "yesterday"}',
                                     '{"last_verified": "2026-03-01T00:00:00"}'])
def test_a_corrupt_last_seen_file_is_a_rejection(license_text, signing_key, tmp_path, content) -> None:
    state = tmp_path / "state.json"
    state.write_text(content)
    error = rejection(verifier(signing_key, at(2026, 3, 1), last_seen=FileLastSeen(state)), license_text)
    assert error.reason is Rejection.BAD_STATE
    assert state.read_text() == content
