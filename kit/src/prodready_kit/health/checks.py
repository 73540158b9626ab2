"""Built-in checks: Redis, SQLAlchemy, an HTTP dependency, disk space and process memory.

Each factory takes the client the service already has and returns a check function for
`HealthRegistry.register`, e.g. `registry.register("redis", redis_check(client))`. The function
carries `component_type` and `measurement`, which `register` uses as defaults. No client library
is imported here: the checks only call methods on the objects they are given.
"""

from __future__ import annotations

import inspect
import os
import shutil
import time
from typing import Any, Callable, Container, TypeVar

from prodready_kit.health.report import CheckResult, Status

F = TypeVar("F", bound=Callable[..., Any])


def _describe(function: F, component_type: str, measurement: str) -> F:
    function.component_type = component_type  # type: ignore[attr-defined]
    function.measurement = measurement  # type: ignore[attr-defined]
    return function


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def _round_trip(started: float) -> CheckResult:
    return CheckResult(Status.PASS, _elapsed_ms(started), "ms")


def redis_check(client: Any) -> Callable[[], CheckResult]:
    """PING through a redis-py client; observes the round trip in ms."""
    def check() -> CheckResult:
        started = time.perf_counter()
        client.ping()
        return _round_trip(started)
    return _describe(check, "datastore", "responseTime")


def async_redis_check(client: Any) -> Callable[[], Any]:
    """PING through a `redis.asyncio` client; observes the round trip in ms."""
    async def check() -> CheckResult:
        started = time.perf_counter()
        await client.ping()
        return _round_trip(started)
    return _describe(check, "datastore", "responseTime")


def sqlalchemy_check(engine: Any) -> Callable[[], CheckResult]:
    """`SELECT 1` on a connection from a SQLAlchemy engine's pool; observes the round trip in ms."""
    def check() -> CheckResult:
        started = time.perf_counter()
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return _round_trip(started)
    return _describe(check, "datastore", "responseTime")


def async_sqlalchemy_check(engine: Any) -> Callable[[], Any]:
    """`SELECT 1` through a SQLAlchemy `AsyncEngine`; observes the round trip in ms."""
    async def check() -> CheckResult:
        started = time.perf_counter()
        async with engine.connect() as connection:
            await connection.exec_driver_sql("SELECT 1")
        return _round_trip(started)
    return _describe(check, "datastore", "responseTime")


def _http_result(url: str, status_code: int, started: float, expect_status: Container[int]) -> CheckResult:
    if status_code in expect_status:
        return CheckResult(Status.PASS, _elapsed_ms(started), "ms")
    return CheckResult(Status.FAIL, _elapsed_ms(started), "ms", f"HTTP {status_code} from {url}")


def http_check(url: str, *, client: Any = None, expect_status: Container[int] = range(200, 400),
               timeout: float = 5.0) -> Callable[[], Any]:
    """GET `url` (with an httpx Client or AsyncClient, or plain httpx); fail on other status codes."""
    if client is not None and inspect.iscoroutinefunction(client.get):
        async def check_async() -> CheckResult:
            started = time.perf_counter()
            response = await client.get(url)
            return _http_result(url, response.status_code, started, expect_status)
        return _describe(check_async, "component", "responseTime")

    def check() -> CheckResult:
        started = time.perf_counter()
        if client is None:
            import httpx

            response = httpx.get(url, timeout=timeout)
        else:
            response = client.get(url)
        return _http_result(url, response.status_code, started, expect_status)
    return _describe(check, "component", "responseTime")


def disk_space_check(path: str = "/", *, min_free_bytes: int) -> Callable[[], CheckResult]:
    """Free bytes on the file system holding `path`; fail below `min_free_bytes`."""
    def check() -> CheckResult:
        free = shutil.disk_usage(path).free
        if free >= min_free_bytes:
            return CheckResult(Status.PASS, free, "bytes")
        return CheckResult(Status.FAIL, free, "bytes", f"{free} bytes free on {path}, below {min_free_bytes}")
    return _describe(check, "system", "freeSpace")


def current_rss_bytes() -> int:
    """Resident set size of this process (psutil when installed, else /proc/self/statm)."""
    try:
        import psutil
    except ImportError:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return int(psutil.Process().memory_info().rss)


def memory_check(*, max_rss_bytes: int) -> Callable[[], CheckResult]:
    """Resident memory of this process; fail above `max_rss_bytes`."""
    def check() -> CheckResult:
        rss = current_rss_bytes()
        if rss <= max_rss_bytes:
            return CheckResult(Status.PASS, rss, "bytes")
        return CheckResult(Status.FAIL, rss, "bytes", f"resident memory {rss} bytes above {max_rss_bytes}")
    return _describe(check, "system", "memoryRss")
