"""Which probe calls a health path: the deployment's answer when one is plugged in, else the path's
own name (`/ready`, `/livez`), else unknown, which a fix treats as liveness (the old path stays
up while the process answers, and readiness moves to the kit's `/health/ready`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from prodready.model.findings import ScanResult

LIVENESS, READINESS, STARTUP, UNKNOWN = "liveness", "readiness", "startup", "unknown"
DEPLOYMENT, NAME = "deployment", "name"  # how a ProbeAnswer was found
READINESS_WORDS = frozenset({"ready", "readyz", "readiness"})
LIVENESS_WORDS = frozenset({"live", "livez", "liveness", "alive"})
KIT_PROBE_PATHS = ("/health/live", "/health/ready", "/health/startup")  # the kit router, include_root=False

ProbeKindOf = Callable[[str], str]  # route path -> LIVENESS, READINESS, STARTUP or UNKNOWN


def unknown_probe_kind(path: str) -> str:
    """The default answer when no deployment manifest says which probe calls `path`."""
    return UNKNOWN


def deployed_probe_kinds(result: ScanResult) -> ProbeKindOf:
    """Which probe of the scanned deployment (its PR507 records) calls a path: liveness when any
    liveness probe does (its semantics must stay), else readiness, else startup, else unknown."""
    from prodready.rules.deploy.paths import probe_kinds, wiring_pairs

    pairs = wiring_pairs(result.findings)
    if not pairs:
        return unknown_probe_kind

    def kind_of(path: str) -> str:
        kinds = probe_kinds(pairs, path)
        return next((kind for kind in (LIVENESS, READINESS, STARTUP) if kind in kinds), UNKNOWN)

    return kind_of


@dataclass(frozen=True)
class ProbeAnswer:
    """Which probe calls a path, and how the fix knows (DEPLOYMENT, NAME, or "" when it does not)."""

    kind: str
    source: str = ""

    def explained(self) -> str:
        """Why the fix treats the path so, for the diff header."""
        if self.source == DEPLOYMENT:
            return f"a {self.kind} probe calls it"
        if self.source == NAME:
            return f"its name says {self.kind}"
        return "nothing shows which probe calls it"


def probe_answer(path: str, deployed: ProbeKindOf = unknown_probe_kind) -> ProbeAnswer:
    """The probe that calls `path`: the deployment's answer, else what its last segment names."""
    kind = deployed(path)
    if kind != UNKNOWN:
        return ProbeAnswer(kind, DEPLOYMENT)
    segments = [s for s in re.split(r"[/{}]+", path.lower()) if s]
    last = segments[-1] if segments else ""
    if last in READINESS_WORDS:
        return ProbeAnswer(READINESS, NAME)
    if last in LIVENESS_WORDS:
        return ProbeAnswer(LIVENESS, NAME)
    return ProbeAnswer(UNKNOWN)


def keeps_liveness(kind: str) -> bool:
    """True unless a readiness probe calls the path: liveness, startup and unknown stay up."""
    return kind != READINESS
