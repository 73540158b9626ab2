"""Frozen data that crosses boundaries: severities, locations, findings, warnings, scan results."""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """Ordered severity; NONE marks inventory records that never gate."""

    NONE = 0
    INFO = 1
    LOW = 2
    MEDIUM = 3
    HIGH = 4
    CRITICAL = 5

    @property
    def label(self) -> str:
        """Lower-case name used in config, CLI and reports."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        """Parse a severity name, case-insensitively; raise ValueError naming the choices."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of: {choices})") from None


class Confidence(enum.IntEnum):
    """How sure a rule is of a finding (as bandit and semgrep grade theirs)."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        """Lower-case name used in config, CLI and reports."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Confidence":
        """Parse a confidence name, case-insensitively; raise ValueError naming the choices."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(c.label for c in sorted(cls, reverse=True))
            raise ValueError(f"unknown confidence {text!r} (expected one of: {choices})") from None


@dataclass(frozen=True)
class Location:
    """A span in a file; path is POSIX and relative to the scanned root; lines are 1-based."""

    path: str
    start_line: int
    end_line: int
    start_col: int = 1
    end_col: int = 0
    message: str = ""

    def label(self) -> str:
        """`path:start-end` as in the reference report."""
        if self.end_line and self.end_line != self.start_line:
            return f"{self.path}:{self.start_line}-{self.end_line}"
        return f"{self.path}:{self.start_line}"


@dataclass(frozen=True)
class Suppression:
    """Why a finding is hidden: kind is inline, baseline or waiver."""

    kind: str
    justification: str = ""


_WHITESPACE = re.compile(r"\s+")


def normalise_snippet(snippet: str) -> str:
    """Collapse whitespace so fingerprints survive re-indentation and line churn."""
    return _WHITESPACE.sub(" ", snippet).strip()


@dataclass(frozen=True)
class Finding:
    """One result of one rule.

    `status` is the rule's class (fake, exposed, missing, real, ...). `symbol` is the qualified
    name of the enclosing function or class ("" at module level). `area` is the inventory area id
    the finding belongs to in the reports ("health-monitoring", ...), `title` the component name
    a report heading shows, `details` the capability bullets or evidence lines. `snippet` is the
    source excerpt of `location`, filled by the pipeline, never by rules. `confidence` says how
    sure the rule is of it (a route called a dev route for one word of its path: at most medium).
    """

    rule_id: str
    slug: str
    family: str
    status: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Location, ...] = ()
    symbol: str = ""
    area: str = ""
    title: str = ""
    details: tuple[str, ...] = ()
    snippet: str = ""
    suppression: Suppression | None = None
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    confidence: Confidence = Confidence.HIGH

    @property
    def fingerprint(self) -> str:
        """Stable id: rule, path, enclosing symbol and normalised snippet (not the line number)."""
        key = "\x1f".join(
            (self.rule_id, self.location.path, self.symbol, self.title, normalise_snippet(self.snippet))
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    @property
    def suppressed(self) -> bool:
        """True when an inline suppression, baseline entry or waiver hides this finding."""
        return self.suppression is not None


@dataclass(frozen=True)
class ScanWarning:
    """A file the scan could not (fully) read; the scan goes on without it."""

    path: str
    kind: str
    message: str


@dataclass(frozen=True)
class NonProductionPath:
    """Code treated as never shipping (examples/, tests/, a `__main__`-only prototype...): its
    findings are lowered to info."""

    path: str  # a directory ("examples/") or a file
    reason: str
    findings: int = 0  # findings lowered there


@dataclass(frozen=True)
class Provenance:
    """Where, when and how a scan ran: report headers and repository-relative paths read it."""

    scanned_at: str = ""  # ISO 8601 UTC, seconds ("2026-11-27T09:30:00Z"); SOURCE_DATE_EPOCH honoured
    in_repository: bool = False  # the root is inside a git work tree
    repository_prefix: str = ""  # the root's POSIX path below the repository's top level ("" = the top)
    commit: str = ""  # HEAD's full hash ("" outside git or before the first commit)
    dirty: bool = False  # tracked changes or untracked files under the root
    config: str = ""  # the configuration file (relative to the root when inside it), "" = defaults
    profile: str = "default"
    settings: tuple[tuple[str, str], ...] = ()  # effective non-default settings, e.g. ("fail-on", "medium")


@dataclass(frozen=True)
class ScanResult:
    """Everything a renderer, the gate or a codemod needs from one scan."""

    root: str
    findings: tuple[Finding, ...]
    warnings: tuple[ScanWarning, ...] = ()
    files_scanned: int = 0
    tool_version: str = ""
    areas: tuple[Any, ...] = ()  # prodready.model.areas.Area, built-in and user packs, in report order
    stats: tuple[tuple[str, int], ...] = ()  # counters such as ("parsed", 12), ("cache_hits", 40)
    non_production: tuple[NonProductionPath, ...] = ()  # where findings were lowered to info, and why
    provenance: Provenance = Provenance()
    not_checked: tuple[tuple[str, str], ...] = ()  # (area id, rule id) of rules the profile leaves off

    @property
    def active(self) -> tuple[Finding, ...]:
        """Findings not hidden by a suppression, baseline or waiver."""
        return tuple(f for f in self.findings if not f.suppressed)

    def at_or_above(self, threshold: Severity) -> tuple[Finding, ...]:
        """Active findings whose severity gates at `threshold` (NONE never gates)."""
        return tuple(
            f for f in self.active if f.severity >= threshold and f.severity is not Severity.NONE
        )
