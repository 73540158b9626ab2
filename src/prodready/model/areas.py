"""The report areas, in the reference report's order; packs and findings refer to them by id."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    """One section of the Markdown/HTML report; `parent` nests it under another (tracing)."""

    id: str
    title: str
    parent: str = ""
    not_found: str = ""  # sentence for the report when nothing of this area was found


AREAS: tuple[Area, ...] = (
    Area("health-monitoring", "Health Monitoring Features",
         not_found="no health endpoint or health monitoring component detected"),
    Area("high-availability", "High Availability (HA) Features",
         not_found="no replication, failover or HA client detected"),
    Area("load-balancing", "Load Balancing Features",
         not_found="no load balancing or service discovery detected"),
    Area("circuit-breaker", "Circuit Breaker", not_found="no circuit breaker detected"),
    Area("authentication", "Authentication & Authorization",
         not_found="no authentication or authorization detected"),
    Area("monitoring", "Monitoring & Metrics", not_found="no metrics or monitoring detected"),
    Area("tracing", "Distributed Tracing", parent="monitoring",
         not_found="no OpenTelemetry or Jaeger integration detected"),
    Area("backup-recovery", "Backup & Recovery", not_found="no backup or recovery implementation detected"),
    Area("licensing", "Enterprise Licensing",
         not_found="no licensing or feature flagging implementation detected"),
    Area("clustering", "Clustering Features", not_found="no clustering implementation detected"),
    Area("dev-routes", "Test and Development Routes"),
    Area("configuration", "Configuration and Suppressions"),
)

AREAS_BY_ID: dict[str, Area] = {area.id: area for area in AREAS}
