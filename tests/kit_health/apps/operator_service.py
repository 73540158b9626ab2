"""FastAPI service for the operator tests (uvicorn operator_service:app): a real Redis at
$REDIS_URL, details for loopback callers, a group, Prometheus at /metrics, SIGTERM drain."""

import logging
import os

import prometheus_client
import redis
from fastapi import FastAPI
from redis.backoff import NoBackoff
from redis.retry import Retry

from prodready_kit.health import HealthRegistry
from prodready_kit.health.checks import redis_check
from prodready_kit.health.fastapi import health_router
from prodready_kit.health.policies import private_network

logging.basicConfig(level=logging.INFO, format="LOG %(levelname)s %(name)s %(message)s")

client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=1, socket_timeout=2,
                              retry=Retry(NoBackoff(), 0))
health = HealthRegistry(service_id="orders", cache_ttl=0, drain=float(os.environ["DRAIN_SECONDS"]), log_interval=0)
health.register("redis", redis_check(client), timeout=1.0, tags=["datastore"])
health.register("always", lambda: True, critical=False)
health.add_group("datastores", tags=["datastore"])

app = FastAPI(lifespan=health.lifespan)
app.include_router(health_router(health, details_policy=private_network()))
app.mount("/metrics", prometheus_client.make_asgi_app())
