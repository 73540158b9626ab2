"""Run every rule family on a linked project; on a large project, some in a forked child alongside.

The inventory family matches every file's vocabulary against every indicator pack and needs no
other family's work, so on a large project it runs in a child forked from this process (it
inherits the project, nothing is sent to it) while the other families run here; the child sends
back its findings, its warnings and the on-demand facts it worked out, pickled. Where fork is
missing, or when the child fails, the family runs here instead: the findings are the same either way.
"""

from __future__ import annotations

import os
import pickle
import sys
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from prodready.engine.on_demand import OnDemandDelta
from prodready.model.findings import Finding, ScanWarning
from prodready.model.project import ProjectModel
from prodready.rules.base import RuleFamily

PROJECT_PATH = "."  # path of warnings about the project rather than a file
RULE_ERROR = "rule-error"
ASIDE = ("inventory",)  # families worth a child of their own on a large project
ASIDE_FROM_FILES = 400  # fewer files: a fork costs more than the family


@dataclass(frozen=True)
class FamilyOutcome:
    """What running some families gave: their findings by family, the warnings of those that
    failed, and the on-demand facts they worked out."""

    findings: Mapping[str, tuple[Finding, ...]]
    warnings: tuple[ScanWarning, ...]
    on_demand: OnDemandDelta


def family_findings(project: ProjectModel, config: Any, warnings: list[ScanWarning]) -> list[Finding]:
    """Findings of every rule family (in name order); a family that raises becomes a warning."""
    names = sorted(RuleFamily.registry)
    aside = [name for name in names if name in ASIDE] if _may_fork(project) else []
    collect_aside = _forked(lambda: run_families(project, config, aside)) if aside else None
    here = run_families(project, config, [name for name in names if name not in aside])
    outcomes = [here]
    if collect_aside is not None:
        outcome = collect_aside()
        if outcome is None:  # the child failed: do its families here
            outcome = run_families(project, config, aside)
        elif project.on_demand is not None:
            project.on_demand.absorb(outcome.on_demand)
        outcomes.append(outcome)
    by_family: dict[str, tuple[Finding, ...]] = {}
    for outcome in outcomes:
        warnings.extend(outcome.warnings)
        by_family.update(outcome.findings)
    return [finding for name in names for finding in by_family.get(name, ())]


def run_families(project: ProjectModel, config: Any, names: Sequence[str]) -> FamilyOutcome:
    """Run the named families here, in order."""
    findings: dict[str, tuple[Finding, ...]] = {}
    warnings: list[ScanWarning] = []
    mark = project.on_demand.mark() if project.on_demand is not None else None
    for name in names:
        try:
            findings[name] = tuple(RuleFamily.registry[name].check(project, config))
        except Exception as error:  # noqa: BLE001 - one family's bug must not stop the scan
            message = f"rule family {name!r} failed: {type(error).__name__}: {error}"
            warnings.append(ScanWarning(PROJECT_PATH, RULE_ERROR, message))
    worked_out = OnDemandDelta({}) if project.on_demand is None or mark is None else project.on_demand.since(mark)
    return FamilyOutcome(findings, tuple(warnings), worked_out)


def _may_fork(project: ProjectModel) -> bool:
    return sys.platform.startswith("linux") and len(project.files) >= ASIDE_FROM_FILES


def _forked(compute: Callable[[], FamilyOutcome]) -> Callable[[], FamilyOutcome | None]:
    """Start `compute` in a forked child; the returned call waits for its outcome (None when the
    child could not be started or failed)."""
    try:
        readable, writable = os.pipe()
        child = os.fork()
    except OSError:
        return lambda: None
    if child == 0:  # the child: compute, send, and leave without the parent's tear-down
        status = 1
        try:
            os.close(readable)
            with os.fdopen(writable, "wb") as channel:
                channel.write(pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(writable)

    def collect() -> FamilyOutcome | None:
        with os.fdopen(readable, "rb") as channel:
            data = channel.read()
        _, status = os.waitpid(child, 0)
        if status != 0:
            return None
        try:
            outcome = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a truncated answer: the family runs here
            return None
        return outcome if isinstance(outcome, FamilyOutcome) else None

    return collect
