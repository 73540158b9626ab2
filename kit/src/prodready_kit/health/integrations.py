"""Built-in checks for Kafka, RabbitMQ, S3, Celery, MongoDB and Elasticsearch/OpenSearch.

Like `prodready_kit.health.checks`, each factory takes the client the service already has and
returns a check function carrying `component_type` and `measurement`. Nothing is imported at
module level: only `rabbitmq_check(url)` and `aio_pika_check(url)` import their client library,
when they run, to open a connection from a URL; the others only call methods on the objects given.
"""

from __future__ import annotations

import time
from typing import Any, Awaitable, Callable, Mapping

from prodready_kit.health.checks import _describe, _elapsed_ms, _round_trip
from prodready_kit.health.report import CheckResult, Status


def kafka_check(client: Any, *, timeout: float = 5.0) -> Callable[[], CheckResult]:
    """Metadata request through a confluent-kafka Producer, Consumer or AdminClient (`list_topics`)."""
    def check() -> CheckResult:
        started = time.perf_counter()
        client.list_topics(timeout=timeout)
        return _round_trip(started)
    return _describe(check, "component", "responseTime")


async def _aiokafka_metadata(client: Any) -> None:
    if hasattr(client, "describe_cluster"):
        await client.describe_cluster()
    else:
        await client.fetch_all_metadata()


def aiokafka_check(client: Any) -> Callable[[], Any]:
    """Metadata request through a started `AIOKafkaAdminClient` or an `AIOKafkaClient` (`producer.client`)."""
    async def check() -> CheckResult:
        started = time.perf_counter()
        await _aiokafka_metadata(client)
        return _round_trip(started)
    return _describe(check, "component", "responseTime")


def _pika_connection(connect: str | Callable[[], Any]) -> Any:
    if callable(connect):
        return connect()
    import pika

    return pika.BlockingConnection(pika.URLParameters(connect))


def rabbitmq_check(connect: str | Callable[[], Any]) -> Callable[[], CheckResult]:
    """Open and close a pika `BlockingConnection` (from an amqp:// URL or a factory returning one)."""
    def check() -> CheckResult:
        started = time.perf_counter()
        _pika_connection(connect).close()
        return _round_trip(started)
    return _describe(check, "component", "responseTime")


async def _aio_pika_connection(connect: str | Callable[[], Awaitable[Any]]) -> Any:
    if callable(connect):
        return await connect()
    import aio_pika

    return await aio_pika.connect(connect)


def aio_pika_check(connect: str | Callable[[], Awaitable[Any]]) -> Callable[[], Any]:
    """Open and close an aio-pika connection (from an amqp:// URL or an async factory returning one)."""
    async def check() -> CheckResult:
        started = time.perf_counter()
        connection = await _aio_pika_connection(connect)
        await connection.close()
        return _round_trip(started)
    return _describe(check, "component", "responseTime")


def s3_check(client: Any, bucket: str) -> Callable[[], CheckResult]:
    """`head_bucket` through a boto3 S3 client (any S3-compatible endpoint); fail when the bucket is missing."""
    def check() -> CheckResult:
        started = time.perf_counter()
        client.head_bucket(Bucket=bucket)
        return _round_trip(started)
    return _describe(check, "datastore", "responseTime")


def celery_check(app: Any, *, timeout: float = 0.5) -> Callable[[], CheckResult]:
    """Broadcast `ping` to a Celery app's workers; observes how many answered, fail when none did."""
    def check() -> CheckResult:
        answered = len(app.control.ping(timeout=timeout))
        if answered:
            return CheckResult(Status.PASS, answered, "workers")
        return CheckResult(Status.FAIL, 0, "workers", f"no Celery worker answered ping within {timeout}s")
    return _describe(check, "component", "workers")


def mongodb_check(client: Any) -> Callable[[], CheckResult]:
    """`ping` command through a pymongo `MongoClient`; observes the round trip in ms."""
    def check() -> CheckResult:
        started = time.perf_counter()
        client.admin.command("ping")
        return _round_trip(started)
    return _describe(check, "datastore", "responseTime")


def async_mongodb_check(client: Any) -> Callable[[], Any]:
    """`ping` command through pymongo's `AsyncMongoClient` or motor; observes the round trip in ms."""
    async def check() -> CheckResult:
        started = time.perf_counter()
        await client.admin.command("ping")
        return _round_trip(started)
    return _describe(check, "datastore", "responseTime")


def _cluster_result(health: Mapping[str, Any], started: float) -> CheckResult:
    status = health["status"]
    if status == "green":
        return _round_trip(started)
    message = (f"cluster {health.get('cluster_name')} is {status} "
               f"({health.get('unassigned_shards', 0)} unassigned shards)")
    return CheckResult(Status.WARN if status == "yellow" else Status.FAIL, _elapsed_ms(started), "ms", message)


def elasticsearch_check(client: Any) -> Callable[[], CheckResult]:
    """`cluster.health()` with elasticsearch-py or opensearch-py: green passes, yellow warns, red fails."""
    def check() -> CheckResult:
        started = time.perf_counter()
        return _cluster_result(client.cluster.health(), started)
    return _describe(check, "datastore", "responseTime")


def async_elasticsearch_check(client: Any) -> Callable[[], Any]:
    """`cluster.health()` with `AsyncElasticsearch` or `AsyncOpenSearch`: green passes, yellow warns, red fails."""
    async def check() -> CheckResult:
        started = time.perf_counter()
        return _cluster_result(await client.cluster.health(), started)
    return _describe(check, "datastore", "responseTime")
