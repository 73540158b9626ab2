"""Built-in checks against real dependencies: Redis, SQLite via SQLAlchemy, an HTTP server, disk, memory."""

from __future__ import annotations

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import httpx
import pytest
import redis
import redis.asyncio
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine

from prodready_kit.health import HealthRegistry
from prodready_kit.health.checks import (
    async_redis_check,
    async_sqlalchemy_check,
    current_rss_bytes,
    disk_space_check,
    http_check,
    memory_check,
    redis_check,
    sqlalchemy_check,
)


def readiness(*registrations) -> dict:
    """Register (name, check, options) triples, probe once, return the IETF document."""
    registry = HealthRegistry(cache_ttl=0, deadline=10)
    for name, check, options in registrations:
        registry.register(name, check, **{"timeout": 5.0, **options})
    registry.mark_started()
    return asyncio.run(registry.readiness()).to_dict()


def test_redis_check_pings_and_reports_round_trip(redis_server):
    client = redis.Redis.from_url(redis_server.url, retry=Retry(NoBackoff(), 0))
    before = redis_server.command_calls("ping")
    document = readiness(("redis", redis_check(client), {}))
    [entry] = document["checks"]["redis:responseTime"]
    assert (entry["status"], entry["componentType"], entry["observedUnit"]) == ("pass", "datastore", "ms")
    assert redis_server.command_calls("ping") == before + 1
    redis_server.kill()
    assert readiness(("redis", redis_check(client), {}))["status"] == "fail"


def test_async_redis_check(redis_server):
    async def probe(url: str) -> str:
        client = redis.asyncio.Redis.from_url(url, retry=AsyncRetry(NoBackoff(), 0))
        registry = HealthRegistry(deadline=10)
        registry.register("redis", async_redis_check(client), timeout=5)
        registry.mark_started()
        report = await registry.readiness()
        await client.aclose()
        return report.status.value

    assert asyncio.run(probe(redis_server.url)) == "pass"
    assert redis_server.command_calls("ping") == 1
    redis_server.kill()
    assert asyncio.run(probe(redis_server.url)) == "fail"


def test_sqlalchemy_checks(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    document = readiness(("db", sqlalchemy_check(engine), {}))
    assert document["checks"]["db:responseTime"][0]["status"] == "pass"
    missing = create_engine(f"sqlite:///{tmp_path / 'no-such-dir' / 'db.sqlite'}")
    assert readiness(("db", sqlalchemy_check(missing), {}))["status"] == "fail"


async def aiosqlite_threads_finished() -> None:
    """After a failed connect aiosqlite's worker thread still answers on this loop: let it, then close."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any("_connection_worker_thread" in thread.name
                                               for thread in threading.enumerate()):
        await asyncio.sleep(0.01)


def test_async_sqlalchemy_check(tmp_path):
    async def probe(url: str) -> str:
        engine = create_async_engine(url)
        registry = HealthRegistry(deadline=10)
        registry.register("db", async_sqlalchemy_check(engine), timeout=5)
        registry.mark_started()
        report = await registry.readiness()
        await engine.dispose()
        await aiosqlite_threads_finished()
        return report.status.value

    assert asyncio.run(probe(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")) == "pass"
    assert asyncio.run(probe(f"sqlite+aiosqlite:///{tmp_path / 'nope' / 'db.sqlite'}")) == "fail"


class StatusHandler(BaseHTTPRequestHandler):
    """Answers GET /<code> with that status code."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(int(self.path.strip("/")))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), StatusHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_http_check_with_plain_httpx_and_a_client(http_server):
    with httpx.Client() as client:
        document = readiness(
            ("up", http_check(f"{http_server}/204"), {}),
            ("down", http_check(f"{http_server}/503", client=client), {"critical": False}),
        )
    assert document["checks"]["up:responseTime"][0]["status"] == "pass"
    down = document["checks"]["down:responseTime"][0]
    assert (down["status"], down["output"]) == ("fail", f"HTTP 503 from {http_server}/503")
    assert document["status"] == "warn"


def test_http_check_with_async_client_and_custom_expectation(http_server):
    async def probe() -> dict:
        async with httpx.AsyncClient() as client:
            registry = HealthRegistry(deadline=10)
            check = http_check(f"{http_server}/418", client=client, expect_status={418})
            registry.register("teapot", check, timeout=5)
            registry.mark_started()
            return (await registry.readiness()).to_dict()

    assert asyncio.run(probe())["status"] == "pass"


def test_disk_space_check(tmp_path):
    assert readiness(("disk", disk_space_check(str(tmp_path), min_free_bytes=1), {}))["status"] == "pass"
    document = readiness(("disk", disk_space_check(str(tmp_path), min_free_bytes=2**62), {}))
    entry = document["checks"]["disk:freeSpace"][0]
    assert (entry["status"], entry["componentType"], entry["observedUnit"]) == ("fail", "system", "bytes")


def test_memory_check():
    rss = current_rss_bytes()
    assert readiness(("memory", memory_check(max_rss_bytes=rss * 4), {}))["status"] == "pass"
    document = readiness(("memory", memory_check(max_rss_bytes=1024), {}))
    entry = document["checks"]["memory:memoryRss"][0]
    assert entry["status"] == "fail" and entry["observedValue"] > 1024
