"""Status changes and their log lines, groups and per-check reports, details policies, metrics."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone

import prometheus_client
import pytest

from prodready_kit.health import CheckResult, HealthRegistry, Status
from prodready_kit.health.history import CheckHistory
from prodready_kit.health.metrics import PrometheusObserver
from prodready_kit.health.policies import any_of, bearer_token, caller_of, private_network, request_header
from prodready_kit.health.runner import Outcome


def outcome(status: Status, message: str | None = None, second: int = 0) -> Outcome:
    return Outcome(CheckResult(status, message=message), 0.25, datetime(2026, 1, 1, 0, 0, second, tzinfo=timezone.utc))


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_one_line_per_change_at_most_one_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    history = CheckHistory(log_interval=10, clock=clock)
    caplog.set_level(logging.INFO, "prodready_kit.health")
    history.record("db", outcome(Status.PASS))  # first pass: no news
    history.record("db", outcome(Status.FAIL, "refused", second=1))
    history.record("db", outcome(Status.FAIL, "refused", second=2))  # no change
    clock.now += 1
    history.record("db", outcome(Status.PASS, second=3))  # a change within the interval: counted, not logged
    clock.now += 1
    history.record("db", outcome(Status.FAIL, "refused", second=4))
    clock.now += 10
    history.record("db", outcome(Status.PASS, second=5))
    assert [r.getMessage() for r in caplog.records] == [
        "health check db changed pass -> fail in 0.250s: refused",
        "health check db changed fail -> pass in 0.250s (2 earlier changes not logged)",
    ]
    assert [r.levelname for r in caplog.records] == ["WARNING", "INFO"]
    assert (caplog.records[1].check, caplog.records[1].previous_status, caplog.records[1].status) == ("db", "fail", "pass")
    assert history.transition("db").since.second == 5


def test_last_changed_moves_only_when_the_status_does() -> None:
    history = CheckHistory()
    history.record("db", outcome(Status.PASS, second=1))
    history.record("db", outcome(Status.PASS, second=2))
    assert history.transition("db").since.second == 1
    history.record("db", outcome(Status.WARN, second=3))
    assert history.transition("db").since.second == 3 and history.statuses() == {"db": Status.WARN}


def registry_with_checks() -> HealthRegistry:
    registry = HealthRegistry(cache_ttl=0, drain=None, metrics=False)
    registry.register("db", lambda: True, tags=["datastore"])
    registry.register("queue", lambda: CheckResult(Status.WARN, message="lagging"), critical=False)
    registry.mark_started()
    return registry


def test_one_check_and_groups_with_their_own_status_codes() -> None:
    registry = registry_with_checks()
    registry.add_group("datastores", tags=["datastore"])
    registry.add_group("strict", members=["queue"], http_codes={"warn": 503})
    one = asyncio.run(registry.component("queue"))
    assert [c.name for c in one.checks] == ["queue"] and one.status is Status.WARN and one.http_status == 200
    assert asyncio.run(registry.component("nope")) is None
    datastores = asyncio.run(registry.group("datastores"))
    assert [c.name for c in datastores.checks] == ["db"] and datastores.http_status == 200
    strict = asyncio.run(registry.group("strict"))
    assert strict.status is Status.WARN and strict.http_status == 503
    assert asyncio.run(registry.group("nope")) is None
    with pytest.raises(ValueError):
        registry.add_group("strict")


def test_reports_carry_duration_and_last_change() -> None:
    registry = registry_with_checks()
    [entry] = asyncio.run(registry.readiness()).to_dict()["checks"]["db"]
    assert entry["durationMs"] >= 0 and entry["lastChanged"].endswith("Z")


SCOPE = {"type": "http", "client": ("10.1.2.3", 5000), "headers": [(b"authorization", b"Bearer s3cret"),
                                                                   (b"x-internal", b"yes")]}
ENVIRON = {"REMOTE_ADDR": "93.184.216.34", "HTTP_AUTHORIZATION": "Bearer wrong", "HTTP_X_INTERNAL": "yes"}


def test_callers_are_read_alike_from_every_kind_of_request() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure()
    from django.test import RequestFactory
    from flask import Flask
    from starlette.requests import Request

    assert caller_of(SCOPE).address == "10.1.2.3" and caller_of(SCOPE).headers["x-internal"] == "yes"
    assert caller_of(ENVIRON).address == "93.184.216.34" and caller_of(ENVIRON).headers["authorization"] == "Bearer wrong"
    starlette = Request(SCOPE)
    assert caller_of(starlette) == caller_of(SCOPE)
    with Flask(__name__).test_request_context("/", headers={"X-Internal": "yes"}, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        from flask import request

        assert caller_of(request._get_current_object()).address == "127.0.0.1"  # noqa: SLF001
    django = RequestFactory().get("/", HTTP_X_INTERNAL="yes", REMOTE_ADDR="192.168.0.7")
    assert caller_of(django).address == "192.168.0.7" and caller_of(django).headers["x-internal"] == "yes"


def test_policies_allow_tokens_private_callers_and_ingress_headers() -> None:
    token, private, header = bearer_token("s3cret"), private_network(), request_header("X-Internal", "yes")
    assert token(SCOPE) and not token(ENVIRON)
    assert private(SCOPE) and not private(ENVIRON) and not private({"type": "http", "headers": []})
    assert private_network(["93.184.216.0/24"])(ENVIRON) and not private_network(["93.184.216.0/24"])(SCOPE)
    assert header(ENVIRON) and not header({**ENVIRON, "HTTP_X_INTERNAL": "no"})
    assert any_of(token, private)(SCOPE) and not any_of(token, private)(ENVIRON)
    assert private({"REMOTE_ADDR": "::ffff:192.168.1.4"}) and private({"REMOTE_ADDR": "::1"})
    assert not private({"REMOTE_ADDR": "2001:db8::1"}) and not private({"REMOTE_ADDR": "unix-socket"})
    with pytest.raises(ValueError):
        bearer_token("")


def test_prometheus_families_follow_the_runs_and_a_scrape_runs_nothing() -> None:
    calls = []
    registry = HealthRegistry(cache_ttl=0, drain=None, metrics=False)
    registry.register("db", lambda: calls.append(1) or False)
    registry.mark_started()
    collector = prometheus_client.CollectorRegistry()
    registry.add_observer(PrometheusObserver(registry, collector))
    asyncio.run(registry.readiness())
    for _ in range(2):
        assert collector.get_sample_value("prodready_health_check_status", {"check": "db"}) == 0.0
        assert collector.get_sample_value("prodready_health_status") == 0.0
        assert collector.get_sample_value("prodready_health_check_duration_seconds_count", {"check": "db"}) == 1.0
    assert calls == [1]
