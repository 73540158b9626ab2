"""`prodready init`: write a commented starting `[tool.prodready]` table."""

from __future__ import annotations

from pathlib import Path

import typer

STARTER_CONFIG = '''
[tool.prodready]
# Lowest severity that fails `prodready scan`: critical, high, medium, low or info.
fail-on = "high"
# Rules to run and to skip, by id (PR101), slug (health-fake) or family (health, exposure,
# capability, inventory, config). An empty `select` runs every rule. See `prodready rules`.
select = []
ignore = []
# Severity per rule id or slug.
# severity = { PR203 = "medium", dev-route-gated = "low" }
# Paths never scanned, on top of the defaults (virtualenvs, build output, caches).
extend-exclude = []
# Rules switched off for some paths (gitignore-style globs, relative to the scanned root).
# per-path-ignores = { "tests/**" = ["exposure", "health"] }
# Extra indicator packs (YAML), relative to this file.
# packs = ["prodready-packs/payments.yaml"]
# Words that make a route a health route or a dev/test route, and the environment variables
# and settings whose checks gate dev routes (each replaces the built-in list).
# health-patterns = ["health", "healthz", "ready", "readyz", "live", "livez", "ping", "status"]
# dev-route-words = ["test", "testing", "debug", "dev", "mock", "fake", "demo", "seed", "populate"]
# gate-names = ["DEBUG", "ENVIRONMENT", "APP_ENV", "ENABLE_TEST_ROUTES"]
# Skip files ignored by .gitignore.
respect-gitignore = true
# Leave out findings less sure than this: high, medium or low (keeps all).
# min-confidence = "medium"
# Code that never ships (findings there are info), on top of examples/, docs/, scripts/, tests/...,
# and code that ships although those defaults say it does not (gitignore-style globs).
# non-production = ["sandbox/"]
# production = ["scripts/serve.py"]
# Deployment files read for probes and launch commands (Kubernetes, Helm, compose, Dockerfile, Procfile).
# deploy-files = ["Dockerfile", "Dockerfile.*", "Procfile", "k8s/*.yaml", "docker-compose*.yml"]
# Waivers: findings accepted without touching the code (path globs relative to the scanned root).
# [[tool.prodready.waivers]]
# rule = "PR201"
# path = "api/v1/rbac_test_routes.py"
# symbol = "api.v1.rbac_test_routes.generate_test_tokens"
# reason = "removed with TICKET-123 before the 2027 release"
'''


def init(
    directory: Path = typer.Argument(Path("."), help="Directory whose pyproject.toml gets the table."),
    stdout: bool = typer.Option(False, "--stdout", help="Print the table instead of writing it."),
) -> None:
    """Append a commented starting tool.prodready table to pyproject.toml (or print it)."""
    from prodready.model.config import ConfigError
    from prodready.pipeline.configuration import find_config_file

    if stdout:
        typer.echo(STARTER_CONFIG.lstrip("\n"), nl=False)
        return
    if not directory.is_dir():
        typer.echo(f"error: not a directory: {directory}", err=True)
        raise typer.Exit(2)
    pyproject = directory / "pyproject.toml"
    try:
        found = find_config_file(directory)
    except ConfigError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if found is not None and found[0].resolve() == pyproject.resolve():
        typer.echo(f"error: {pyproject} already has a [tool.prodready] table; edit it instead", err=True)
        raise typer.Exit(2)
    existing = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else ""
    separator = "" if not existing or existing.endswith("\n\n") else ("\n" if existing.endswith("\n") else "\n\n")
    pyproject.write_text(existing + separator + STARTER_CONFIG.lstrip("\n"), encoding="utf-8")
    typer.echo(f"wrote [tool.prodready] to {pyproject}")


def register(app: typer.Typer) -> None:
    """Add `init` to the CLI."""
    app.command()(init)
