"""Health checks an SRE can trust: a registry of timed, cached checks behind three probes.

Framework adapters live in submodules (fastapi, flask, django, asgi, wsgi); built-in checks in
`prodready_kit.health.checks`. Importing this package imports no web framework.
"""

from prodready_kit.health.registry import HealthRegistry
from prodready_kit.health.report import HEALTH_JSON, CheckReport, CheckResult, HealthReport, Status

__all__ = ["HEALTH_JSON", "CheckReport", "CheckResult", "HealthRegistry", "HealthReport", "Status"]
