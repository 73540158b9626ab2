"""The registry's behaviour in-process: results, criticality, timeouts, caching, lifecycle, format."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from prodready_kit.health import CheckResult, HealthRegistry, Status


def ready(registry: HealthRegistry):
    return asyncio.run(registry.readiness())


def started(**options) -> HealthRegistry:
    registry = HealthRegistry(**options)
    registry.mark_started()
    return registry


def entry(report, key: str) -> dict:
    [check] = report.to_dict()["checks"][key]
    return check


@pytest.mark.parametrize(("returned", "status"), [
    (True, "pass"), (None, "pass"), (False, "fail"),
    (CheckResult(Status.WARN, message="slow"), "warn"), (Status.FAIL, "fail"),
])
def test_return_values_map_to_statuses(returned, status):
    registry = started()
    registry.register("thing", lambda: returned)
    report = ready(registry)
    assert entry(report, "thing")["status"] == status
    assert report.status.value == status


def test_exception_fails_with_its_text_and_503():
    registry = started()

    @registry.check("db", component="postgres", measurement="connections")
    def broken() -> None:
        raise ConnectionError("connection refused")

    report = ready(registry)
    assert report.http_status == 503
    assert entry(report, "postgres:connections")["output"] == "connection refused"


def test_non_critical_failure_makes_overall_warn_with_200():
    registry = started()
    registry.register("db", lambda: True)
    registry.register("cache", lambda: False, critical=False)
    report = ready(registry)
    assert (report.status, report.http_status) == (Status.WARN, 200)


def test_async_checks_are_awaited():
    registry = started()

    async def queue_depth() -> CheckResult:
        await asyncio.sleep(0)
        return CheckResult(Status.PASS, 7, "messages")

    registry.register("queue", queue_depth, measurement="depth", component_type="component")
    check = entry(ready(registry), "queue:depth")
    assert (check["observedValue"], check["observedUnit"], check["componentType"]) == (7, "messages", "component")


def test_hung_sync_check_fails_at_its_timeout_and_does_not_pile_up_threads():
    release = threading.Event()
    registry = started(cache_ttl=0)
    registry.register("stuck", release.wait, timeout=0.2)
    registry.register("fine", lambda: True)
    try:
        first = ready(registry)
        second = ready(registry)

        assert entry(first, "stuck")["output"] == "timed out after 0.2s"
        assert entry(second, "stuck")["output"].startswith("previous run still unfinished")
        assert entry(second, "fine")["status"] == "pass"
        stuck_threads = [thread for thread in threading.enumerate() if thread.name == "prodready-health:stuck"]
        assert len(stuck_threads) == 1  # the one hung run, not one per probe
    finally:
        release.set()


def test_check_can_run_again_once_the_hung_run_returns():
    release = threading.Event()
    calls = []

    def sometimes_stuck() -> bool:
        calls.append(1)
        if len(calls) == 1:
            release.wait()
        return True

    registry = started(cache_ttl=0)
    registry.register("flaky", sometimes_stuck, timeout=0.2)
    try:
        assert ready(registry).status is Status.FAIL
    finally:
        release.set()
    deadline = time.monotonic() + 5
    while ready(registry).status is not Status.PASS and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ready(registry).status is Status.PASS


def test_hung_async_check_is_cancelled_at_its_timeout():
    cancelled = []
    registry = started(cache_ttl=0)

    async def never() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    registry.register("never", never, timeout=0.1)

    async def probe_twice():
        report = await registry.readiness()
        await asyncio.sleep(0.01)
        return report

    assert entry(asyncio.run(probe_twice()), "never")["output"] == "timed out after 0.1s"
    assert cancelled == [True]


def test_overall_deadline_bounds_checks_with_longer_timeouts():
    release = threading.Event()
    registry = started(deadline=0.2, cache_ttl=0)
    registry.register("slow", release.wait, timeout=30)
    try:
        report = ready(registry)
    finally:
        release.set()
    assert entry(report, "slow")["output"] == "overall deadline of 0.2s exceeded"
    assert report.http_status == 503


def test_checks_run_concurrently():
    barrier = threading.Barrier(3, timeout=5)
    registry = started()
    for name in ("a", "b", "c"):
        registry.register(name, lambda: barrier.wait() is not None, timeout=5)  # all three must meet
    assert ready(registry).status is Status.PASS


def test_cache_runs_each_check_once_per_ttl_across_threads_and_loops():
    calls = []
    gate = threading.Event()

    def counted() -> bool:
        calls.append(1)
        gate.wait(1)
        return True

    registry = started(cache_ttl=60, deadline=10)
    registry.register("counted", counted, timeout=10)
    statuses = []
    threads = [threading.Thread(target=lambda: statuses.append(ready(registry).status)) for _ in range(20)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join()

    async def concurrent_probes():
        return await asyncio.gather(*(registry.readiness() for _ in range(20)))

    asyncio.run(concurrent_probes())
    assert statuses == [Status.PASS] * 20
    assert len(calls) == 1


def test_results_expire_after_the_ttl():
    calls = []
    registry = started(cache_ttl=0.5)
    registry.register("counted", lambda: calls.append(1))
    ready(registry)
    ready(registry)
    time.sleep(0.5)
    ready(registry)
    assert len(calls) == 2


def test_liveness_runs_no_checks_and_passes_during_shutdown():
    calls = []
    registry = started()
    registry.register("db", lambda: calls.append(1))
    registry.begin_shutdown()
    report = asyncio.run(registry.liveness())
    assert (report.http_status, calls) == (200, [])
    assert entry(report, "uptime")["observedUnit"] == "s"


def test_readiness_fails_until_started_and_again_once_shutdown_begins():
    registry = HealthRegistry()
    registry.register("db", lambda: True)
    assert entry(ready(registry), "lifecycle")["output"] == "start-up not complete"
    assert asyncio.run(registry.startup()).http_status == 503
    registry.mark_started()
    assert ready(registry).http_status == 200
    assert asyncio.run(registry.startup()).http_status == 200
    registry.begin_shutdown()
    assert entry(ready(registry), "lifecycle")["output"] == "shutting down"


def test_startup_probe_runs_only_checks_tagged_startup():
    registry = started()
    registry.register("migrations", lambda: False, tags=("startup",))
    registry.register("db", lambda: True)
    report = asyncio.run(registry.startup())
    assert list(report.to_dict()["checks"]) == ["migrations"]
    assert report.http_status == 503


def test_lifespan_marks_started_and_begins_shutdown():
    registry = HealthRegistry()

    async def run_app() -> list[bool]:
        async with registry.lifespan(None):
            during = registry.started and not registry.shutting_down
        return [during, registry.shutting_down]

    assert asyncio.run(run_app()) == [True, True]


def test_ietf_document_with_and_without_details():
    registry = started(version="2", service_id="svc", description="orders API")
    registry.register("redis", lambda: CheckResult(Status.PASS, 1.5, "ms"), measurement="responseTime",
                      component_type="datastore")
    registry.register("cache", lambda: CheckResult(Status.FAIL, message="evicting"), critical=False)
    report = ready(registry)
    document = report.to_dict(details=True)
    assert {key: document[key] for key in ("status", "version", "serviceId", "description", "output")} == {
        "status": "warn", "version": "2", "serviceId": "svc", "description": "orders API",
        "output": "cache: evicting"}
    redis = document["checks"]["redis:responseTime"][0]
    assert {k: redis[k] for k in ("componentId", "componentType", "observedValue", "observedUnit", "status")} == {
        "componentId": "redis", "componentType": "datastore", "observedValue": 1.5, "observedUnit": "ms",
        "status": "pass"}
    assert redis["time"].endswith("Z") and "output" not in redis
    assert report.to_dict(details=False) == {"status": "warn"}


def test_registration_errors():
    registry = HealthRegistry()
    registry.register("db", lambda: True)
    with pytest.raises(ValueError, match="already registered"):
        registry.register("db", lambda: True)
    with pytest.raises(ValueError, match="timeout"):
        registry.register("other", lambda: True, timeout=0)


def test_status_given_as_text_is_a_status():
    assert CheckResult("fail").status is Status.FAIL
    with pytest.raises(ValueError):
        CheckResult("broken")
