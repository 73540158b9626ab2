"""require_feature (decorator and FastAPI dependency), the OpenFeature provider and the health check."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import uvicorn
from fastapi import Depends, FastAPI
from openfeature import api
from openfeature.flag_evaluation import Reason

from prodready_kit.health import Status
from prodready_kit.licensing import (
    ActiveLicense,
    FeatureNotEntitled,
    Verifier,
    license_check,
    require_feature,
    use_license,
)
from prodready_kit.licensing.flags import LicenseFlagProvider, parse_overrides
from tests.conftest import free_port, wait_for_port


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 1, tzinfo=UTC))


@pytest.fixture
def active(license_text, signing_key, clock) -> ActiveLicense:
    """ACME's license as the running license, re-checked every hour of the test clock."""
    verifier = Verifier([signing_key.public_key()], clock=clock)
    return ActiveLicense(verifier, lambda: license_text, recheck_every=timedelta(hours=1))


def test_decorator_allows_licensed_and_refuses_unlicensed_features(active) -> None:
    @require_feature("export", license=active)
    def export() -> str:
        return "exported"

    @require_feature("audit", license=active)
    async def audit() -> str:
        return "audited"

    assert export() == "exported"
    with pytest.raises(FeatureNotEntitled, match="feature 'audit' is not licensed: license LIC-0001 does not include it"):
        asyncio.run(audit())


def test_license_expiring_while_running_turns_features_off(active, clock) -> None:
    guarded = require_feature("export", license=active)(lambda: "ok")
    assert guarded() == "ok"
    clock.now = datetime(2026, 7, 8, 1, tzinfo=UTC)
    with pytest.raises(FeatureNotEntitled, match="beyond the 7-day grace period"):
        guarded()


def test_without_an_installed_license_everything_is_refused() -> None:
    use_license(None)
    with pytest.raises(FeatureNotEntitled, match="no license installed"):
        require_feature("export")(lambda: None)()


@pytest.fixture
def served_app(active) -> Iterator[str]:
    """A FastAPI app under a real uvicorn server on loopback, gated by the process-wide license."""
    app = FastAPI()

    @app.get("/export", dependencies=[Depends(require_feature("export"))])
    def export() -> dict:
        return {"exported": True}

    @app.get("/audit", dependencies=[Depends(require_feature("audit"))])
    def audit() -> dict:
        return {"audited": True}

    use_license(active)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for_port(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        use_license(None)


def test_fastapi_dependency_answers_403_when_not_entitled(served_app) -> None:
    assert httpx.get(f"{served_app}/export").json() == {"exported": True}
    refused = httpx.get(f"{served_app}/audit")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "feature 'audit' is not licensed: license LIC-0001 does not include it"}


def test_openfeature_provider_serves_entitlements_and_overrides(active, clock) -> None:
    provider = LicenseFlagProvider(active, overrides=parse_overrides("sso=off, beta=on"))
    api.set_provider(provider, domain="licensing-test")
    client = api.get_client(domain="licensing-test")
    assert client.get_boolean_value("export", False) is True
    assert client.get_boolean_value("audit", True) is False
    assert client.get_boolean_value("sso", True) is False
    assert client.get_boolean_value("beta", False) is True
    assert client.get_string_value("export", "fallback") == "fallback"
    clock.now = datetime(2026, 8, 1, tzinfo=UTC)
    details = client.get_boolean_details("export", True)
    assert (details.value, details.reason) == (False, Reason.DISABLED)


def test_parse_overrides_refuses_unknown_values() -> None:
    with pytest.raises(ValueError, match="expected name=on|off"):
        parse_overrides("beta=maybe")


@pytest.mark.parametrize(
    ("now", "status", "days"),
    [
        (datetime(2026, 3, 1, tzinfo=UTC), Status.PASS, 121),
        (datetime(2026, 6, 10, tzinfo=UTC), Status.WARN, 20),
        (datetime(2026, 7, 3, tzinfo=UTC), Status.WARN, -3),
        (datetime(2026, 7, 8, 1, tzinfo=UTC), Status.FAIL, None),
    ],
)
def test_health_check_warns_before_expiry(active, clock, now, status, days) -> None:
    clock.now = now
    result = license_check(active, warn_days=30)()
    assert (result.status, result.observed_value) == (status, days)


def test_a_naive_clock_is_refused_with_403_not_a_server_error(served_app, clock) -> None:
    clock.now = datetime(2026, 3, 1)  # no tzinfo
    refused = httpx.get(f"{served_app}/export")
    assert refused.status_code == 403
    assert "timezone-aware" in refused.json()["detail"]
