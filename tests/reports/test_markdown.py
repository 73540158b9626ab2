"""The Markdown report follows the structure of the reference enterprise-features scan report."""

from __future__ import annotations

import random

from prodready.model.areas import AREAS, Area
from prodready.model.findings import Finding, Location, Severity
from prodready.reports.base import load_renderers
from tests.reports.markdown_text import headings


def render(result) -> str:
    return load_renderers()["markdown"].render(result)


def block_after(text: str, heading: str) -> list[str]:
    """The lines after `heading` up to the next heading."""
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next((index for index, _ in headings(text) if index >= start), len(lines))
    return lines[start:end]


def test_headings_are_the_reference_sections_in_order(oms_result):
    assert [heading for _, heading in headings(render(oms_result))] == [
        "# Enterprise Features Scan Report",
        "## Summary",
        "## 1. Health Monitoring Features",
        "### Health Check Endpoint (main.py)",
        "### Component Health Monitoring (component_health.py)",
        "## 2. High Availability (HA) Features",
        "### Redis HA Client (redis_ha_client.py)",
        "## 3. Load Balancing Features",
        "### Service Discovery (service_discovery.py)",
        "## 4. Circuit Breaker",
        "### Circuit Breaker (circuit_breaker.py)",
        "## 5. Authentication & Authorization",
        "### RBAC Test Token Generator (rbac_test_routes.py)",
        "### JWT Authentication (auth_middleware.py)",
        "## 6. Monitoring & Metrics",
        "### Prometheus Metrics (main.py)",
        "### Distributed Tracing",
        "## 7. Backup & Recovery",
        "### Backup Orchestrator (main.py)",
        "## 8. Enterprise Licensing",
        "## 9. Clustering Features",
        "## Summary of Fake/Placeholder Implementations",
        "## Recommendations",
        "## Files Requiring Attention",
        "## Suppressed Findings",
        "## Scan Warnings",
    ]


def test_summary_paragraph_names_the_project_and_counts(oms_result):
    summary = block_after(render(oms_result), "## Summary")
    assert summary[0].startswith(
        "This report documents all enterprise feature implementations found in the `oms_monolith` codebase"
    )
    assert "scanned 42 Python files" in summary[0]
    assert (
        "found 1 fake implementation, 1 test/development feature and 7 real implementations; 3 areas were not found."
    ) in summary[0]
    assert "1 suppressed finding" in summary[0] and "1 scan warning" in summary[0]


def test_fake_item_has_location_status_excerpt_and_issue(oms_result):
    block = block_after(render(oms_result), "### Health Check Endpoint (main.py)")
    assert block[0] == "**Location**: `main.py:184-196`"
    assert block[1] == "**Status**: **FAKE IMPLEMENTATION**"
    fence = block.index("```python")
    assert block[fence + 1] == '@app.get("/health")'
    assert '        "status": "healthy",  # Always returns "healthy"' in block
    closing = block.index("```", fence + 1)
    assert block[closing + 1] == '**Issue**: Always returns "healthy" status regardless of actual system health.'


def test_test_route_item_shows_its_status_and_mount(oms_result):
    block = block_after(render(oms_result), "### RBAC Test Token Generator (rbac_test_routes.py)")
    assert block[:2] == ["**Location**: `api/v1/rbac_test_routes.py:17-55`", "**Status**: **TEST/DEVELOPMENT FEATURE**"]
    assert "**Issue**: Provides token generation endpoint for testing - should be disabled in production." in block
    assert "**Related**: `main.py:120` - mounted unconditionally with prefix /api/v1" in block


def test_real_item_lists_capability_bullets(oms_result):
    block = block_after(render(oms_result), "### Redis HA Client (redis_ha_client.py)")
    assert block[:5] == [
        "**Location**: `database/clients/redis_ha_client.py:15-240`",
        "**Status**: Real implementation",
        "- Redis Sentinel integration",
        "- Automatic failover",
        "- Master/replica management",
    ]
    assert not any(line.startswith("```") for line in block)


def test_missing_capabilities_are_not_found_with_what_was_searched(oms_result):
    text = render(oms_result)
    assert block_after(text, "### Distributed Tracing")[:2] == [
        "**Status**: Not found - no OpenTelemetry or Jaeger integration detected",
        "- Searched for: opentelemetry, jaeger_client",
    ]
    assert block_after(text, "## 8. Enterprise Licensing")[0] == (
        "**Status**: Not found - no licensing or feature flagging implementation detected"
    )
    assert block_after(text, "## 9. Clustering Features")[0] == (
        "**Status**: Not found - no clustering implementation detected"
    )


def test_area_without_any_finding_is_not_found_with_the_area_sentence(make_result, oms_findings):
    text = render(make_result([oms_findings["fake_health"]]))
    assert block_after(text, "## 4. Circuit Breaker")[0] == "**Status**: Not found - no circuit breaker detected"
    assert block_after(text, "### Distributed Tracing")[0] == (
        "**Status**: Not found - no OpenTelemetry or Jaeger integration detected"
    )
    assert "## 9. Clustering Features" in text.splitlines()
    assert "Test and Development Routes" not in text  # areas without a not-found sentence only show findings


def test_summary_of_fakes_recommendations_and_files(oms_result):
    text = render(oms_result)
    fakes = block_after(text, "## Summary of Fake/Placeholder Implementations")
    assert [line for line in fakes if line and not line.startswith("   ")] == [
        "1. **Health Check Endpoint** (main.py:184-196)",
        "2. **RBAC Test Token Generator** (api/v1/rbac_test_routes.py:17-55)",
    ]
    assert "   - Reports db_connected and services but never fails" in fakes
    recommendations = [line for line in block_after(text, "## Recommendations") if line]
    assert recommendations[0].startswith("1. **Fix Health Check Endpoint**:")
    assert recommendations[1].startswith("2. **Disable RBAC Test Token Generator**:")
    assert recommendations[2] == "3. **Add Missing Features**:"
    # each missing capability, followed by its rule's kit replacement when the rule names one
    assert [line.split(" (`")[0] for line in recommendations[3:6]] == [
        "   - Distributed Tracing", "   - Enterprise Licensing", "   - Clustering Features",
    ]
    assert recommendations[6].startswith("4. **Security Review**:")
    files = [line for line in block_after(text, "## Files Requiring Attention") if line]
    assert [line.split(" (`")[0] for line in files] == [
        "1. `main.py` - Fix Health Check Endpoint (line 184)",
        "2. `api/v1/rbac_test_routes.py` - Disable RBAC Test Token Generator (line 17)",
        "3. Consider adding distributed tracing",
        "4. Consider adding enterprise licensing",
        "5. Consider adding clustering features",
    ]


def test_recommendations_come_from_the_rules_fix_section_and_name_the_kit(oms_result, demo_rules):
    text = render(oms_result)
    recommendations = [line for line in block_after(text, "## Recommendations") if line]
    assert recommendations[0] == (
        "1. **Fix Health Check Endpoint**: Replace the handler with a registry of real checks that can fail. "
        "Use `prodready_kit.health.HealthRegistry`."
    )
    assert "   - Distributed Tracing (`prodready_kit.tracing.bootstrap`)" in recommendations
    files = block_after(text, "## Files Requiring Attention")
    assert "3. Consider adding distributed tracing (`prodready_kit.tracing.bootstrap`)" in files


def test_suppressed_findings_and_warnings_only_in_the_appendix(oms_result):
    text = render(oms_result)
    body = text.split("## Suppressed Findings")[0]
    assert "Debug State Dump" not in body and "debug_routes.py" not in body
    assert block_after(text, "## Suppressed Findings")[1] == (
        "- `PR203` dev-route-unmounted at `api/v1/debug_routes.py:8-12` - inline: kept for local debugging"
    )
    assert block_after(text, "## Scan Warnings")[1] == "- `legacy/broken.py` (syntax-error): invalid syntax at line 3"


def test_placeholder_and_user_pack_area(make_result):
    placeholder = Finding(
        rule_id="PR402", slug="placeholder-component", family="inventory", status="placeholder",
        severity=Severity.MEDIUM, message="Key methods are stubs: acquire, release.",
        location=Location("cluster/leader.py", 5, 20), area="clustering", title="Leader Election",
        snippet="class LeaderElection:\n    def acquire(self):\n        pass\n",
    )
    queue = Finding(
        rule_id="PR401", slug="inventory-component", family="inventory", status="real", severity=Severity.NONE,
        message="", location=Location("mq/consumer.py", 1, 90), area="message-queues", title="Kafka Consumer",
        details=("Consumer groups",),
    )
    areas = (*AREAS, Area("message-queues", "Message Queues", not_found="no broker client detected"))
    text = render(make_result([placeholder, queue], areas=areas))
    block = block_after(text, "### Leader Election (leader.py)")
    assert block[1] == "**Status**: **PLACEHOLDER**"
    assert "**Issue**: Key methods are stubs: acquire, release." in block
    assert "## 10. Message Queues" in text.splitlines()
    consumer = block_after(text, "### Kafka Consumer (consumer.py)")
    assert consumer[1:3] == ["**Status**: Real implementation", "- Consumer groups"]
    assert "1. **Leader Election** (cluster/leader.py:5-20)" in text.splitlines()


def test_output_is_deterministic_and_independent_of_finding_order(oms_result):
    first = render(oms_result)
    shuffled = list(oms_result.findings)
    random.Random(7).shuffle(shuffled)
    assert render(oms_result) == first
    assert render(type(oms_result)(**{**oms_result.__dict__, "findings": tuple(shuffled)})) == first


def test_empty_result_reports_every_area_not_found(empty_result):
    text = render(empty_result)
    lines = text.splitlines()
    for number, area in enumerate((a for a in AREAS if a.not_found and not a.parent), start=1):
        heading = f"## {number}. {area.title}"
        assert block_after(text, heading)[0] == f"**Status**: Not found - {area.not_found}"
    assert "No fake, placeholder or exposed test implementations found." in lines


def test_findings_of_one_rule_on_one_component_share_a_summary_entry(make_result, oms_findings):
    def route(line: int, path: str) -> Finding:
        return Finding(
            rule_id="PR201", slug="dev-route-exposed", family="exposure", status="exposed", severity=Severity.HIGH,
            message=f"Test route `GET {path}` is mounted unconditionally",
            location=Location("api/test_routes.py", line, line + 5),
            symbol=path, area="dev-routes", title="Test Routes",
            details=(f"Defined at line {line}", "Mounted at main.py:181", "Should be disabled in production"),
            snippet=f"@router.get('{path}')\ndef handler():\n" + "    x = 1\n" * 30,
        )

    text = render(make_result([route(63, "/a"), route(76, "/b")]))
    summary = block_after(text, "## Summary of Fake/Placeholder Implementations")
    assert [line for line in summary if line] == [
        "1. **Test Routes** (api/test_routes.py:63-68, 76-81)",
        "   - Test route `GET /a` is mounted unconditionally",
        "   - Test route `GET /b` is mounted unconditionally",
        "   - Mounted at main.py:181",
        "   - Should be disabled in production",
    ]
    files = block_after(text, "## Files Requiring Attention")
    assert "1. `api/test_routes.py` - Disable Test Routes (lines 63, 76)" in files
    excerpt = block_after(text, "### Test Routes (test_routes.py)")
    fence = excerpt.index("```python")
    assert excerpt[fence + 17] == "    # ... 16 more lines"  # 32-line excerpts are cut after 16 lines
    assert excerpt[fence + 18] == "```"


def test_missing_finding_next_to_present_items_is_its_own_entry(make_result, oms_findings):
    readiness = Finding(
        rule_id="PR105", slug="no-readiness-check", family="health", status="missing", severity=Severity.MEDIUM,
        message="The service uses Redis but no route can report it failing", location=Location("main.py", 143, 148),
        area="health-monitoring", title="Readiness Check", details=("Redis imported at core/cache.py:3",),
    )
    text = render(make_result([oms_findings["fake_health"], readiness]))
    assert block_after(text, "### Readiness Check (main.py)")[:3] == [
        "**Location**: `main.py:143-148`",
        "**Status**: Not found - The service uses Redis but no route can report it failing",
        "- Redis imported at core/cache.py:3",
    ]
    recommendations = block_after(text, "## Recommendations")
    assert any(line.startswith("   - Readiness Check") for line in recommendations)
    files = block_after(text, "## Files Requiring Attention")
    assert any(line.startswith("2. Consider adding readiness check") for line in files)


def test_evidence_locations_join_their_capability_bullets(make_result):
    client = Finding(
        rule_id="PR401", slug="inventory-component", family="inventory", status="real", severity=Severity.NONE,
        message="", location=Location("db/redis_ha.py", 109, 359), area="high-availability", title="Redis HA Client",
        details=("Redis Sentinel integration", "Automatic failover", "Connection pooling"),
        related=(
            Location("db/redis_ha.py", 154, 154, message="Redis Sentinel integration: `Sentinel`"),
            Location("db/errors.py", 33, 33, message="Automatic failover: `FAILOVER_ERRORS`"),
            Location("db/redis_ha.py", 12, 12, message="imported here"),
        ),
    )
    block = block_after(render(make_result([client])), "### Redis HA Client (redis_ha.py)")
    assert block[2:6] == [
        "- Redis Sentinel integration (`Sentinel` at line 154)",
        "- Automatic failover (`FAILOVER_ERRORS` at db/errors.py:33)",
        "- Connection pooling",
        "**Related**: `db/redis_ha.py:12` - imported here",
    ]


def test_capability_declared_but_not_wired_needs_attention(make_result):
    declared = Finding(
        rule_id="PR301", slug="capability-tracing", family="capability", status="declared-not-wired",
        severity=Severity.MEDIUM, message="opentelemetry-sdk is in requirements.txt but no tracer is configured",
        location=Location("requirements.txt", 4, 4), area="tracing", title="Distributed Tracing",
    )
    text = render(make_result([declared]))
    block = block_after(text, "#### Distributed Tracing (requirements.txt)")  # nested in Monitoring & Metrics
    assert block[:2] == ["**Location**: `requirements.txt:4`", "**Status**: **DECLARED BUT NOT WIRED**"]
    assert "1. **Distributed Tracing** (requirements.txt:4)" in text.splitlines()
    recommendations = block_after(text, "## Recommendations")
    assert any(line.startswith("1. **Wire up Distributed Tracing**:") for line in recommendations)


def test_an_area_whose_only_finding_is_suppressed_is_not_reported_as_not_found(make_result):
    from prodready.model.findings import Suppression

    hidden = Finding(
        rule_id="PR101", slug="health-fake", family="health", status="fake", severity=Severity.HIGH,
        message="fake", location=Location("main.py", 5, 8), area="health-monitoring", title="`/health` Endpoint",
        suppression=Suppression("inline", "known; readiness is /ready"),
    )
    lines = block_after(render(make_result([hidden])), "## 1. Health Monitoring Features")
    assert not any(line.startswith("**Status**: Not found") for line in lines)
    assert "1 suppressed finding (see Suppressed Findings)." in lines
