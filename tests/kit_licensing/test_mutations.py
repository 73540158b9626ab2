"""Property: no mutation of a signed payload ever verifies."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from prodready.kit.licensing import License, LicenseRejected, Verifier, armor, generate_private_key, sign_license
from prodready.kit.licensing.model import canonical_json

KEY = generate_private_key()
LICENSE = License(
    issuer="Example Vendor", licensee="ACME Corp", license_id="LIC-9", issued=datetime(2026, 1, 1, tzinfo=UTC),
    not_before=datetime(2026, 1, 1, tzinfo=UTC), expires=datetime(2027, 1, 1, tzinfo=UTC), grace_days=3,
    entitlements=("export",), seats=5,
)
SIGNED = sign_license(LICENSE, KEY)
VERIFIER = Verifier([KEY.public_key()], clock=lambda: datetime(2026, 6, 1, tzinfo=UTC))


def rejects(payload: bytes) -> bool:
    try:
        VERIFIER.verify(armor(replace(SIGNED, payload=payload)))
    except LicenseRejected:
        return True
    return False


def test_the_unmutated_license_verifies() -> None:
    assert not rejects(SIGNED.payload)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_byte_mutations_never_verify(data) -> None:
    payload = bytearray(SIGNED.payload)
    position = data.draw(st.integers(0, len(payload) - 1))
    operation = data.draw(st.sampled_from(["flip", "insert", "delete"]))
    if operation == "flip":
        payload[position] ^= data.draw(st.integers(1, 255))
    elif operation == "insert":
        payload.insert(position, data.draw(st.integers(0, 255)))
    else:
        del payload[position]
    assert rejects(bytes(payload))


FIELD_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                         st.lists(st.text(max_size=8), max_size=3))


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(sorted(LICENSE.to_payload())), value=FIELD_VALUES, canonical=st.booleans())
def test_field_mutations_never_verify(field, value, canonical) -> None:
    document = json.loads(SIGNED.payload)
    if document[field] == value:
        return
    document[field] = value
    payload = canonical_json(document) if canonical else json.dumps(document).encode()
    assert rejects(payload)
