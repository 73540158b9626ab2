"""Property: no mutation of a signed payload ever verifies."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from prodready_kit.licensing import License, LicenseRejected, Verifier, armor, generate_private_key, sign_license
from prodready_kit.licensing.model import canonical_json

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


ARMORED = armor(SIGNED)
BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
NON_WHITESPACE = st.one_of(st.sampled_from(BASE64_ALPHABET),
                           st.characters(min_codepoint=33, max_codepoint=0x2FF).filter(lambda c: not c.isspace()))


def _before_padding(text: str) -> list[int]:
    """Positions of the last base64 character before `=` padding (its spare bits are the weak spot)."""
    return [index - 1 for index, char in enumerate(text) if char == "=" and text[index - 1] != "="]


def text_rejected(text: str) -> bool:
    try:
        VERIFIER.verify(text)
    except LicenseRejected:
        return True
    return False


def test_the_armored_text_has_padding_to_mutate() -> None:
    assert len(_before_padding(ARMORED)) == 2  # the signature's and the payload's


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_armored_text_mutations_never_verify(data) -> None:
    text = list(ARMORED)
    anywhere = st.integers(0, len(text) - 1).filter(lambda i: not text[i].isspace())
    position = data.draw(st.one_of(anywhere, st.sampled_from(_before_padding(ARMORED))))
    operation = data.draw(st.sampled_from(["replace", "insert", "delete"]))
    if operation == "replace":
        text[position] = data.draw(NON_WHITESPACE.filter(lambda c: c != text[position]))
    elif operation == "insert":
        text.insert(position, data.draw(NON_WHITESPACE))
    else:
        del text[position]
    assert text_rejected("".join(text))
