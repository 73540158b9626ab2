"""The capability family: one project-level finding per capability (tracing, licensing,
clustering) saying whether it is present, declared but not wired, or missing."""

from __future__ import annotations

from typing import Any, Iterator

from prodready.model.areas import AREAS_BY_ID
from prodready.model.findings import Finding, Location, Severity
from prodready.model.project import ProjectModel
from prodready.rules.base import Rule, RuleFamily
from prodready.rules.capability.clustering import CapabilityClustering
from prodready.rules.capability.detection import DECLARED, MAX_EVIDENCE, MISSING, PRESENT, CallIndex, Outcome, decide
from prodready.rules.capability.homegrown import flag_tables
from prodready.rules.capability.otel_signals import other_signals_only, without_opentelemetry
from prodready.rules.capability.licensing import CapabilityLicensing
from prodready.rules.capability.signals import CLUSTERING, LICENSING, TRACING, Signals
from prodready.rules.capability.tracing import CapabilityTracing
from prodready.rules.inventory.paths import is_test_path
from prodready.rules.inventory.vocabulary import project_vocabularies

CAPABILITIES: tuple[tuple[type[Rule], str, Signals], ...] = (
    (CapabilityTracing, "tracing", TRACING),
    (CapabilityLicensing, "licensing", LICENSING),
    (CapabilityClustering, "clustering", CLUSTERING),
)
SEVERITIES = {PRESENT: Severity.NONE, DECLARED: Severity.MEDIUM}


def _message(title: str, area_id: str, outcome: Outcome) -> str:
    if outcome.status == PRESENT:
        return f"{title}: present ({outcome.details[0]})"
    if outcome.status == DECLARED:
        return f"{title}: declared but not wired ({outcome.details[-1].removeprefix('but ')})"
    return f"{title}: not found - {AREAS_BY_ID[area_id].not_found}"


def _otel_for_other_signals(outcome: Outcome, vocabularies: dict[str, Any], project: ProjectModel,
                            modules: frozenset[str], calls: dict[str, CallIndex]) -> Outcome:
    """OpenTelemetry used for logs or metrics only: decided again without it, and said so."""
    used = other_signals_only(vocabularies)
    if used is None:
        return outcome
    again = decide(vocabularies, project.manifests, without_opentelemetry(TRACING), modules, calls)
    if again.status != MISSING:
        return again
    path, line = used
    note = f"opentelemetry is used for logs or metrics only ({path}:{line}), not for traces"
    return Outcome(MISSING, again.details + (note,), again.related)


def _with_flag_tables(outcome: Outcome, vocabularies: dict[str, Any]) -> Outcome:
    """Present when a home-made flag table is read in a function; a table never read is listed."""
    tables = flag_tables(vocabularies)
    read = [t for t in tables if t.read_path]
    if read:
        details = tuple(f"home-made flag {t.kind} {t.name} ({t.path}:{t.line}) read in {t.read_path}:{t.read_line}"
                        for t in read[:MAX_EVIDENCE])
        related = tuple(Location(t.read_path, t.read_line, t.read_line, message=f"{t.name} read") for t in read[:MAX_EVIDENCE])
        return Outcome(PRESENT, details, related)
    if outcome.status != MISSING or not tables:
        return outcome
    unread = tuple(f"found {t.name} ({t.path}:{t.line}), a flag {t.kind} no function reads" for t in tables)
    return Outcome(outcome.status, outcome.details + unread, outcome.related)


class CapabilityFamily(RuleFamily):
    """Tracing, licensing and clustering: present, declared-not-wired or missing."""

    name = "capability"

    def check(self, project: ProjectModel, config: Any) -> Iterator[Finding]:
        """One finding per capability, located at the project's anchor (the app creation)."""
        if not project.files:  # nothing was scanned: nothing can be said to be missing
            return
        vocabularies = {path: vocab for path, vocab in project_vocabularies(project).items()
                        if not is_test_path(path)}
        modules = frozenset(info.module for info in project.files.values() if info.module)
        calls = {path: CallIndex.of(vocabulary) for path, vocabulary in vocabularies.items()}
        anchor = project.anchor()
        for rule, area_id, signals in CAPABILITIES:
            outcome = decide(vocabularies, project.manifests, signals, modules, calls, project.deployment.launches)
            if signals is LICENSING and outcome.status != PRESENT:
                outcome = _with_flag_tables(outcome, vocabularies)
            if signals is TRACING and outcome.status == DECLARED:
                outcome = _otel_for_other_signals(outcome, vocabularies, project, modules, calls)
            title = AREAS_BY_ID[area_id].title
            yield rule.finding(
                anchor,
                _message(title, area_id, outcome),
                severity=SEVERITIES.get(outcome.status, rule.severity),
                status=outcome.status,
                area=area_id,
                title=title,
                details=outcome.details,
                related=outcome.related,
            )
