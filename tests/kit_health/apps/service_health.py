"""Health registries shared by the test services: probes on a real Redis at $REDIS_URL."""

import os

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from prodready_kit.health import HealthRegistry
from prodready_kit.health.checks import redis_check

CHECK_TIMEOUT = 1.0

client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=1, socket_timeout=10,
                              retry=Retry(NoBackoff(), 0))

# /health: no caching, so every probe sees Redis as it is now
probes = HealthRegistry(version="1.2.3", service_id="orders", cache_ttl=0, deadline=2.0)
probes.register("redis", redis_check(client), timeout=CHECK_TIMEOUT)

# /burst: a long TTL, so a burst of probes shares one PING (generous limits: 200 requests on 2 cores)
burst = HealthRegistry(cache_ttl=60, deadline=10.0)
burst.register("redis", redis_check(client), timeout=5.0)
burst.mark_started()
# each service marks `probes` started its own way (FastAPI: through its lifespan)


def show_details(request) -> bool:
    """Details for callers that send X-Health-Details: yes (request of any framework)."""
    headers = getattr(request, "headers", {})
    return headers.get("X-Health-Details") == "yes"
