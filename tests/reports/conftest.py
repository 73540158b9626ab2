"""A hand-built, OMS-like ScanResult shared by the report tests."""

from __future__ import annotations

from dataclasses import replace
from collections.abc import Callable, Iterator

import pytest

from prodready.model.areas import AREAS, AREAS_BY_ID
from prodready.model.findings import Finding, Location, Provenance, ScanResult, ScanWarning, Severity, Suppression
from prodready.rules import load_all
from prodready.rules.base import Rule

HEALTH_SNIPPET = '''@app.get("/health")
async def health_check():
    """시스템 상태 확인"""
    return {
        "status": "healthy",  # Always returns "healthy"
        "version": "2.0.1",
        "db_connected": services.db_client and services.db_client.is_connected(),
        "services": {
            "schema": services.schema_service is not None,
            "db": services.db_client is not None,
            "events": services.event_service is not None,
        }
    }
'''

TOKEN_SNIPPET = '''@router.get("/generate-tokens")
async def generate_test_tokens():
    """Generate test JWT tokens for different roles <admin> & "friends\""""
    return {role: jwt.encode({"sub": role}, SECRET) for role in ROLES}
'''


def inventory(area: str, title: str, path: str, start: int, end: int, *details: str) -> Finding:
    """A real component found by an indicator pack."""
    return Finding(
        rule_id="PR401", slug="inventory-component", family="inventory", status="real",
        severity=Severity.NONE, message=f"{title}: real implementation", location=Location(path, start, end),
        symbol=title.replace(" ", ""), area=area, title=title, details=details,
    )


def missing(rule_id: str, slug: str, area: str, message: str, searched: str) -> Finding:
    """A capability the project lacks (project-level, anchored at the app creation)."""
    return Finding(
        rule_id=rule_id, slug=slug, family="capability", status="missing", severity=Severity.LOW,
        message=message, location=Location("main.py", 60, 60), area=area, title=AREAS_BY_ID[area].title,
        details=(f"Searched for: {searched}",),
    )


FAKE_HEALTH = Finding(
    rule_id="PR101", slug="health-fake", family="health", status="fake", severity=Severity.HIGH,
    message='Always returns "healthy" status regardless of actual system health.',
    location=Location("main.py", 184, 196), symbol="health_check", area="health-monitoring",
    title="Health Check Endpoint", snippet=HEALTH_SNIPPET,
    details=("Reports db_connected and services but never fails", "Always HTTP 200"),
)
TOKEN_ROUTE = Finding(
    rule_id="PR201", slug="dev-route-exposed", family="exposure", status="exposed", severity=Severity.CRITICAL,
    message="Provides token generation endpoint for testing - should be disabled in production.",
    location=Location("api/v1/rbac_test_routes.py", 17, 55), symbol="generate_test_tokens",
    area="authentication", title="RBAC Test Token Generator", snippet=TOKEN_SNIPPET,
    related=(Location("main.py", 120, 120, message="mounted unconditionally with prefix /api/v1"),),
    details=("Mints JWTs with jwt.encode",),
)
SUPPRESSED = Finding(
    rule_id="PR203", slug="dev-route-unmounted", family="exposure", status="unmounted", severity=Severity.LOW,
    message="Debug route defined but never mounted.", location=Location("api/v1/debug_routes.py", 8, 12),
    symbol="dump_state", area="authentication", title="Debug State Dump",
    suppression=Suppression("inline", "kept for local debugging"),
)
WARNING = ScanWarning("legacy/broken.py", "syntax-error", "invalid syntax at line 3")
OMS_PROVENANCE = Provenance(
    scanned_at="2026-11-27T09:30:00Z", in_repository=True, repository_prefix="", dirty=True,
    commit="89abcdef0123456789abcdef0123456789abcdef", config="pyproject.toml", profile="enterprise",
    settings=(("fail-on", "medium"),),
)

OMS_FINDINGS = (
    FAKE_HEALTH,
    inventory("health-monitoring", "Component Health Monitoring", "middleware/component_health.py", 20, 310,
              "Component-specific health checks", "Dependency tracking", "Health history and trends"),
    inventory("high-availability", "Redis HA Client", "database/clients/redis_ha_client.py", 15, 240,
              "Redis Sentinel integration", "Automatic failover", "Master/replica management"),
    inventory("load-balancing", "Service Discovery", "middleware/service_discovery.py", 30, 400,
              "Multiple load balancing strategies", "Dynamic service discovery"),
    inventory("circuit-breaker", "Circuit Breaker", "middleware/circuit_breaker.py", 12, 280,
              "States: Closed, Open, Half-Open", "Fallback mechanisms"),
    inventory("authentication", "JWT Authentication", "middleware/auth_middleware.py", 10, 150,
              "JWT token validation", "Token caching"),
    TOKEN_ROUTE,
    inventory("monitoring", "Prometheus Metrics", "main.py", 212, 238, "Prometheus metrics endpoint"),
    inventory("backup-recovery", "Backup Orchestrator", "core/backup/main.py", 1, 200,
              "Automated backups", "RPO/RTO compliance tracking"),
    missing("PR301", "capability-tracing", "tracing", "no OpenTelemetry or Jaeger integration detected",
            "opentelemetry, jaeger_client"),
    missing("PR302", "capability-licensing", "licensing",
            "no licensing or feature flagging implementation detected", "openfeature, license files"),
    missing("PR303", "capability-clustering", "clustering", "no clustering implementation detected",
            "leader election, distributed locks"),
    SUPPRESSED,
)


@pytest.fixture
def oms_result() -> ScanResult:
    """The OMS monolith's scan as the pipeline would report it."""
    return ScanResult(
        root="/home/someone/oms_monolith", findings=OMS_FINDINGS, warnings=(WARNING,), files_scanned=42,
        tool_version="0.1.0", areas=AREAS, provenance=OMS_PROVENANCE,
    )


@pytest.fixture
def empty_result() -> ScanResult:
    """A scan that found nothing at all."""
    return ScanResult(root="/tmp/empty", findings=(), files_scanned=0, tool_version="0.1.0")


@pytest.fixture
def oms_findings() -> dict[str, Finding]:
    """The notable findings of the OMS scan by name (fake_health, token_route, suppressed)."""
    return {"fake_health": FAKE_HEALTH, "token_route": TOKEN_ROUTE, "suppressed": SUPPRESSED}


@pytest.fixture
def make_result() -> Callable[..., ScanResult]:
    """Build a ScanResult around some findings (areas default to the built-in ones)."""

    def make(findings: tuple[Finding, ...] | list[Finding], **fields) -> ScanResult:
        base = ScanResult(root="/srv/app", findings=tuple(findings), files_scanned=3, tool_version="0.1.0", areas=AREAS)
        return replace(base, **fields)

    return make


class _DemoHealthRule(Rule):
    """A health endpoint that can never report failure.

    What it finds
    Health routes that always answer "healthy".

    Why it matters
    Probes keep sending traffic to a broken instance.

    Example
    ```python
    x = 1
    ```

    Use instead
    ```python
    y = 2
    ```

    Fix
    Unsafe (behaviour changes: the endpoint starts failing). Replace the handler with a
    registry of real checks that can fail.

    The codemod keeps the expressions the handler reported.
    """


class _DemoTracingRule(Rule):
    """The service has no distributed tracing."""


@pytest.fixture
def demo_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """PR101 and PR301 replaced by documented stand-ins, so fix texts are known exactly."""
    load_all()  # real rule modules register first; the stand-ins then shadow two ids for one test
    for rule, rule_id, slug, family, status, severity, kit in (
        (_DemoHealthRule, "PR101", "health-fake", "health", "fake", Severity.HIGH,
         "prodready_kit.health.HealthRegistry"),
        (_DemoTracingRule, "PR301", "capability-tracing", "capability", "missing", Severity.LOW,
         "prodready_kit.tracing.bootstrap"),
    ):
        for name, value in (("id", rule_id), ("slug", slug), ("family", family), ("status", status),
                            ("severity", severity), ("kit_replacement", kit)):
            monkeypatch.setattr(rule, name, value, raising=False)
        monkeypatch.setitem(Rule.registry, rule_id, rule)
    yield
