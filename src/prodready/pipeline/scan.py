"""One scan end to end: files -> facts -> project model -> findings -> gate stages -> result."""

from __future__ import annotations

import dataclasses
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterable, Mapping

import prodready
from prodready.rules import load_all
from prodready.engine.cache import fingerprint, open_cache, scan_key
from prodready.engine.digests import DigestMemo, SourceHash
from prodready.engine.deployment.reader import read_deployment
from prodready.engine.imports import FileImports, ImportsCollector
from prodready.engine.discovery import discover
from prodready.engine.manifests import read_manifests
from prodready.engine.on_demand import OnDemandFacts
from prodready.engine.parsing import decode_source, read_source
from prodready.engine.roots import source_roots
from prodready.engine.runner import FileResult, paused_gc, run_collectors
from prodready.engine.sealed import default_cache_dir, open_seal
from prodready.model.collector import Collector
from prodready.model.deployment import Deployment
from prodready.model.findings import Finding, ScanResult, ScanWarning
from prodready.model.positions import source_lines
from prodready.model.project import FileInfo, ProjectModel
from prodready.pipeline import baseline, diff, nonproduction, selection, suppressions
from prodready.pipeline.families import PROJECT_PATH, RULE_ERROR, family_findings
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.provenance import provenance
from prodready.pipeline.related import drop_repeated_locations
from prodready.rules.base import RuleFamily
from prodready.rules.meta.comments import COLLECTOR_NAME as SUPPRESSIONS
from prodready.rules.meta.comments import parse_hash_comments

MAX_SNIPPET_LINES = 40


def scan(options: ScanOptions) -> ScanResult:
    """Scan `options.root` and return its findings, warnings and counters."""
    with paused_gc():  # the main process builds many long-lived objects (rules, facts, findings)
        load_all()
        return _scan(options)


@dataclass(frozen=True)
class Analysis:
    """What a scan makes of its files before the per-run stages (the unit of the scan cache):
    file infos, suppression comments by path, the families' findings (snippets filled) and the
    warnings of parsing, collecting, linking and the families."""

    files: Mapping[str, FileInfo]
    comments: Mapping[str, Any]
    findings: tuple[Finding, ...]
    warnings: tuple[ScanWarning, ...]
    reparsed: int = 0  # files parsed again for on-demand collectors
    changed: tuple[str, ...] = ()  # of those, files whose content changed since they were hashed
    non_production: Mapping[str, tuple[str, str]] = dataclasses.field(default_factory=dict)  # path -> (scope, reason)


def _scan(options: ScanOptions) -> ScanResult:
    """The stages of one scan, in order."""
    target = Path(options.root).absolute()
    cache_dir = cache_dir_for(options, target)
    found = discover(target, options.config, skip=(cache_dir,))
    root = found.root
    warnings: list[ScanWarning] = list(found.warnings)
    collectors = collectors_run_on_every_file()
    salt = fingerprint([*Collector.registry.values(), *RuleFamily.registry.values()])
    cache = open_cache(cache_dir, salt, open_seal()) if options.use_cache else None
    manifests, manifest_warnings = read_manifests(root, found.manifests)
    deployment, deployment_warnings = read_manifests(root, found.deployment)
    warnings.extend((*manifest_warnings, *deployment_warnings))
    snippets = SnippetSource(root)

    memo = DigestMemo(cache_dir, cache.seal) if cache is not None else None
    # a first scan has nothing to look up: the workers' hashes of what they read key the cache
    first = memo is not None and cache is not None and not memo.entries and cache.empty
    snapshot = memo.snapshot(root, found.sources) if memo is not None and first else None
    hashes = memo.hashes(root, found.sources) if memo is not None and not first else None
    hashed = memo.read if memo is not None else 0
    scan_inputs = {**manifests, **deployment}
    key = _scan_key(salt, root, hashes, scan_inputs, options.config) if hashes is not None else None
    analysis = cache.load_scan(key) if cache is not None and key is not None else None
    if isinstance(analysis, Analysis):  # an unchanged tree: nothing is parsed or checked again
        readable = sum(isinstance(digest, str) for digest in (hashes or {}).values())
        stats: tuple[tuple[str, int], ...] = (
            ("files", len(found.sources)), ("hashed", hashed), ("parsed", 0), ("reparsed", 0),
            ("cache_hits", readable), ("workers", 1),
        )
    else:
        with _progress(options.progress, len(found.sources)) as advance:
            outcome = run_collectors(root, found.sources, collectors, options.jobs, cache, advance, hashes)
        analysis = _analyse(root, outcome.results, manifests, options.config, snippets, deployment)
        if memo is not None and snapshot is not None:
            memo.learn(snapshot, outcome.digests)
            key = _scan_key(salt, root, outcome.digests, scan_inputs, options.config)
        if cache is not None and key is not None and not outcome.changed and not analysis.changed:  # else stale
            cache.store_scan(key, analysis)
        stats = (
            ("files", len(found.sources)), ("hashed", hashed), ("parsed", outcome.parsed),
            ("reparsed", analysis.reparsed),
            ("cache_hits", outcome.cache_hits), ("workers", outcome.workers),
        )
    warnings.extend(analysis.warnings)
    if memo is not None:
        memo.save()
    if cache is not None and memo is not None:  # cache files a repository planted, or damage
        warnings.extend([*memo.warnings, *cache.warnings])
    findings = drop_repeated_locations(analysis.findings)
    if options.semgrep:
        from prodready.pipeline.semgrep import run_semgrep

        findings.extend(run_semgrep(options))
    project = ProjectModel(
        root=root, files=analysis.files, facts={suppressions.COLLECTOR_NAME: analysis.comments},
        manifests=dict(manifests),
    )
    findings = snippets.fill(findings)  # before the gate stages: fingerprints include snippets
    findings = selection.apply_selection(findings, options)
    findings, non_production = nonproduction.apply_non_production(findings, analysis.non_production)
    findings = suppressions.apply_suppressions(findings, project, options, date.today())
    findings = snippets.fill(findings)  # findings about suppressions, before the baseline sees them
    findings = baseline.apply_baseline(findings, options.baseline)
    findings = diff.filter_to_diff(findings, options.root, options.diff_base)
    findings = diff.filter_to_files(findings, options.only_paths)

    return ScanResult(
        root=str(root),
        findings=tuple(sorted(findings, key=finding_order)),
        warnings=tuple(sorted(set(warnings), key=lambda w: (w.path, w.kind, w.message))),
        files_scanned=len(project.files),
        tool_version=prodready.__version__,
        areas=_areas(options),
        stats=stats,
        non_production=non_production,
        provenance=provenance(options, root),
        not_checked=selection.not_checked(options),
    )


def collectors_run_on_every_file() -> dict[str, Collector]:
    """The registered collectors the worker pass runs (all but the on-demand ones)."""
    return {name: c for name, c in Collector.registry.items() if not getattr(c, "on_demand", False)}


def _scan_key(salt: str, root: Path, hashes: Mapping[str, SourceHash], manifests: Mapping[str, str], config: Any) -> str:
    """The scan cache key: content hashes of readable files, the warning of unreadable ones."""
    digests = {path: digest if isinstance(digest, str) else repr(digest) for path, digest in hashes.items()}
    return scan_key(salt, root, digests, manifests, config)


def _analyse(
    root: Path, results: Mapping[str, FileResult], manifests: Mapping[str, str], config: Any, snippets: "SnippetSource",
    deployment_texts: Mapping[str, str] | None = None,
) -> Analysis:
    """Build and link the project from the files' results and run every rule family on it."""
    warnings: list[ScanWarning] = []
    for result in results.values():
        warnings.extend(result.warnings)
    deployment, deployment_warnings = read_deployment(deployment_texts or {})
    warnings.extend(deployment_warnings)
    project = linked(build_project(root, results, manifests, deployment, deployment_texts), config, warnings)
    findings = snippets.fill(family_findings(project, config, warnings))
    comments = dict(project.facts_of(suppressions.COLLECTOR_NAME))
    try:
        never_ships = nonproduction.classify(project, config)
    except Exception as error:  # noqa: BLE001 - a classification bug must not stop the scan
        never_ships = {}
        warnings.append(ScanWarning(PROJECT_PATH, RULE_ERROR, f"non-production paths: {type(error).__name__}: {error}"))
    reparsed, changed = 0, ()
    if project.on_demand is not None:  # files parsed again for on-demand collectors
        warnings.extend(project.on_demand.warnings)
        reparsed, changed = project.on_demand.files_analysed, tuple(project.on_demand.changed)
    return Analysis(dict(project.files), comments, tuple(findings), tuple(warnings), reparsed, changed, never_ships)


def cache_dir_for(options: ScanOptions, target: Path) -> Path:
    """The configured cache directory, else one for the scanned directory in the user's cache."""
    if options.cache_dir is not None:
        return Path(options.cache_dir)
    return default_cache_dir(target if target.is_dir() else target.parent)


def build_project(root: Path, results: Mapping[str, FileResult], manifests: Mapping[str, str],
                  deployment: Deployment | None = None, deployment_texts: Mapping[str, str] | None = None,
                  ) -> ProjectModel:
    """The unlinked project model: parsed files and their facts by collector, then by path, and the
    source roots its layout, manifests, Dockerfiles (in `deployment_texts`, text by path) and
    `sys.path` entries give."""
    files = {}
    facts: dict[str, dict[str, Any]] = {}
    for path in sorted(results):
        result = results[path]
        if result.info is None:
            continue
        files[path] = result.info
        for name, collected in result.facts.items():
            facts.setdefault(name, {})[path] = collected
    on_demand_collectors = {n: c for n, c in Collector.registry.items() if getattr(c, "on_demand", False)}
    on_demand = OnDemandFacts(root, on_demand_collectors, files, facts)
    added = [entry for collected in facts.get(ImportsCollector.name, {}).values()
             if isinstance(collected, FileImports) for entry in collected.path_entries]
    roots = source_roots(results, manifests, deployment_texts, added)
    for path, text in sorted((deployment_texts or {}).items()):
        if comments := parse_hash_comments(text):
            facts.setdefault(SUPPRESSIONS, {})[path] = comments
    return ProjectModel(root=root, files=files, facts=facts, manifests=dict(manifests), on_demand=on_demand,
                        deployment=deployment or Deployment(), source_roots=roots)


def linked(project: ProjectModel, config: Any, warnings: list[ScanWarning]) -> ProjectModel:
    """The project with apps and routes linked across modules (unlinked if linking fails)."""
    from prodready.frameworks.linking import link_routes

    try:
        apps, routes = link_routes(project, config)
    except Exception as error:  # noqa: BLE001 - a linking bug must not stop the scan
        warnings.append(ScanWarning(PROJECT_PATH, RULE_ERROR, f"route linking failed: {type(error).__name__}: {error}"))
        return project
    return dataclasses.replace(project, apps=tuple(apps), routes=tuple(routes))


def finding_order(finding: Finding) -> tuple[Any, ...]:
    """Deterministic order: path, line, rule id, then the rest of the location and message."""
    location = finding.location
    return (
        location.path, location.start_line, finding.rule_id, location.end_line, location.start_col,
        finding.symbol, finding.title, finding.message,
    )


class SnippetSource:
    """Fills `Finding.snippet` from the files that have findings, each read at most once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        """The lines of one file ([] when it cannot be read or decoded)."""
        if path not in self._lines:
            data = read_source(self.root, path) if path and path != PROJECT_PATH else None
            text = decode_source(path, data) if isinstance(data, bytes) else None
            self._lines[path] = source_lines(text) if isinstance(text, str) else []
        return self._lines[path]

    def excerpt(self, finding: Finding) -> str:
        """Source lines of the finding's location, at most MAX_SNIPPET_LINES."""
        location = finding.location
        lines = self.lines(location.path)
        start = max(location.start_line, 1)
        end = min(max(location.end_line, start), start + MAX_SNIPPET_LINES - 1, len(lines))
        return "\n".join(lines[start - 1:end])

    def fill(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings with their snippet filled where it is empty."""
        return [
            f if f.snippet else dataclasses.replace(f, snippet=self.excerpt(f)) for f in findings
        ]


def _areas(options: ScanOptions) -> tuple[Any, ...]:
    """Report areas: built-in and user packs when the packs module is present."""
    try:
        from prodready.rules.inventory.packs import scan_areas
    except ImportError:
        from prodready.model.areas import AREAS

        return AREAS
    return tuple(scan_areas(options.config))


def _progress(enabled: bool, total: int) -> ContextManager[Callable[[int], None] | None]:
    """A rich progress bar on stderr whose advance(n) the runner calls, or nothing."""
    if not enabled or total == 0:
        return nullcontext(None)
    return _ProgressBar(total)


class _ProgressBar:
    """Context manager around rich.progress without a refresh thread (workers are forked)."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.progress = Progress(
            TextColumn("scanning"), BarColumn(), MofNCompleteColumn(),
            console=Console(stderr=True), auto_refresh=False, transient=True,
        )
        self.task = self.progress.add_task("scan", total=total)

    def advance(self, count: int) -> None:
        """Count `count` more files done."""
        self.progress.update(self.task, advance=count, refresh=True)

    def __enter__(self) -> Callable[[int], None]:
        self.progress.start()
        return self.advance

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()
