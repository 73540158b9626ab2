"""Hand-made findings, projects and options for the gate stages' tests (as fixtures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import pytest

from prodready.model.config import Config
from prodready.model.findings import Finding, Location, Severity
from prodready.model.project import FileInfo, ProjectModel
from prodready.pipeline.options import ScanOptions
from prodready.rules.base import Rule
from prodready.rules.meta.comments import parse_suppression_comments


def finding(
    rule_id: str = "PRX01",
    path: str = "main.py",
    start: int = 10,
    end: int | None = None,
    *,
    slug: str = "demo-fake",
    family: str = "demo",
    symbol: str = "main.health",
    severity: Severity = Severity.HIGH,
    related: tuple[Location, ...] = (),
    title: str = "",
    snippet: str = "",
) -> Finding:
    """A finding as a rule family would produce it."""
    return Finding(
        rule_id=rule_id, slug=slug, family=family, status="fake", severity=severity,
        message=f"{slug} finding", location=Location(path, start, end or start), related=related,
        symbol=symbol, title=title, snippet=snippet,
    )


def project_with_sources(root: Path, sources: Mapping[str, str]) -> ProjectModel:
    """A ProjectModel whose suppression facts come from these sources (as the collector makes them)."""
    facts: dict[str, Any] = {}
    for path, text in sources.items():
        comments = parse_suppression_comments(text)
        if comments:
            facts[path] = comments
    files = {p: FileInfo(p, p.removesuffix(".py").replace("/", "."), "0" * 64, t.count("\n") + 1) for p, t in sources.items()}
    return ProjectModel(root=root, files=files, facts={"suppressions": facts})


def options(root: Path = Path("."), **config: Any) -> ScanOptions:
    """Scan options with these Config fields."""
    return ScanOptions(root=root, config=Config(**config))


@pytest.fixture
def make_finding() -> Callable[..., Finding]:
    """Factory of hand-made findings."""
    return finding


@pytest.fixture
def make_project() -> Callable[..., ProjectModel]:
    """Factory of projects with suppression facts."""
    return project_with_sources


@pytest.fixture
def make_options() -> Callable[..., ScanOptions]:
    """Factory of scan options."""
    return options


@pytest.fixture(autouse=True)
def demo_rules() -> Iterator[None]:
    """Two stand-in rules (family `demo`) registered only for the duration of one test."""
    from prodready.rules import load_all

    load_all()

    class DemoFake(Rule):
        """A stand-in rule for the gate tests."""

        id = "PRX01"
        slug = "demo-fake"
        family = "demo"
        status = "fake"
        severity = Severity.HIGH

    class DemoExposed(Rule):
        """A second stand-in rule for the gate tests."""

        id = "PRX02"
        slug = "demo-exposed"
        family = "demo"
        status = "exposed"
        severity = Severity.HIGH

    try:
        yield
    finally:
        for rule in (DemoFake, DemoExposed):
            Rule.registry.pop(rule.id, None)
