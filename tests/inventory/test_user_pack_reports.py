"""A user pack for a new area, in YAML alone, shows up in every report format."""

from __future__ import annotations

from pathlib import Path

import pytest

from prodready.model.config import Config
from prodready.reports.base import load_renderers

PACK = """
area:
  id: data-governance
  title: Data Governance
capabilities:
  - name: PII redaction
    names: ['redact']
  - name: Retention policies
    attributes: ['retention_days']
components:
  - title: Data Retention Manager
    classes: ['retention_?(manager|policy)$']
    min_capabilities: 2
"""
FILES = {
    "app/retention.py": """
        class RetentionManager:
            def __init__(self, retention_days=30):
                self.retention_days = retention_days

            def redact(self, record):
                return {key: "***" for key in record}
    """,
    "app/policy.py": """
        class RetentionPolicy:
            def purge(self, store):
                pass
    """,
}
RENDERERS = sorted(load_renderers())


@pytest.fixture
def result(tmp_path: Path, scan_files):
    pack = tmp_path / "governance.yaml"
    pack.write_text(PACK, encoding="utf-8")
    return scan_files(FILES, Config(packs=(str(pack),)))


def test_the_scan_finds_the_component_and_the_placeholder(result) -> None:
    found = sorted((f.rule_id, f.location.path, f.area) for f in result.findings if f.area == "data-governance")
    assert found == [("PR401", "app/retention.py", "data-governance"), ("PR402", "app/policy.py", "data-governance")]


@pytest.mark.parametrize("name", RENDERERS)
def test_every_format_shows_the_user_component(name: str, result) -> None:
    output = load_renderers()[name].render(result)
    assert "Data Retention Manager" in output


@pytest.mark.parametrize("name", ["markdown", "html"])
def test_report_formats_have_the_user_area_section(name: str, result) -> None:
    assert "Data Governance" in load_renderers()[name].render(result)
