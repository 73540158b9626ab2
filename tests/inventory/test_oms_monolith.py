"""The reference report's real components, found in fixtures/oms_monolith with their bullets."""

from __future__ import annotations

import pytest

from prodready.scanner.options import ScanOptions
from prodready.scanner.pipeline import scan
from tests.conftest import FIXTURES

EXPECTED_COMPONENTS = [
    ("core/backup/main.py:317-433", "backup-recovery", "Backup Orchestrator", (
        "Automated backups", "RPO/RTO compliance tracking", "MinIO integration", "TerminusDB backup support")),
    ("database/clients/redis_ha_client.py:109-359", "high-availability", "Redis HA Client", (
        "Redis Sentinel integration", "Automatic failover", "Master/replica management", "Health monitoring",
        "Connection pooling")),
    ("main.py:212-238", "monitoring", "Prometheus Metrics", (
        "Prometheus metrics endpoint", "ETag analytics integration", "Performance metrics")),
    ("middleware/auth_middleware.py:207-230", "authentication", "JWT Authentication", (
        "JWT token validation", "Token caching", "IAM service integration", "User context management")),
    ("middleware/circuit_breaker.py:135-283", "circuit-breaker", "Circuit Breaker", (
        "States: Closed, Open, Half-Open", "Error rate and response time triggers", "Distributed state management",
        "Backpressure handling", "Fallback mechanisms")),
    ("middleware/component_health.py:133-360", "health-monitoring", "Component Health Monitoring", (
        "Component-specific health checks", "Dependency tracking", "Health history and trends", "Alert integration",
        "Proper state management")),
    ("middleware/service_discovery.py:250-376", "load-balancing", "Service Discovery", (
        "Multiple load balancing strategies", "Dynamic service discovery", "Health check integration",
        "DNS and Redis-based discovery")),
]


@pytest.fixture(scope="module")
def oms_result():
    return scan(ScanOptions(root=FIXTURES / "oms_monolith", use_cache=False, jobs=1))


def test_reference_components_in_their_areas_with_their_bullets(oms_result) -> None:
    found = [(f.location.label(), f.area, f.title, f.details)
             for f in oms_result.findings if f.rule_id == "PR401"]
    assert found == EXPECTED_COMPONENTS


def test_no_placeholder_or_always_pass_check_in_the_monolith(oms_result) -> None:
    assert [f for f in oms_result.findings if f.rule_id in ("PR402", "PR403")] == []


def test_tracing_licensing_and_clustering_are_not_found(oms_result) -> None:
    found = sorted((f.rule_id, f.status, f.severity.label, f.area, f.title, f.location.label())
                   for f in oms_result.findings if f.family == "capability")
    assert found == [
        ("PR301", "missing", "low", "tracing", "Distributed Tracing", "main.py:143-148"),
        ("PR302", "missing", "low", "licensing", "Enterprise Licensing", "main.py:143-148"),
        ("PR303", "missing", "low", "clustering", "Clustering Features", "main.py:143-148"),
    ]
    tracing = next(f for f in oms_result.findings if f.rule_id == "PR301")
    assert tracing.message == "Distributed Tracing: not found - no OpenTelemetry or Jaeger integration detected"
    assert tracing.details[0].startswith("searched imports of opentelemetry, jaeger_client, ddtrace")
    assert tracing.details[2].startswith("searched manifests (requirements.txt) for opentelemetry-*")


def test_component_evidence_points_at_code(oms_result) -> None:
    breaker = next(f for f in oms_result.findings if f.title == "Circuit Breaker")
    assert [(r.path, r.start_line) for r in breaker.related][:2] == [
        ("middleware/circuit_breaker.py", 35), ("middleware/circuit_breaker.py", 43)]
