"""Signed licenses as text: payload bytes plus a detached signature and the signing key's id.

    -----BEGIN PRODREADY LICENSE-----
    Key-Id: 3f2a9c0d1e4b5a67
    Signature: <base64 Ed25519 signature of the payload bytes>

    <base64 of the canonical JSON payload, 64 columns>
    -----END PRODREADY LICENSE-----
"""

from __future__ import annotations

import base64
import binascii
import textwrap
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from prodready_kit.licensing.keys import key_id
from prodready_kit.licensing.model import License, MalformedLicense, encode_license

BEGIN = "-----BEGIN PRODREADY LICENSE-----"
END = "-----END PRODREADY LICENSE-----"


@dataclass(frozen=True)
class SignedLicense:
    """Exact payload bytes, the detached signature over them and the id of the signing key."""

    payload: bytes
    signature: bytes
    key_id: str


def sign_license(license: License, private_key: Ed25519PrivateKey) -> SignedLicense:
    """Sign a license's canonical payload."""
    payload = encode_license(license)
    return SignedLicense(payload, private_key.sign(payload), key_id(private_key.public_key()))


def armor(signed: SignedLicense) -> str:
    """The text form of a signed license."""
    lines = [BEGIN, f"Key-Id: {signed.key_id}",
             f"Signature: {base64.b64encode(signed.signature).decode('ascii')}", "", *_body_lines(signed.payload), END]
    return "\n".join(lines) + "\n"


def _body_lines(payload: bytes) -> list[str]:
    return textwrap.wrap(base64.b64encode(payload).decode("ascii"), 64)


def dearmor(text: str) -> SignedLicense:
    """Parse the text form strictly; anything unexpected raises MalformedLicense."""
    lines = [line.strip() for line in text.strip().splitlines()]
    if len(lines) < 5 or lines[0] != BEGIN or lines[-1] != END or lines[3] != "":
        raise MalformedLicense("not an armored prodready license (BEGIN/END lines, headers, body)")
    headers = dict(_header(line) for line in lines[1:3])
    if set(headers) != {"Key-Id", "Signature"}:
        raise MalformedLicense("license headers must be Key-Id and Signature")
    body = lines[4:-1]
    payload = _base64("".join(body), "payload")
    if body != _body_lines(payload):
        raise MalformedLicense("the payload is not wrapped at 64 columns")
    signature = _base64(headers["Signature"], "signature")
    return SignedLicense(payload, signature, headers["Key-Id"])


def _header(line: str) -> tuple[str, str]:
    name, separator, value = line.partition(": ")
    if not separator or not value:
        raise MalformedLicense(f"bad license header line: {line!r}")
    return name, value


def _base64(text: str, what: str) -> bytes:
    """Decode canonical base64 only: spare bits in the last character must be zero, so each
    byte string has exactly one accepted text."""
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise MalformedLicense(f"the {what} is not valid base64") from None
    if base64.b64encode(decoded).decode("ascii") != text:
        raise MalformedLicense(f"the {what} is not canonical base64")
    return decoded
