"""The reference report's real components, found in fixtures/oms_monolith with their bullets."""

from __future__ import annotations

import ast

import pytest

from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from tests.conftest import FIXTURES

EXPECTED_COMPONENTS = [
    ("core/backup/main.py", "BackupOrchestrator", "backup-recovery", "Backup Orchestrator", (
        "Automated backups", "RPO/RTO compliance tracking", "MinIO integration", "TerminusDB backup support")),
    ("database/clients/redis_ha_client.py", "RedisHAClient", "high-availability", "Redis HA Client", (
        "Redis Sentinel integration", "Automatic failover", "Master/replica management", "Health monitoring",
        "Connection pooling")),
    ("main.py", "metrics", "monitoring", "Prometheus Metrics", (
        "Prometheus metrics endpoint", "ETag analytics integration", "Performance metrics")),
    ("middleware/auth_middleware.py", "AuthMiddleware", "authentication", "JWT Authentication", (
        "JWT token validation", "Token caching", "IAM service integration", "User context management")),
    ("middleware/circuit_breaker.py", "CircuitBreaker", "circuit-breaker", "Circuit Breaker", (
        "States: Closed, Open, Half-Open", "Error rate and response time triggers", "Distributed state management",
        "Backpressure handling", "Fallback mechanisms")),
    ("middleware/component_health.py", "ComponentHealthMonitor", "health-monitoring", "Component Health Monitoring", (
        "Component-specific health checks", "Dependency tracking", "Health history and trends", "Alert integration",
        "Proper state management")),
    ("middleware/service_discovery.py", "ServiceDiscovery", "load-balancing", "Service Discovery", (
        "Multiple load balancing strategies", "Dynamic service discovery", "Health check integration",
        "DNS and Redis-based discovery")),
]


def span(path: str, name: str) -> str:
    """`path:start-end` of a top-level class or function of the fixture, decorators included."""
    tree = ast.parse((FIXTURES / "oms_monolith" / path).read_text(encoding="utf-8"))
    node = next(n for n in tree.body if getattr(n, "name", "") == name)
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return f"{path}:{start}-{node.end_lineno}"


def span_of_assignment(path: str, target: str) -> str:
    """`path:start-end` of the module-level assignment to `target` (the app creation)."""
    tree = ast.parse((FIXTURES / "oms_monolith" / path).read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == target)
    return f"{path}:{node.lineno}-{node.end_lineno}"


@pytest.fixture(scope="module")
def oms_result():
    return scan(ScanOptions(root=FIXTURES / "oms_monolith", use_cache=False, jobs=1))


def test_reference_components_in_their_areas_with_their_bullets(oms_result) -> None:
    found = [(f.location.label(), f.area, f.title, f.details)
             for f in oms_result.findings if f.rule_id == "PR401"]
    assert found == [(span(path, name), area, title, bullets) for path, name, area, title, bullets in EXPECTED_COMPONENTS]


def test_metrics_endpoint_is_located_as_in_the_reference(oms_result) -> None:
    metrics = next(f for f in oms_result.findings if f.title == "Prometheus Metrics")
    assert metrics.location.label() == "main.py:212-238"


def test_no_placeholder_or_always_pass_check_in_the_monolith(oms_result) -> None:
    assert [f for f in oms_result.findings if f.rule_id in ("PR402", "PR403")] == []


def capabilities(result) -> list[tuple[str, ...]]:
    return sorted((f.rule_id, f.status, f.severity.label, f.area, f.title, f.location.label())
                  for f in result.findings if f.family == "capability")


def test_tracing_licensing_and_clustering_are_not_found(oms_result) -> None:
    anchor = span_of_assignment("main.py", "app")
    # licensing and clustering are product decisions: checked only with the enterprise profile
    assert capabilities(oms_result) == [("PR301", "missing", "low", "tracing", "Distributed Tracing", anchor)]
    assert oms_result.not_checked == (("licensing", "PR302"), ("clustering", "PR303"))
    enterprise = scan(ScanOptions(root=FIXTURES / "oms_monolith", use_cache=False, jobs=1, profile="enterprise"))
    assert enterprise.not_checked == ()
    assert capabilities(enterprise) == [
        ("PR301", "missing", "low", "tracing", "Distributed Tracing", anchor),
        ("PR302", "missing", "low", "licensing", "Enterprise Licensing", anchor),
        ("PR303", "missing", "low", "clustering", "Clustering Features", anchor),
    ]
    tracing = next(f for f in oms_result.findings if f.rule_id == "PR301")
    assert tracing.message == "Distributed Tracing: not found - no OpenTelemetry or Jaeger integration detected"
    assert tracing.details[0].startswith("searched imports of opentelemetry, jaeger_client, ddtrace")
    assert tracing.details[2].startswith("searched manifests (requirements.txt) for opentelemetry-*")


def test_component_evidence_points_at_code(oms_result) -> None:
    for finding in (f for f in oms_result.findings if f.rule_id == "PR401"):
        lines = (FIXTURES / "oms_monolith" / finding.location.path).read_text(encoding="utf-8").splitlines()
        assert [r.message.split(": `")[0] for r in finding.related] == list(finding.details)
        for related in finding.related:
            term = related.message.split("`")[1]
            assert term.rsplit(".", 1)[-1] in lines[related.start_line - 1] or term.startswith("/"), related
