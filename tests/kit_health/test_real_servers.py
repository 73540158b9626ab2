"""Readiness follows a real Redis through FastAPI (uvicorn), Flask (werkzeug) and Django (wsgiref)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

SERVICES = {
    "fastapi": ("asgi", "fastapi_service"),
    "flask": ("wsgi", "flask_service"),
    "django": ("wsgi", "django_service"),
}
CLIENT_TIMEOUT = 3.5  # a bit above the services' check timeout (1 s) and deadline (2 s)
DETAILS = {"X-Health-Details": "yes"}


def status_of(client: httpx.Client, path: str) -> int:
    return client.get(path).status_code


def wait_for_status(client: httpx.Client, path: str, expected: int, within: float = 15.0) -> int:
    """Poll until `path` answers `expected` (recovery takes a reconnect); returns the last status."""
    deadline = time.monotonic() + within
    status = status_of(client, path)
    while status != expected and time.monotonic() < deadline:
        time.sleep(0.05)
        status = status_of(client, path)
    return status


@pytest.mark.slow
@pytest.mark.parametrize("framework", SERVICES)
def test_readiness_follows_redis_kill_freeze_and_recovery(framework, serve, redis_server):
    kind, module = SERVICES[framework]
    service = serve(kind, module, REDIS_URL=redis_server.url)
    with httpx.Client(base_url=service.url, timeout=CLIENT_TIMEOUT) as client:
        ready = client.get("/health/ready", headers=DETAILS)
        assert ready.status_code == 200
        assert ready.headers["content-type"] == "application/health+json"
        body = ready.json()
        assert body["status"] == "pass"
        assert (body["version"], body["serviceId"]) == ("1.2.3", "orders")
        [redis_entry] = body["checks"]["redis:responseTime"]
        assert redis_entry["componentType"] == "datastore"
        assert redis_entry["observedUnit"] == "ms"
        assert client.get("/health/ready").json() == {"status": "pass"}  # no details without the policy
        assert status_of(client, "/health") == 200
        assert status_of(client, "/healthz") == 200
        assert status_of(client, "/health/startup") == 200
        assert status_of(client, "/health/live") == 200

        redis_server.kill()
        killed = client.get("/health/ready", headers=DETAILS)
        assert killed.status_code == 503
        assert killed.json()["checks"]["redis:responseTime"][0]["status"] == "fail"
        assert status_of(client, "/healthz") == 503
        assert status_of(client, "/health/live") == 200

        redis_server.start()
        assert wait_for_status(client, "/health/ready", 200) == 200

        redis_server.freeze()
        frozen = client.get("/health/ready", headers=DETAILS)  # would raise ReadTimeout if it hung
        assert frozen.status_code == 503
        assert "timed out" in frozen.json()["checks"]["redis:responseTime"][0]["output"]
        assert status_of(client, "/health/ready") == 503  # the hung PING is not waited for again
        assert status_of(client, "/health/live") == 200

        redis_server.resume()
        assert wait_for_status(client, "/health/ready", 200) == 200
        assert status_of(client, "/health/live") == 200


async def burst_of_probes(url: str, count: int) -> list[int]:
    async with httpx.AsyncClient(base_url=url, timeout=30.0) as client:
        responses = await asyncio.gather(*(client.get("/burst/ready") for _ in range(count)))
    return [response.status_code for response in responses]


@pytest.mark.slow
@pytest.mark.parametrize("framework", SERVICES)
def test_burst_of_200_probes_sends_one_ping(framework, serve, redis_server):
    kind, module = SERVICES[framework]
    service = serve(kind, module, REDIS_URL=redis_server.url)
    pings_before = redis_server.command_calls("ping")

    statuses = asyncio.run(burst_of_probes(service.url, 200))

    assert statuses == [200] * 200
    assert redis_server.command_calls("ping") - pings_before == 1
