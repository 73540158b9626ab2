"""The configuration's data types: `Config`, the defaults it starts from, and `ConfigError`."""

from __future__ import annotations

from dataclasses import dataclass, field

from prodready.model.findings import Confidence, Severity

DEFAULT_HEALTH_PATTERNS = (
    "health", "healthz", "live", "livez", "liveness", "ready", "readyz", "readiness",
    "ping", "heartbeat", "status",
)
DEFAULT_DEV_ROUTE_WORDS = ("test", "testing", "debug", "dev", "mock", "fake", "demo", "seed", "populate")
DEFAULT_GATE_NAMES = (
    "DEBUG", "debug", "ENV", "ENVIRONMENT", "APP_ENV", "APP_ENVIRONMENT", "ENABLE_TEST_ROUTES",
    "TESTING", "DEVELOPMENT", "is_development", "is_production", "is_dev", "environment",
    "PRODREADY_ENV",
)
# Rule profiles, each switching on the rules of the ones before it too. Licensing and clustering
# are product decisions, not defects: their capability rules run only with "enterprise".
PROFILES = ("default", "enterprise")
DEFAULT_PROFILE = PROFILES[0]
DEFAULT_DEPLOY_FILES = (  # file names (or relative-path globs) read as deployment configuration
    "Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile", "Procfile", "*.yaml", "*.yml",
)
DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", "virtualenv", ".tox", ".nox",
    "node_modules", "build", "dist", "site-packages", "__pycache__", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".prodready_cache", "*.egg-info",
)


@dataclass(frozen=True)
class Config:
    """Effective configuration of one scan (defaults when no pyproject.toml sets anything)."""

    source: str = ""  # the pyproject.toml it came from, "" for defaults
    select: tuple[str, ...] = ()  # rule ids, slugs or families; empty = all
    ignore: tuple[str, ...] = ()
    severity_overrides: dict[str, Severity] = field(default_factory=dict)  # rule id -> severity
    fail_on: Severity = Severity.HIGH
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: tuple[str, ...] = ()
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)  # glob -> rules
    packs: tuple[str, ...] = ()  # extra indicator pack files (YAML), relative to the config
    health_patterns: tuple[str, ...] = DEFAULT_HEALTH_PATTERNS
    dev_route_words: tuple[str, ...] = DEFAULT_DEV_ROUTE_WORDS
    gate_names: tuple[str, ...] = DEFAULT_GATE_NAMES  # env vars / settings that gate dev routes
    waivers: tuple[dict[str, str], ...] = ()  # {rule, path, symbol?, reason}
    respect_gitignore: bool = True
    min_confidence: Confidence = Confidence.LOW  # findings below it are left out
    non_production: tuple[str, ...] = ()  # gitignore-style patterns of code that never ships (added to the defaults)
    production: tuple[str, ...] = ()  # patterns of code that ships even where the defaults say it does not
    profile: str = DEFAULT_PROFILE  # one of PROFILES
    deploy_files: tuple[str, ...] = DEFAULT_DEPLOY_FILES  # Kubernetes/Helm/compose/Dockerfile/Procfile globs


class ConfigError(Exception):
    """A configuration problem; the message names the file, the key and what was expected."""
