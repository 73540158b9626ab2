"""Engine test helpers: a probe collector and family that find `PROBE` markers, tree writers.

The probe classes carry no `name` in their body, so defining them registers nothing; the
`probe` fixture registers them for one test and removes them afterwards, so other engineers'
registry-wide tests never see them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

import pytest

from prodready.model.collector import Collector
from prodready.model.findings import Finding, Location, Severity
from prodready.model.positions import source_lines
from prodready.model.project import ParsedSource, ProjectModel
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from prodready.rules import load_all
from prodready.rules.base import RuleFamily

PROBE_RULE = "PRT01"
DOCS = Path(__file__).resolve().parents[2] / "docs"


_MARKER = re.compile(r"PROBE(?:-(?P<severity>[A-Z]+))?(?: span=(?P<span>\d+))?")


class ProbeCollector(Collector):
    """Facts: (line, span, severity) of every `PROBE[-SEVERITY][ span=N]` marker, or None."""

    def collect(self, source: ParsedSource, earlier: Any) -> Any:
        found = []
        for number, line in enumerate(source_lines(source.text), 1):
            match = _MARKER.search(line)
            if match:
                found.append((number, int(match["span"] or 1), match["severity"] or "HIGH"))
        return tuple(found) or None


class BoomCollector(Collector):
    """Raises on files that mention BOOM: a buggy collector."""

    def collect(self, source: ParsedSource, earlier: Any) -> Any:
        if "BOOM" in source.text:
            raise RuntimeError("collector exploded")
        return None


class ProbeFamily(RuleFamily):
    """One finding per marker, spanning `span` lines, of the marker's severity (default high)."""

    def check(self, project: ProjectModel, config: Any) -> Iterable[Finding]:
        for path, markers in project.facts_of("engine-probe").items():
            for line, span, severity in markers:
                yield Finding(
                    rule_id=PROBE_RULE, slug="engine-probe", family="engine-probe", status="fake",
                    severity=Severity[severity], message=f"probe marker at line {line}",
                    location=Location(path, line, line + span - 1),
                    related=(Location(path, 1, 1, message="file start"),),
                )


class BrokenFamily(RuleFamily):
    """A rule family with a bug."""

    def check(self, project: ProjectModel, config: Any) -> Iterable[Finding]:
        raise ZeroDivisionError("family exploded")


@pytest.fixture
def probe() -> Iterator[None]:
    """Register the probe collector and family (and a raising collector) for one test."""
    load_all()
    added_collectors = {"engine-probe": ProbeCollector(), "engine-boom": BoomCollector()}
    Collector.registry.update(added_collectors)
    RuleFamily.registry["engine-probe"] = ProbeFamily()
    try:
        yield
    finally:
        for name in added_collectors:
            Collector.registry.pop(name, None)
        RuleFamily.registry.pop("engine-probe", None)


@pytest.fixture
def broken_family() -> Iterator[None]:
    """Register a rule family that raises."""
    RuleFamily.registry["engine-broken"] = BrokenFamily()
    try:
        yield
    finally:
        RuleFamily.registry.pop("engine-broken", None)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files (text or bytes) under root; returns root."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def run_scan(root: Path, **options: Any):
    """Scan with the cache in a separate directory unless told otherwise."""
    options.setdefault("use_cache", False)
    return scan(ScanOptions(root=root, **options))


def probe_hits(result) -> list[tuple[str, int]]:
    """(path, line) of each probe finding."""
    return [(f.location.path, f.location.start_line) for f in result.findings if f.rule_id == PROBE_RULE]


def warning_kinds(result) -> dict[str, str]:
    """{path: kind} of every warning."""
    return {w.path: w.kind for w in result.warnings}


def report_schema() -> dict[str, Any]:
    """The JSON Schema embedded in docs/json-schema.md."""
    text = (DOCS / "json-schema.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S)
    assert block, "docs/json-schema.md has no ```json block"
    return json.loads(block.group(1))
