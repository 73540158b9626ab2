"""prodready: a static production-readiness auditor for Python services, and its runtime kit."""

__version__ = "0.1.0"
