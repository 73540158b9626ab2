"""What an operator sees, on a real uvicorn with a real Redis: why a probe fails, one log line
per change, the checks in Prometheus, per-check and group endpoints, and the SIGTERM drain."""

from __future__ import annotations

import re
import signal
import time

import httpx
import pytest

DRAIN_SECONDS = 3


def metric(client: httpx.Client, name: str, check: str | None = None) -> float:
    """One sample of the /metrics scrape."""
    labels = f'{{check="{check}"}}' if check else ""
    match = re.search(rf"^{re.escape(name + labels)} (\S+)$", client.get("/metrics/").text, re.MULTILINE)
    assert match, f"{name}{labels} not in the scrape"
    return float(match.group(1))


def change_lines(service) -> list[str]:
    return [line for line in service.output().splitlines() if "health check redis changed" in line]


@pytest.mark.slow
def test_operators_see_which_check_failed_why_when_and_in_metrics(serve, redis_server):
    service = serve("asgi", "operator_service", REDIS_URL=redis_server.url, DRAIN_SECONDS=str(DRAIN_SECONDS))
    with httpx.Client(base_url=service.url, timeout=5) as client:
        ready = client.get("/health/ready").json()  # loopback: details allowed
        [entry] = ready["checks"]["redis:responseTime"]
        assert ready["status"] == "pass" and entry["status"] == "pass"
        assert entry["durationMs"] >= 0 and entry["lastChanged"].endswith("Z")
        first_changed = entry["lastChanged"]
        assert client.get("/health/ready").json()["checks"]["redis:responseTime"][0]["lastChanged"] == first_changed

        one = client.get("/health/ready/redis")
        assert one.status_code == 200 and list(one.json()["checks"]) == ["redis:responseTime"]
        assert client.get("/health/ready/nope").status_code == 404
        group = client.get("/health/group/datastores")
        assert group.status_code == 200 and list(group.json()["checks"]) == ["redis:responseTime"]
        assert client.get("/health/group/nope").status_code == 404
        assert metric(client, "prodready_health_check_status", "redis") == 1.0
        assert metric(client, "prodready_health_status") == 1.0
        assert change_lines(service) == []  # a first pass is no news

        redis_server.kill()
        failing = client.get("/health/ready")
        assert failing.status_code == 503
        body = failing.json()
        [entry] = body["checks"]["redis:responseTime"]
        assert entry["status"] == "fail" and "Connection refused" in entry["output"]
        assert entry["lastChanged"] != first_changed and entry["durationMs"] >= 0
        assert body["output"].startswith("redis: ") and "Connection refused" in body["output"]
        assert client.get("/health/ready/redis").status_code == 503
        assert client.get("/health/group/datastores").status_code == 503
        assert client.get("/health/live").status_code == 200
        for _ in range(3):
            assert client.get("/health/ready").status_code == 503  # no change: no further line
        lines = change_lines(service)
        assert len(lines) == 1 and "WARNING" in lines[0] and "pass -> fail" in lines[0]
        assert "Connection refused" in lines[0]

        runs = metric(client, "prodready_health_check_duration_seconds_count", "redis")
        assert metric(client, "prodready_health_check_status", "redis") == 0.0
        assert metric(client, "prodready_health_status") == 0.0
        assert metric(client, "prodready_health_check_duration_seconds_count", "redis") == runs  # a scrape runs nothing


@pytest.mark.slow
def test_sigterm_fails_readiness_at_once_while_liveness_passes_until_exit(serve, redis_server):
    service = serve("asgi", "operator_service", REDIS_URL=redis_server.url, DRAIN_SECONDS=str(DRAIN_SECONDS))
    with httpx.Client(base_url=service.url, timeout=5) as client:
        assert client.get("/health/ready").status_code == 200
        service.process.send_signal(signal.SIGTERM)
        draining = client.get("/health/ready")
        assert draining.status_code == 503
        assert draining.json()["checks"]["lifecycle"][0]["output"] == "shutting down"
        live = []
        deadline = time.monotonic() + DRAIN_SECONDS + 10
        while time.monotonic() < deadline:
            try:
                live.append(client.get("/health/live").status_code)
            except httpx.TransportError:  # the server has stopped listening
                break
            time.sleep(0.1)
        service.process.wait(timeout=10)
    assert len(live) >= 5 and set(live) == {200}  # served through the drain, until the server went away
    assert service.returncode is not None
