"""Keys and licenses shared by the licensing tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from prodready_kit.licensing import License, armor, generate_private_key, sign_license

JAN_1 = datetime(2026, 1, 1, tzinfo=UTC)
JUN_30 = datetime(2026, 6, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def signing_key():
    """The vendor's key."""
    return generate_private_key()


@pytest.fixture(scope="session")
def other_key():
    """Somebody else's key."""
    return generate_private_key()


@pytest.fixture
def license() -> License:
    """ACME's license: first half of 2026, 7 days of grace, two features, 25 seats."""
    return License(
        issuer="Example Vendor", licensee="ACME Corp", license_id="LIC-0001", issued=JAN_1,
        not_before=JAN_1, expires=JUN_30, grace_days=7, entitlements=("sso", "export"), seats=25,
    )


@pytest.fixture
def license_text(license, signing_key) -> str:
    """ACME's license, signed and armored."""
    return armor(sign_license(license, signing_key))
