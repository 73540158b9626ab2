"""setup_tracing against real servers: uvicorn, an OTLP/HTTP receiver and a downstream HTTP server."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from tests.conftest import free_port, wait_for_port

SERVER, CLIENT = Span.SpanKind.SPAN_KIND_SERVER, Span.SpanKind.SPAN_KIND_CLIENT


@dataclass
class Recorder:
    """What a loopback HTTP server received: OTLP export requests and request headers."""

    exports: list[ExportTraceServiceRequest] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def spans(self) -> list[tuple[str, Span]]:
        """Every exported span with its resource's service.name."""
        found = []
        for export in list(self.exports):
            for resource_spans in export.resource_spans:
                attrs = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                for scope_spans in resource_spans.scope_spans:
                    found.extend((attrs.get("service.name", ""), span) for span in scope_spans.spans)
        return found


def _serve(recorder: Recorder) -> tuple[ThreadingHTTPServer, int]:
    """An HTTP server on loopback: POST /v1/traces is decoded as OTLP, anything else answered 'ok'."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server naming
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            recorder.exports.append(request)
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802
            recorder.headers.append({k.lower(): v for k, v in self.headers.items()})
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port


@pytest.fixture
def receiver() -> Iterator[tuple[Recorder, int]]:
    """A running OTLP/HTTP receiver."""
    recorder = Recorder()
    server, port = _serve(recorder)
    yield recorder, port
    server.shutdown()


def _otel_env(receiver_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env.update(
        OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{receiver_port}",
        OTEL_BSP_SCHEDULE_DELAY="100",
        PYTHONUNBUFFERED="1",
    )
    return env


def _wait_for(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        time.sleep(0.05)


SHOP_APP = '''
import os

import httpx
from fastapi import FastAPI

from prodready_kit.tracing import setup_tracing

app = FastAPI()
provider = setup_tracing(app, service_name="shop")
if provider is None or setup_tracing(app, service_name="shop") is not provider:
    raise SystemExit("setup_tracing is not idempotent")


@app.get("/health")
def health():
    return {"status": "pass"}


@app.get("/health/startup")
def startup():
    return {"status": "pass"}


@app.get("/api/orders/{order_id}/ready")
def order_ready(order_id: int):
    return {"ready": True}


@app.get("/api/v1/metrics")
def business_metrics():
    return {"orders": 1}


@app.get("/delivery")
def delivery():
    return {"eta": "soon"}


@app.get("/checkout")
def checkout():
    return {"downstream": httpx.get(os.environ["DOWNSTREAM_URL"]).text}
'''


@pytest.fixture
def shop(tmp_path: Path, receiver: tuple[Recorder, int]) -> Iterator[tuple[int, Recorder, Recorder]]:
    """The shop app under uvicorn, exporting to the receiver and calling a downstream server."""
    recorder, receiver_port = receiver
    downstream = Recorder()
    downstream_server, downstream_port = _serve(downstream)
    (tmp_path / "shopapp.py").write_text(SHOP_APP)
    port = free_port()
    env = _otel_env(receiver_port) | {"DOWNSTREAM_URL": f"http://127.0.0.1:{downstream_port}/stock"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "shopapp:app", "--app-dir", str(tmp_path),
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
    )
    try:
        wait_for_port(port, timeout=30)
        yield port, recorder, downstream
    finally:
        process.terminate()
        process.wait(timeout=10)
        downstream_server.shutdown()


def _server_span_paths(recorder: Recorder) -> list[str]:
    paths = []
    for _, span in recorder.spans():
        if span.kind == SERVER:
            attrs = {a.key: a.value.string_value for a in span.attributes}
            paths.append(attrs.get("http.route") or attrs.get("url.path") or attrs.get("http.target", ""))
    return paths


def test_request_produces_server_and_client_spans_in_one_propagated_trace(shop) -> None:
    port, recorder, downstream = shop
    base = f"http://127.0.0.1:{port}"
    for probe_or_route in ("/health", "/health/startup", "/api/orders/42/ready", "/api/v1/metrics", "/delivery"):
        assert httpx.get(f"{base}{probe_or_route}").status_code == 200
    assert httpx.get(f"{base}/checkout").json() == {"downstream": "ok"}

    _wait_for(lambda: "/checkout" in _server_span_paths(recorder)
              and any(span.kind == CLIENT for _, span in recorder.spans()))

    spans = recorder.spans()
    servers = [s for _, s in spans if s.kind == SERVER and s.name.endswith("/checkout")]
    assert len(servers) == 1, "exactly one server span per request (setup_tracing ran twice)"
    server = servers[0]
    clients = [s for _, s in spans if s.kind == CLIENT]
    assert len(clients) == 1
    client = clients[0]
    assert client.trace_id == server.trace_id
    assert client.parent_span_id == server.span_id
    assert {name for name, _ in spans} == {"shop"}

    traceparent = downstream.headers[0]["traceparent"]
    assert traceparent.split("-")[1] == server.trace_id.hex()
    assert traceparent.split("-")[2] == client.span_id.hex()

    paths = _server_span_paths(recorder)
    assert "/health" not in paths
    assert "/health/startup" not in paths
    assert {"/api/orders/{order_id}/ready", "/api/v1/metrics", "/delivery"} <= set(paths)


FORKING_SCRIPT = '''
import os
import sys
from opentelemetry import trace
from prodready_kit.tracing import setup_tracing

provider = setup_tracing(service_name="forker")
with trace.get_tracer("t").start_as_current_span("in-parent"):
    pass
provider.force_flush()
pid = os.fork()
if pid == 0:
    os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sys.argv[1]
    assert setup_tracing(service_name="forker") is provider
    with trace.get_tracer("t").start_as_current_span("in-child"):
        pass
    provider.force_flush()
    os._exit(0)
_, status = os.waitpid(pid, 0)
raise SystemExit(os.waitstatus_to_exitcode(status))
'''


def test_forked_child_builds_its_own_export_pipeline(receiver) -> None:
    parent_recorder, parent_port = receiver
    child_recorder = Recorder()
    child_server, child_port = _serve(child_recorder)
    try:
        result = subprocess.run([sys.executable, "-c", FORKING_SCRIPT, f"http://127.0.0.1:{child_port}"],
                                env=_otel_env(parent_port), capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        _wait_for(lambda: [s.name for _, s in child_recorder.spans()] == ["in-child"])
    finally:
        child_server.shutdown()
    assert [s.name for _, s in parent_recorder.spans()] == ["in-parent"]


def test_without_opentelemetry_warns_once_and_returns_none() -> None:
    script = textwrap.dedent('''
        import logging, sys
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
        sys.modules["opentelemetry"] = None
        from prodready_kit.tracing import setup_tracing
        print(setup_tracing(service_name="x"), setup_tracing(service_name="x"))
    ''')
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None None"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == ["WARNING tracing disabled: OpenTelemetry is not installed (install prodready's tracing extra)"]


INVENTORY_APP = '''
import os
import sys

import requests
from flask import Flask

from prodready_kit.tracing import setup_tracing

app = Flask(__name__)
setup_tracing(app, service_name="inventory")


@app.get("/healthz")
def healthz():
    return {"status": "pass"}


@app.get("/reserve")
def reserve():
    return {"downstream": requests.get(os.environ["DOWNSTREAM_URL"]).text}


app.run(host="127.0.0.1", port=int(sys.argv[1]))
'''


def test_flask_app_and_requests_client(receiver, tmp_path: Path) -> None:
    recorder, receiver_port = receiver
    downstream = Recorder()
    downstream_server, downstream_port = _serve(downstream)
    (tmp_path / "inventory.py").write_text(INVENTORY_APP)
    port = free_port()
    env = _otel_env(receiver_port) | {"DOWNSTREAM_URL": f"http://127.0.0.1:{downstream_port}/stock"}
    process = subprocess.Popen([sys.executable, str(tmp_path / "inventory.py"), str(port)], env=env,
                               stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, timeout=30)
        assert httpx.get(f"http://127.0.0.1:{port}/healthz?probe=kubelet").status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/reserve").json() == {"downstream": "ok"}
        _wait_for(lambda: any(s.kind == CLIENT for _, s in recorder.spans())
                  and any(s.kind == SERVER for _, s in recorder.spans()))
    finally:
        process.terminate()
        process.wait(timeout=10)
        downstream_server.shutdown()
    spans = recorder.spans()
    [server] = [s for _, s in spans if s.kind == SERVER]
    [client] = [s for _, s in spans if s.kind == CLIENT]
    assert server.name == "GET /reserve"
    assert (client.trace_id, client.parent_span_id) == (server.trace_id, server.span_id)
    assert {name for name, _ in spans} == {"inventory"}
    assert downstream.headers[0]["traceparent"].split("-")[1] == server.trace_id.hex()
