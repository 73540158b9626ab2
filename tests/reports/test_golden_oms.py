"""The Markdown report of fixtures/oms_monolith against the reference report and its golden file.

The substance tests restate the reference report (same nine areas, same status per item, same
bullets, the two fakes, the three "Not found" with the enterprise profile; licensing and
clustering "Not checked (profile)" by default); the golden file pins the exact text of the default
scan (its header's date and commit fixed), so any change to it is reviewed like code. Regenerate
it with `PRODREADY_UPDATE_GOLDEN=1 pytest tests/reports`.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from pathlib import Path

import pytest

from prodready.model.findings import Provenance, ScanResult
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from prodready.reports.base import load_renderers
from tests.reports.markdown_text import headings

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE = REPO_ROOT / "fixtures" / "oms_monolith"
GOLDEN = Path(__file__).parent / "golden" / "oms_monolith.md"

AREA_HEADINGS = [
    "## 1. Health Monitoring Features",
    "## 2. High Availability (HA) Features",
    "## 3. Load Balancing Features",
    "## 4. Circuit Breaker",
    "## 5. Authentication & Authorization",
    "## 6. Monitoring & Metrics",
    "## 7. Backup & Recovery",
    "## 8. Enterprise Licensing",
    "## 9. Clustering Features",
]
# The reference's real implementations: section, item heading, location, bullets.
REAL_ITEMS = [
    ("## 1. Health Monitoring Features", "### Component Health Monitoring (component_health.py)",
     "middleware/component_health.py",
     ["Component-specific health checks", "Dependency tracking", "Health history and trends", "Alert integration",
      "Proper state management"]),
    ("## 2. High Availability (HA) Features", "### Redis HA Client (redis_ha_client.py)",
     "database/clients/redis_ha_client.py",
     ["Redis Sentinel integration", "Automatic failover", "Master/replica management", "Health monitoring",
      "Connection pooling"]),
    ("## 3. Load Balancing Features", "### Service Discovery (service_discovery.py)", "middleware/service_discovery.py",
     ["Multiple load balancing strategies", "Dynamic service discovery", "Health check integration",
      "DNS and Redis-based discovery"]),
    ("## 4. Circuit Breaker", "### Circuit Breaker (circuit_breaker.py)", "middleware/circuit_breaker.py",
     ["States: Closed, Open, Half-Open", "Error rate and response time triggers", "Distributed state management",
      "Backpressure handling", "Fallback mechanisms"]),
    ("## 5. Authentication & Authorization", "### JWT Authentication (auth_middleware.py)",
     "middleware/auth_middleware.py",
     ["JWT token validation", "Token caching", "IAM service integration", "User context management"]),
    ("## 6. Monitoring & Metrics", "### Prometheus Metrics (main.py)", "main.py:212-238",
     ["Prometheus metrics endpoint", "ETag analytics integration", "Performance metrics"]),
    ("## 7. Backup & Recovery", "### Backup Orchestrator (main.py)", "core/backup/main.py",
     ["Automated backups", "RPO/RTO compliance tracking", "MinIO integration", "TerminusDB backup support"]),
]
NOT_FOUND = [
    ("### Distributed Tracing", "**Status**: Not found - no OpenTelemetry or Jaeger integration detected"),
    ("## 8. Enterprise Licensing", "**Status**: Not found - no licensing or feature flagging implementation detected"),
    ("## 9. Clustering Features", "**Status**: Not found - no clustering implementation detected"),
]
NOT_CHECKED = [
    ("## 8. Enterprise Licensing", "**Status**: Not checked (profile) - runs with `profile = \"enterprise\"` in "
     "[tool.prodready] or `--select PR302`"),
    ("## 9. Clustering Features", "**Status**: Not checked (profile) - runs with `profile = \"enterprise\"` in "
     "[tool.prodready] or `--select PR303`"),
]
# The header of the golden file: a fixed time and commit (the scan's own are today's and HEAD's).
GOLDEN_PROVENANCE = Provenance(
    scanned_at="2026-11-27T09:30:00Z", in_repository=True, repository_prefix="fixtures/oms_monolith",
    commit="0123456789abcdef0123456789abcdef01234567",
)


def oms_report(profile: str = "") -> str:
    if not FIXTURE.is_dir():
        pytest.skip("fixtures/oms_monolith is not there yet")
    result = scan(ScanOptions(root=FIXTURE, use_cache=False, jobs=1, profile=profile))
    fixed = dataclasses.replace(GOLDEN_PROVENANCE, profile=result.provenance.profile)
    return load_renderers()["markdown"].render(dataclasses.replace(result, provenance=fixed))


@pytest.fixture(scope="module")
def report() -> str:
    return oms_report()


@pytest.fixture(scope="module")
def enterprise_report() -> str:
    return oms_report("enterprise")


def block(text: str, heading: str, until_level: int = 6) -> list[str]:
    """Lines after `heading` up to the next heading of level <= until_level."""
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next(
        (i for i, h in headings(text) if i >= start and len(h) - len(h.lstrip("#")) <= until_level), len(lines)
    )
    return lines[start:end]


def test_the_nine_areas_of_the_reference_in_order(report):
    top = [h for _, h in headings(report) if h.startswith("## ") and h[3].isdigit()]
    assert top[:9] == AREA_HEADINGS
    assert "### Distributed Tracing" in block(report, "## 6. Monitoring & Metrics", until_level=2)


def test_the_two_fakes_of_the_reference(report):
    health = block(report, "## 1. Health Monitoring Features", until_level=2)
    start = health.index("### `/health` Endpoint (main.py)")
    assert health[start + 1 : start + 3] == ["**Location**: `main.py:184-196`", "**Status**: **FAKE IMPLEMENTATION**"]
    assert any('"status": "healthy"' in line for line in health[start:])
    auth = block(report, "## 5. Authentication & Authorization", until_level=2)
    rbac = next(i for i, line in enumerate(auth) if line.startswith("### RBAC Test"))
    assert auth[rbac + 1 : rbac + 3] == [
        "**Location**: `api/v1/rbac_test_routes.py:17-55`",
        "**Status**: **TEST/DEVELOPMENT FEATURE**",
    ]
    assert '@router.get("/generate-tokens")  # expect: PR201' in auth


@pytest.mark.parametrize("section, heading, location, bullets", REAL_ITEMS, ids=[h for _, h, _, _ in REAL_ITEMS])
def test_real_implementations_with_the_reference_bullets(report, section, heading, location, bullets):
    item = block(report, heading)
    assert item[0].startswith(f"**Location**: `{location}")
    assert item[1] == "**Status**: Real implementation"
    found = [line[2:].split(" (`")[0] for line in item if line.startswith("- ")]
    assert found == bullets
    assert heading in block(report, section, until_level=2)


@pytest.mark.parametrize("heading, status", NOT_FOUND)
def test_the_three_capabilities_not_found_with_the_enterprise_profile(enterprise_report, heading, status):
    assert block(enterprise_report, heading)[0] == status


@pytest.mark.parametrize("heading, status", NOT_CHECKED)
def test_licensing_and_clustering_not_checked_by_default(report, heading, status):
    assert block(report, heading)[0] == status
    assert NOT_FOUND[0][1] == block(report, NOT_FOUND[0][0])[0]  # tracing stays on


def test_the_header_gives_date_commit_tool_and_configuration(report, enterprise_report):
    assert report.splitlines()[2:7] == [
        "- **Scanned**: 2026-11-27 09:30:00 UTC",
        "- **Commit**: `0123456789abcdef0123456789abcdef01234567` (clean)",
        "- **Tool**: prodready 0.1.0",
        "- **Configuration**: defaults (no [tool.prodready]), profile `default`",
        "",
    ]
    assert "- **Configuration**: defaults (no [tool.prodready]), profile `enterprise`" in enterprise_report


def test_summary_recommendations_and_files(enterprise_report):
    report = enterprise_report
    summary = block(report, "## Summary of Fake/Placeholder Implementations")
    entries = [line for line in summary if line[:1].isdigit()]
    assert entries[0] == "1. **`/health` Endpoint** (main.py:184-196)"
    assert entries[1].startswith("2. **RBAC Test") and entries[1].endswith("(api/v1/rbac_test_routes.py:17-55)")
    recommendations = "\n".join(block(report, "## Recommendations"))
    assert "**Fix `/health` Endpoint**" in recommendations and "prodready_kit.health.HealthRegistry" in recommendations
    assert "**Disable RBAC Test" in recommendations
    for capability in ("Distributed Tracing", "Enterprise Licensing", "Clustering Features"):
        assert f"   - {capability}" in recommendations
    files = [line for line in block(report, "## Files Requiring Attention") if line]
    assert files[0] == "1. `main.py` - Fix `/health` Endpoint (line 184)"
    assert files[1].startswith("2. `api/v1/rbac_test_routes.py` - Disable RBAC Test")
    assert any(line.split(". ", 1)[1].startswith("Consider adding distributed tracing") for line in files)
    assert any(line.split(". ", 1)[1].startswith("Consider adding enterprise licensing") for line in files)


def test_unchecked_areas_recommend_nothing(report):
    recommendations = "\n".join(block(report, "## Recommendations"))
    assert "   - Distributed Tracing" in recommendations
    assert "Enterprise Licensing" not in recommendations and "Clustering Features" not in recommendations
    assert "2 areas were not checked (profile)" in "\n".join(block(report, "## Summary"))


def test_golden_report(report):
    if os.environ.get("PRODREADY_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(report, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), report.splitlines(True), "golden", "now"))
    assert report == expected, f"report differs from {GOLDEN.name} (review, then PRODREADY_UPDATE_GOLDEN=1):\n{diff}"
