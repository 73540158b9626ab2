"""The Markdown reports of the ecosystem fixtures (Django + DRF, Flask, aiohttp): the inventory
each area lists, what a "Not found" says it searched, and the golden files pinning the text.

The reports are of `--profile enterprise` scans (licensing and clustering decided too), their
headers' date and commit fixed. Regenerate the golden files with
`PRODREADY_UPDATE_GOLDEN=1 pytest tests/reports`.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from pathlib import Path

import pytest

from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from prodready.reports.base import load_renderers
from tests.reports.markdown_text import headings
from tests.reports.test_golden_oms import GOLDEN_PROVENANCE, block

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
FIXTURES = ("django_ledger", "flask_storefront", "aiohttp_gateway")

# fixture -> section -> item headings, in report order (areas not listed: "Not found")
INVENTORY = {
    "django_ledger": {
        "## 1. Health Monitoring Features": [
            "### Health Checks (django-health-check, watchman, Dockerflow) (settings.py)",
            "### Health Checks (django-health-check, watchman, Dockerflow) (urls.py)"],
        "## 2. High Availability (HA) Features": [
            "### Database Read Replicas (routers.py)", "### High Availability Settings (settings.py)"],
        "## 3. Load Balancing Features": ["### Load Balancing Features (requirements.txt)"],
        "## 4. Circuit Breaker": ["### Circuit Breaker (gateway.py)"],
        "## 5. Authentication & Authorization": ["### Django Authentication (settings.py)"],
        "## 6. Monitoring & Metrics": ["### Prometheus Metrics (settings.py)", "### Prometheus Metrics (urls.py)"],
        "## 7. Backup & Recovery": ["### Database Backups (django-dbbackup) (settings.py)"],
        "## 8. Enterprise Licensing": ["### Feature Flags (django-waffle) (settings.py)", "### Enterprise Licensing (urls.py)"],
    },
    "flask_storefront": {
        "## 2. High Availability (HA) Features": ["### Redis HA Client (extensions.py)"],
        "## 4. Circuit Breaker": ["### Circuit Breaker (api.py)"],
        "## 5. Authentication & Authorization": [
            "### JWT Authentication (extensions.py)", "### JWT Authentication (api.py)", "### Session Authentication (auth.py)"],
        "## 6. Monitoring & Metrics": ["### Prometheus Metrics (extensions.py)"],
        "## 7. Backup & Recovery": ["### Backup Command (commands.py)"],
        "## 9. Clustering Features": ["### Clustering Features (__init__.py)"],
    },
    "aiohttp_gateway": {
        "## 2. High Availability (HA) Features": ["### Redis HA Client (store.py)"],
        "## 3. Load Balancing Features": ["### Service Discovery (discovery.py)"],
        "## 5. Authentication & Authorization": ["### JWT Authentication (auth.py)"],
        "## 6. Monitoring & Metrics": ["### Prometheus Metrics (app.py)"],
        "## 8. Enterprise Licensing": ["### Enterprise Licensing (app.py)"],
        "## 9. Clustering Features": ["### Clustering Features (app.py)"],
    },
}
NOT_FOUND = {
    "django_ledger": ["## 9. Clustering Features"],
    "flask_storefront": ["## 3. Load Balancing Features", "## 8. Enterprise Licensing"],
    "aiohttp_gateway": ["## 4. Circuit Breaker", "## 7. Backup & Recovery"],
}


@pytest.fixture(scope="module", params=FIXTURES)
def fixture_report(request) -> tuple[str, str]:
    result = scan(ScanOptions(root=REPO_ROOT / "fixtures" / request.param, use_cache=False, jobs=1, profile="enterprise"))
    provenance = dataclasses.replace(GOLDEN_PROVENANCE, repository_prefix=f"fixtures/{request.param}",
                                     profile=result.provenance.profile)
    return request.param, load_renderers()["markdown"].render(dataclasses.replace(result, provenance=provenance))


def _items(report: str, section: str) -> list[str]:
    return [line for line in block(report, section, until_level=2) if line.startswith("### ")
            and not line.startswith("### Distributed Tracing")]


def test_each_area_lists_the_fixtures_inventory(fixture_report):
    name, report = fixture_report
    for section, items in INVENTORY[name].items():
        if section not in report.splitlines():
            numbered = [h for _, h in headings(report) if h.startswith("## ")]
            pytest.fail(f"{name}: no {section!r} in {numbered}")
        assert [i for i in _items(report, section) if i in items] == items, section


def test_not_found_lists_what_was_searched(fixture_report):
    name, report = fixture_report
    for section in NOT_FOUND[name]:
        lines = block(report, section, until_level=2)
        assert lines[0].startswith("**Status**: Not found - "), section
        assert any(line.startswith("- searched ") for line in lines), section


def test_look_alikes_say_declared_or_nothing(fixture_report):
    name, report = fixture_report
    if name == "flask_storefront":  # a flag dict nobody reads, kazoo listed but unused
        licensing = "\n".join(block(report, "## 8. Enterprise Licensing", until_level=2))
        assert "- found FEATURE_FLAGS (storefront/config.py:15), a flag settings dict no function reads" in licensing
        clustering = block(report, "## 9. Clustering Features", until_level=2)
        assert "**Status**: **DECLARED BUT NOT WIRED**" in clustering
    if name == "aiohttp_gateway":  # tenacity retries are not a breaker
        assert "tenacity" not in "\n".join(block(report, "## 4. Circuit Breaker", until_level=2))


def test_golden_report(fixture_report):
    name, report = fixture_report
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("PRODREADY_UPDATE_GOLDEN"):
        golden.write_text(report, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), report.splitlines(True), "golden", "now"))
    assert report == expected, f"report differs from {golden.name} (review, then PRODREADY_UPDATE_GOLDEN=1):\n{diff}"
