"""Added latency of a cached readiness probe compared with a bare route on the same server.

    .venv/bin/python benchmarks/probe_latency.py [--requests 2000] [--warmup 200]

Starts uvicorn (one worker, in a subprocess on 127.0.0.1) serving this module's FastAPI `app`:
`GET /bare` returns a constant response; `GET /health/ready` is `health_router` over a
`HealthRegistry` with one trivial check and the default 1 s cache; `GET /uncached/health/ready`
is the same with `cache_ttl=0`, so every probe runs the check on its own thread. One httpx client
with keep-alive sends the requests one at a time, interleaving the routes so that all see the same
conditions, and prints median and p99 per route and the difference to the bare route.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from fastapi import FastAPI
from prodready_kit.health import HealthRegistry
from prodready_kit.health.fastapi import health_router
from starlette.responses import Response


def build_registry(cache_ttl: float) -> HealthRegistry:
    """A started registry with one trivial check."""
    registry = HealthRegistry(cache_ttl=cache_ttl)
    registry.register("trivial", lambda: True)
    registry.mark_started()
    return registry


app = FastAPI()
app.include_router(health_router(build_registry(cache_ttl=1.0)))
app.include_router(health_router(build_registry(cache_ttl=0), prefix="/uncached/health"))


@app.get("/bare")
async def bare() -> Response:
    """The baseline: a constant response through the same framework and server."""
    return Response(b'{"status":"pass"}', media_type="application/json")


ROUTES = {"bare route": "/bare", "readiness, cached (ttl 1 s)": "/health/ready",
          "readiness, uncached": "/uncached/health/ready"}


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """uvicorn serving this module's app; returns once it accepts connections."""
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "probe_latency:app", "--app-dir", str(Path(__file__).parent),
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("uvicorn did not start")


def measure(base_url: str, requests: int, warmup: int) -> dict[str, list[float]]:
    """Latencies in ms per route, interleaved request by request."""
    import httpx

    samples: dict[str, list[float]] = {name: [] for name in ROUTES}
    with httpx.Client(base_url=base_url) as client:
        for round_number in range(warmup + requests):
            for name, path in ROUTES.items():
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
                if round_number >= warmup:
                    samples[name].append(elapsed)
    return samples


def p99(values: list[float]) -> float:
    """99th percentile."""
    return statistics.quantiles(values, n=100)[98]


def report(samples: dict[str, list[float]]) -> str:
    """A Markdown table of median and p99 per route, and the added latency against the bare route."""
    base_median, base_p99 = statistics.median(samples["bare route"]), p99(samples["bare route"])
    lines = ["| route | median ms | p99 ms | added median ms | added p99 ms |", "|---|---|---|---|---|"]
    for name, values in samples.items():
        median, tail = statistics.median(values), p99(values)
        added = f"{median - base_median:+.3f} | {tail - base_p99:+.3f}"
        lines.append(f"| {name} | {median:.3f} | {tail:.3f} | {added} |")
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per route")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured requests per route first")
    options = parser.parse_args()
    port = free_port()
    server = start_server(port)
    try:
        samples = measure(f"http://127.0.0.1:{port}", options.requests, options.warmup)
    finally:
        server.terminate()
        server.wait()
    print(f"{options.requests} requests per route, one client, keep-alive, uvicorn on 127.0.0.1\n")
    print(report(samples))


if __name__ == "__main__":
    main()
