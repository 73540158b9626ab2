"""Framework-neutral responses: paths under a prefix, details policy, status codes."""

from __future__ import annotations

import asyncio
import json

import pytest

from prodready_kit.health import HealthRegistry
from prodready_kit.health.responses import probe_response, probe_response_sync, probe_routes


@pytest.mark.parametrize(("prefix", "paths"), [
    ("/health", ["/health", "/health/live", "/health/ready", "/health/startup"]),
    ("health/", ["/health", "/health/live", "/health/ready", "/health/startup"]),
    ("", ["/", "/live", "/ready", "/startup"]),
    ("/ops/status/", ["/ops/status", "/ops/status/live", "/ops/status/ready", "/ops/status/startup"]),
])
def test_probe_paths_under_a_prefix(prefix, paths):
    assert [route.path for route in probe_routes(prefix)] == paths
    assert [route.probe for route in probe_routes(prefix)] == ["readiness", "liveness", "readiness", "startup"]
    assert [route.path for route in probe_routes(prefix, include_root=False)] == paths[1:]


def registry() -> HealthRegistry:
    health = HealthRegistry(service_id="svc")
    health.register("db", lambda: True)
    health.mark_started()
    return health


def body(answer) -> dict:
    return json.loads(answer.body)


def test_broken_policy_hides_details_but_the_probe_still_answers():
    def broken(request):
        raise KeyError("no such header")

    answer = asyncio.run(probe_response(registry(), "readiness", details_policy=broken, request=object()))
    assert (answer.status_code, body(answer)) == (200, {"status": "pass"})


def test_async_policy_and_sync_entry_point():
    async def allowed(request) -> bool:
        return request == "trusted"

    answer = probe_response_sync(registry(), "readiness", details_policy=allowed, request="trusted")
    assert body(answer)["serviceId"] == "svc"
    assert answer.media_type == "application/health+json"


def test_sync_entry_point_works_inside_a_running_event_loop():
    async def from_a_coroutine():
        return probe_response_sync(registry(), "liveness")

    assert asyncio.run(from_a_coroutine()).status_code == 200


def test_unknown_probe_is_an_error():
    with pytest.raises(ValueError, match="unknown probe"):
        asyncio.run(registry().probe("deep"))
