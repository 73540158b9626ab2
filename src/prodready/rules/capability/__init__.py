"""The capability family: distributed tracing, licensing / feature flags and clustering, each
present, declared but not wired, or missing (PR301-PR303)."""
