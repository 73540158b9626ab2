"""Reading fixtures/*.expected.yaml and the `# expect: RULE` annotations inside the fixtures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.conftest import FIXTURES

EXPECT_COMMENT = re.compile(r"#\s*expect:\s*(PR\d{3})\b")


@dataclass(frozen=True)
class Expectation:
    """What one fixture's expected file promises."""

    fixture: str
    root: Path
    families: tuple[str, ...]
    findings: frozenset[tuple[str, str, int, str]]  # (rule, path, line, status)
    entries: tuple[dict, ...]
    max_severity: str = ""  # no finding of the listed families above it ("" = no limit)

    def graded(self, key: str) -> dict[tuple[str, str, int, str], str]:
        """(rule, path, line, status) -> the `severity` or `confidence` an entry pins."""
        return {(e["rule"], e["path"], int(e["line"]), e["status"]): str(e[key]) for e in self.entries if key in e}


def expected_files() -> list[Path]:
    """Every fixtures/<name>.expected.yaml, sorted."""
    return sorted(FIXTURES.glob("*.expected.yaml"))


def load_expectation(path: Path) -> Expectation:
    """Parse one expected file; the fixture directory sits beside it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = tuple(data["findings"])
    return Expectation(
        fixture=data["fixture"],
        root=path.parent / data["fixture"],
        families=tuple(data["families"]),
        findings=frozenset((e["rule"], e["path"], int(e["line"]), e["status"]) for e in entries),
        entries=entries,
        max_severity=str(data.get("max_severity", "")),
    )


def annotations(root: Path) -> frozenset[tuple[str, str, int]]:
    """(rule, path, line) of every `# expect: RULE` comment in the fixture's Python files."""
    found = set()
    for file in sorted(root.rglob("*.py")):
        relative = file.relative_to(root).as_posix()
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            for match in EXPECT_COMMENT.finditer(line):
                found.add((match.group(1), relative, number))
    return frozenset(found)
