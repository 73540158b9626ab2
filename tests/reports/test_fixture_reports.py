"""Every bundled fixture, scanned for real, renders in every format; SARIF validates for each."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from prodready.reports.base import load_renderers
from tests.reports.test_html import parse

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "fixtures"
FIXTURE_DIRS = sorted(
    p for p in (FIXTURES.iterdir() if FIXTURES.is_dir() else ()) if p.is_dir() and not p.name.startswith((".", "_"))
)
SCHEMA_PATH = REPO_ROOT.parent / "shared/reference/sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=[p.name for p in FIXTURE_DIRS])
def test_fixture_renders_in_every_format(fixture, validator):
    result = scan(ScanOptions(root=fixture, use_cache=False, jobs=1))
    renderers = load_renderers()
    sarif = json.loads(renderers["sarif"].render(result))
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(sarif)]
    assert errors == []
    reported = [f for f in result.findings if f.severity.label != "none"]
    assert len(sarif["runs"][0]["results"]) == min(len(reported), 5000)
    ET.fromstring(renderers["junit"].render(result).encode("utf-8"))
    assert len(json.loads(renderers["gitlab"].render(result))) == len(
        [f for f in result.active if f.severity.label != "none"]
    )
    markdown = renderers["markdown"].render(result)
    assert markdown.startswith("# Enterprise Features Scan Report\n\n- **Scanned**: ")
    assert f"\n- **Tool**: prodready {result.tool_version}\n- **Configuration**: " in markdown
    assert "\n\n## Summary\n" in markdown
    for finding in result.active:
        if finding.status == "wired":  # probe records are rows of the Deployment Wiring table
            assert f"| `{finding.location.label()}` |" in markdown
        elif finding.status != "missing":  # missing capabilities are area statuses, without a location
            assert f"**Location**: `{finding.location.label()}`" in markdown
    html = renderers["html"].render(result)
    page = parse(html)  # self-contained: a health command's `curl http://localhost/...` is text, not a resource
    assert page.resources == [] and all(href.startswith("#") for href in page.hrefs)
    assert "<link" not in html and "<img" not in html and "url(" not in html
    assert renderers["github"].render(result).count("\n") == len(
        [f for f in result.active if f.severity.label != "none"]
    )
