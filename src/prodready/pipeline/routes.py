"""The route inventory of a codebase (`prodready routes`): files -> facts -> linked routes, with the
health family's class of each health-ish handler."""

from __future__ import annotations

from pathlib import Path

from prodready.engine.cache import fingerprint, open_cache
from prodready.engine.deployment.reader import read_deployment
from prodready.engine.discovery import discover
from prodready.engine.manifests import read_manifests
from prodready.engine.runner import paused_gc, run_collectors
from prodready.engine.sealed import open_seal
from prodready.model.collector import Collector
from prodready.model.findings import ScanWarning
from prodready.model.project import RouteInventory
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import build_project, cache_dir_for, collectors_run_on_every_file, linked
from prodready.rules import load_all
from prodready.rules.base import RuleFamily

HEALTH_FAMILY = "health"


def route_inventory(options: ScanOptions) -> RouteInventory:
    """Every route of the codebase at `options.root`, sorted by file, line and path."""
    load_all()
    with paused_gc():
        return _inventory(options)


def _inventory(options: ScanOptions) -> RouteInventory:
    target = Path(options.root).absolute()
    cache_dir = cache_dir_for(options, target)
    found = discover(target, options.config, skip=(cache_dir,))
    warnings: list[ScanWarning] = list(found.warnings)
    collectors = collectors_run_on_every_file()
    salt = fingerprint([*Collector.registry.values(), *RuleFamily.registry.values()])
    cache = open_cache(cache_dir, salt, open_seal()) if options.use_cache else None
    manifests, manifest_warnings = read_manifests(found.root, found.manifests)
    deployment_texts, deployment_warnings = read_manifests(found.root, found.deployment)
    deployment, parse_warnings = read_deployment(deployment_texts)
    warnings.extend([*manifest_warnings, *deployment_warnings, *parse_warnings])
    outcome = run_collectors(found.root, found.sources, collectors, options.jobs, cache)
    for result in outcome.results.values():
        warnings.extend(result.warnings)
    project = linked(build_project(found.root, outcome.results, manifests, deployment, deployment_texts),
                     options.config, warnings)
    family = RuleFamily.registry.get(HEALTH_FAMILY)
    findings = family.check(project, options.config) if family is not None else []
    health = {(f.location.path, f.location.start_line, f.symbol): f.status for f in findings if f.family == HEALTH_FAMILY}
    routes = sorted(project.routes, key=lambda r: (r.location.path, r.location.start_line, r.path, r.methods))
    return RouteInventory(str(found.root), tuple(routes), health,
                          tuple(sorted(set(warnings), key=lambda w: (w.path, w.kind, w.message))))
