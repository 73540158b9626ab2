"""The HTML report in real headless Chromium: no network, fake items visible, filters work."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def report(oms_result, tmp_path) -> Path:
    from prodready.reports.base import load_renderers

    path = tmp_path / "report.html"
    path.write_text(load_renderers()["html"].render(oms_result), encoding="utf-8")
    return path


@dataclass
class Session:
    """An open report page and everything it requested or raised."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def session(browser, report) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    opened = Session(context.new_page())
    opened.page.on("request", lambda request: opened.requests.append(request.url))
    opened.page.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.page.goto(report.as_uri())
    yield opened
    context.close()


@pytest.fixture
def page(session):
    return session.page


def fake_item(page, oms_findings):
    return page.locator(f"#f-{oms_findings['fake_health'].fingerprint[:10]}")


def real_items(page):
    return page.locator('#findings .item[data-status="real"]')


def test_loads_without_network_and_shows_the_fake_health_item(session, page, report, oms_findings):
    assert session.requests == [report.as_uri()]
    assert session.errors == []
    item = fake_item(page, oms_findings)
    assert item.is_visible()
    assert "FAKE IMPLEMENTATION" in item.inner_text()
    assert "main.py:184-196" in item.inner_text()
    assert page.locator("#shown").inner_text() == "12 of 12 items shown"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


def test_status_card_shows_only_fakes(page, oms_findings):
    assert real_items(page).count() == 7
    assert real_items(page).first.is_visible()
    page.locator('#status-cards [data-only-status="fake"]').click()
    assert fake_item(page, oms_findings).is_visible()
    for index in range(real_items(page).count()):
        assert real_items(page).nth(index).is_hidden()
    assert page.locator('#area-high-availability').is_hidden()  # sections left empty disappear
    assert page.locator("#shown").inner_text() == "1 of 12 items shown"
    page.locator("#filter-reset").click()
    assert real_items(page).first.is_visible()


def test_status_checkbox_and_area_select_filter(page, oms_findings):
    page.locator('#filter-status input[value="real"]').uncheck()
    assert real_items(page).first.is_hidden()
    assert fake_item(page, oms_findings).is_visible()
    page.locator("#filter-area").select_option("authentication")
    assert fake_item(page, oms_findings).is_hidden()
    assert page.locator('#findings .item[data-status="test"]').is_visible()
    page.locator('#filter-severity input[value="critical"]').uncheck()
    assert page.locator('#findings .item[data-status="test"]').is_hidden()


def test_fake_item_is_one_click_from_the_overview_even_when_filtered_out(page, oms_findings):
    page.locator('#filter-status input[value="fake"]').uncheck()
    assert fake_item(page, oms_findings).is_hidden()
    anchor = f"f-{oms_findings['fake_health'].fingerprint[:10]}"
    page.locator(f'.attention-list a[href="#{anchor}"]').click()
    item = fake_item(page, oms_findings)
    item.wait_for(state="visible")
    assert item.evaluate("node => node.matches(':target')")


def test_related_location_link_reaches_its_index_entry(session, page, report):
    page.locator('#findings .item[data-status="test"] .related a').click()
    entry = page.locator("#loc-main-py-120")
    entry.wait_for(state="visible")
    assert page.evaluate("location.hash") == "#loc-main-py-120"
    assert "mounted unconditionally" in entry.inner_text()
    assert session.requests == [report.as_uri()]  # in-page navigation only


def test_header_gives_date_commit_tool_and_configuration(page):
    header = page.locator("#provenance")
    fields = {dt: dd for dt, dd in zip(header.locator("dt").all_inner_texts(), header.locator("dd").all_inner_texts())}
    assert fields == {
        "Scanned": "2026-11-27 09:30:00 UTC",
        "Commit": "89abcdef0123456789abcdef0123456789abcdef (dirty: uncommitted changes under the scanned root)",
        "Tool": "prodready 0.1.0",
        "Configuration": "pyproject.toml [tool.prodready], profile enterprise, fail-on medium",
    }
    assert header.is_visible()


def test_needs_attention_is_sorted_by_severity_and_shows_it(page):
    entries = page.locator(".attention-list li")
    severities = entries.evaluate_all("nodes => nodes.map(n => n.dataset.severity)")
    order = ["critical", "high", "medium", "low", "info"]
    assert severities == sorted(severities, key=order.index) and severities[:2] == ["critical", "high"]
    first = entries.first
    assert first.locator(".sev").inner_text().lower() == "critical" and first.locator(".sev").is_visible()
    assert "RBAC Test Token Generator" in first.inner_text()


def test_code_font_stack_falls_back_to_cjk_fonts(page, oms_findings):
    code = fake_item(page, oms_findings).locator("pre.src code")
    assert "시스템 상태 확인" in code.inner_text()
    family = code.evaluate("node => getComputedStyle(node).fontFamily")
    stack = [name.strip().strip('"') for name in family.split(",")]
    assert stack[0] == "ui-monospace" and stack[-1] == "monospace"
    cjk = [name for name in stack if "CJK" in name or name in ("Source Han Mono", "D2Coding", "MS Gothic", "SimSun")]
    assert {"Noto Sans Mono CJK KR", "Noto Sans Mono CJK SC", "Noto Sans Mono CJK JP"} <= set(cjk)
    assert stack.index("Noto Sans Mono CJK KR") < stack.index("monospace")
