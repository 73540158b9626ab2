"""Baselines: legacy findings recorded in a file and hidden from later scans.

An entry is keyed by rule, path, enclosing symbol and a digest of the whitespace-normalised
snippet (never the line number), with the number of findings that had that key: a key recorded
once hides one finding, so a second new finding of the same kind in the same place is still
reported. Shifted lines, re-indentation and moving the code within its file keep a finding
baselined; editing its code, renaming its function or renaming the file make it new (re-record
with `prodready baseline update`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Iterable

from prodready.model.config import ConfigError
from prodready.model.findings import Finding, Severity, Suppression, normalise_snippet

BASELINE_VERSION = 1
BaselineKey = tuple[str, str, str, str]  # rule id, path, symbol, snippet digest


def snippet_digest(snippet: str) -> str:
    """Short digest of the whitespace-normalised snippet."""
    return hashlib.sha256(normalise_snippet(snippet).encode("utf-8")).hexdigest()[:16]


def baseline_key(finding: Finding) -> BaselineKey:
    """What identifies a finding across line churn and moves within its file."""
    return (finding.rule_id, finding.location.path, finding.symbol, snippet_digest(finding.snippet))


def recordable(findings: Iterable[Finding]) -> list[Finding]:
    """Findings a baseline records: active (not suppressed otherwise) and able to gate."""
    return [f for f in findings if f.suppression is None and f.severity is not Severity.NONE]


def count_keys(findings: Iterable[Finding]) -> Counter[BaselineKey]:
    """How many recordable findings have each key."""
    return Counter(baseline_key(f) for f in recordable(findings))


def load_baseline(path: Path) -> Counter[BaselineKey]:
    """The counts recorded in a baseline file; a missing or malformed file is a ConfigError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"--baseline: file not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"--baseline: {path} is not a prodready baseline: {error}") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(
        data.get("entries"), list
    ):
        raise ConfigError(f"--baseline: {path} is not a prodready baseline (version {BASELINE_VERSION})")
    counts: Counter[BaselineKey] = Counter()
    for entry in data["entries"]:
        try:
            key = (entry["rule"], entry["path"], entry["symbol"], entry["snippet"])
            counts[key] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ConfigError(f"--baseline: {path} has a malformed entry: {entry!r}") from None
    return counts


def write_baseline(path: Path, counts: Counter[BaselineKey], findings: Iterable[Finding], generator: str) -> int:
    """Write the counts (with each key's first message for readers); returns the entry count."""
    messages: dict[BaselineKey, str] = {}
    for finding in findings:
        messages.setdefault(baseline_key(finding), finding.message)
    entries = [
        {"rule": rule, "path": file, "symbol": symbol, "snippet": digest, "count": count,
         "message": messages.get((rule, file, symbol, digest), "")}
        for (rule, file, symbol, digest), count in sorted(counts.items())
        if count > 0
    ]
    document = {"version": BASELINE_VERSION, "generator": generator, "entries": entries}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries)


def updated_counts(old: Counter[BaselineKey], current: Counter[BaselineKey]) -> Counter[BaselineKey]:
    """`update`: keep every recorded entry and add what is new (the larger count per key)."""
    return old | current


def pruned_counts(old: Counter[BaselineKey], current: Counter[BaselineKey]) -> Counter[BaselineKey]:
    """`prune`: drop what no longer occurs (the smaller count per key), never add."""
    return old & current


def apply_baseline(findings: Iterable[Finding], baseline: Path | None) -> list[Finding]:
    """Mark the findings the baseline already records as suppressed (kind "baseline")."""
    findings = list(findings)
    if baseline is None:
        return findings
    remaining = load_baseline(baseline)
    order = sorted(range(len(findings)), key=lambda i: (findings[i].location.start_line, i))
    for index in order:
        finding = findings[index]
        key = baseline_key(finding)
        if finding.suppression is None and finding.severity is not Severity.NONE and remaining[key] > 0:
            remaining[key] -= 1
            findings[index] = dataclasses.replace(
                finding, suppression=Suppression("baseline", f"recorded in {baseline.name}")
            )
    return findings
