"""Components and placeholders found by the built-in packs in small, realistic modules."""

from __future__ import annotations


def inventory(result) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    return [(f.rule_id, f.area, f.location.label(), f.title, f.details)
            for f in result.findings if f.rule_id in ("PR401", "PR402")]


REDIS_FAILOVER = """
from redis.sentinel import Sentinel


class SentinelRedisClient:
    def __init__(self, sentinels, service):
        self.sentinel = Sentinel(sentinels, socket_timeout=0.5)
        self.service = service

    def master(self):
        return self.sentinel.master_for(self.service)

    def replica(self):
        return self.sentinel.slave_for(self.service)

    def on_failover(self, error):
        self.sentinel.discover_master(self.service)
"""

STUB_BREAKER = """
class CircuitBreaker:
    \"\"\"Protects calls to flaky dependencies.\"\"\"

    def __init__(self, threshold=5):
        self.threshold = threshold

    def call(self, func, *args):
        \"\"\"TODO: trip after `threshold` failures.\"\"\"

    def record_failure(self):
        pass

    def record_success(self):
        ...
"""


def test_redis_sentinel_client_is_a_high_availability_component(scan_files) -> None:
    result = scan_files({"db/redis_client.py": REDIS_FAILOVER})
    assert inventory(result) == [(
        "PR401", "high-availability", "db/redis_client.py:4-16", "Redis HA Client",
        ("Redis Sentinel integration", "Automatic failover", "Master/replica management"),
    )]


def test_stub_circuit_breaker_is_a_placeholder(scan_files) -> None:
    result = scan_files({"resilience.py": STUB_BREAKER})
    assert inventory(result) == [(
        "PR402", "circuit-breaker", "resilience.py:1-14", "Circuit Breaker",
        ("`call` is only a TODO docstring", "`record_failure` is only `pass`", "`record_success` is only `...`"),
    )]
    placeholder = [f for f in result.findings if f.rule_id == "PR402"][0]
    assert placeholder.severity.label == "medium"
    assert [r.start_line for r in placeholder.related] == [7, 10, 13]


def test_abstract_base_with_stub_methods_is_not_a_placeholder(scan_files) -> None:
    source = """
        from abc import ABC, abstractmethod


        class CircuitBreaker(ABC):
            @abstractmethod
            def call(self, func):
                raise NotImplementedError

            @abstractmethod
            def record_failure(self):
                pass
    """
    assert inventory(scan_files({"resilience.py": source})) == []


def test_base_class_extended_in_the_same_module_is_not_a_placeholder(scan_files) -> None:
    source = """
        class BackupManager:
            def run_backup(self, source):
                raise NotImplementedError


        class S3BackupRunner(BackupManager):
            def run_backup(self, source):
                return source.dump()
    """
    assert [row[0] for row in inventory(scan_files({"ops.py": source}))] == []


def test_one_stub_among_real_key_methods_is_not_a_placeholder(scan_files) -> None:
    source = STUB_BREAKER.replace("        pass\n", "        self.failures = getattr(self, 'failures', 0) + 1\n")
    assert [row[0] for row in inventory(scan_files({"resilience.py": source}))] == []


def test_name_without_capabilities_is_not_listed(scan_files) -> None:
    source = """
        class ServiceDiscovery:
            def __init__(self, name):
                self.name = name

            def describe(self):
                return {"name": self.name}
    """
    assert inventory(scan_files({"discovery.py": source})) == []


def test_test_modules_are_not_inventoried(scan_files) -> None:
    result = scan_files({"tests/test_breaker.py": STUB_BREAKER, "app/mock_breaker.py": STUB_BREAKER})
    assert inventory(result) == []


def test_prometheus_metrics_route_is_located_at_its_handler(scan_files) -> None:
    source = """
        from fastapi import FastAPI, Response
        from prometheus_client import CONTENT_TYPE_LATEST, Histogram, generate_latest

        app = FastAPI()
        LATENCY = Histogram("request_latency_seconds", "Request latency")


        @app.get("/health")
        def health():
            return {"status": "ok"}


        @app.get("/metrics")
        def metrics():
            LATENCY.observe(0.0)
            return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
    """
    assert inventory(scan_files({"main.py": source})) == [(
        "PR401", "monitoring", "main.py:13-16", "Prometheus Metrics",
        ("Prometheus metrics endpoint", "Performance metrics"),
    )]


def test_class_whose_methods_all_raise_not_implemented_is_an_interface(scan_files) -> None:
    source = """
        class AuthenticationBackend:
            def authenticate(self, request):
                raise NotImplementedError
    """
    assert inventory(scan_files({"backends.py": source})) == []


def test_module_level_stub_function_component_is_a_placeholder(scan_files) -> None:
    source = """
        def get_current_user(token):
            pass
    """
    assert inventory(scan_files({"security.py": source})) == [(
        "PR402", "authentication", "security.py:1-2", "Authentication Middleware", ("`get_current_user` is only `pass`",),
    )]


def test_circuit_breaker_library_usage_is_a_component(scan_files) -> None:
    source = """
        import httpx
        import pybreaker

        payments_breaker = pybreaker.CircuitBreaker(fail_max=5, reset_timeout=60)


        @payments_breaker
        def charge(order):
            return httpx.post("https://payments.internal/charge", json=order).json()
    """
    assert inventory(scan_files({"services/payments.py": source})) == [(
        "PR401", "circuit-breaker", "services/payments.py:4", "Circuit Breaker",
        ("Failure threshold trigger", "Circuit breaker library"),
    )]


def test_fastapi_jwt_dependency_module_is_jwt_authentication(scan_files) -> None:
    source = """
        import jwt
        from fastapi import Depends, HTTPException
        from fastapi.security import OAuth2PasswordBearer
        from passlib.context import CryptContext

        pwd_context = CryptContext(schemes=["bcrypt"])
        oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/token")


        def verify_password(plain, hashed):
            return pwd_context.verify(plain, hashed)


        async def get_current_user(token: str = Depends(oauth2_scheme)):
            try:
                claims = jwt.decode(token, "secret", algorithms=["HS256"])
            except jwt.PyJWTError:
                raise HTTPException(status_code=401) from None
            return {"username": claims["sub"]}
    """
    assert inventory(scan_files({"app/core/security.py": source})) == [(
        "PR401", "authentication", "app/core/security.py:14-19", "JWT Authentication",
        ("JWT token validation", "User context management", "OAuth2 / OpenID Connect", "Password hashing"),
    )]


def test_kit_health_registry_is_a_health_component(scan_files) -> None:
    source = """
        import redis
        from fastapi import FastAPI

        from prodready_kit.health import HealthRegistry
        from prodready_kit.health.checks import redis_check

        app = FastAPI()
        registry = HealthRegistry()
        registry.register("redis", redis_check(redis.Redis()), critical=True, timeout=1.0)
    """
    assert inventory(scan_files({"main.py": source})) == [(
        "PR401", "health-monitoring", "main.py:8", "Health Check Registry", ("Component-specific health checks",),
    )]


def test_kit_leader_election_is_a_clustering_component(scan_files) -> None:
    source = """
        from prodready_kit.cluster import LeaderElection

        election = LeaderElection.from_url("redis://127.0.0.1:6379/0", "nightly-backup")
        election.start()
    """
    assert inventory(scan_files({"jobs/leader.py": source})) == [(
        "PR401", "clustering", "jobs/leader.py:3", "Leader Election", ("Leader election",),
    )]
