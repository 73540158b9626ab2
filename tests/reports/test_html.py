"""The HTML report as a document: self-contained, escaped, internally linked."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

from prodready.model.areas import AREAS, Area
from prodready.model.findings import Finding, Location, Severity
from prodready.reports.base import load_renderers


def render(result) -> str:
    return load_renderers()["html"].render(result)


class Collector(HTMLParser):
    """Ids, link targets, resource attributes and tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.resources: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if "href" in attributes:
            self.hrefs.append(attributes["href"])
        for name in ("src", "srcset", "action", "data", "poster", "background"):
            if name in attributes:
                self.resources.append(f"{tag}[{name}]={attributes[name]}")


def parse(text: str) -> Collector:
    collector = Collector()
    collector.feed(text)
    return collector


def test_page_is_self_contained(oms_result):
    text = render(oms_result)
    page = parse(text)
    assert page.resources == []
    assert "link" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    assert all(href.startswith("#") for href in page.hrefs)
    assert not re.search(r"(?i)(https?:|ftp:|//[a-z0-9])", text.replace("http-equiv", ""))
    assert "@import" not in text and "url(" not in text


def test_every_internal_link_has_a_target_and_ids_are_unique(oms_result):
    page = parse(render(oms_result))
    assert len(page.ids) == len(set(page.ids))
    missing = [href for href in page.hrefs if href[1:] not in page.ids]
    assert missing == []


def test_items_carry_filter_attributes_and_related_links(oms_result, oms_findings):
    text = render(oms_result)
    anchor = "f-" + oms_findings["fake_health"].fingerprint[:10]
    assert re.search(rf'id="{anchor}" data-status="fake" data-severity="high" data-area="health-monitoring"', text)
    # the related mount location of the token route links into the related-locations index
    assert 'href="#loc-main-py-120"' in text and 'id="loc-main-py-120"' in text
    # every fake item is one click from the overview's "Needs attention" list
    attention = text.split('<ol class="attention-list">')[1].split("</ol>")[0]
    assert f'href="#{anchor}"' in attention
    assert 'data-only-status="fake"' in text


def test_related_location_inside_another_item_links_to_that_item(make_result, oms_findings):
    health = oms_findings["fake_health"]
    into_health = Location("main.py", 190, 190, message="see the health route")
    linked = replace(oms_findings["token_route"], related=(into_health,))
    text = render(make_result([health, linked]))
    assert f'href="#f-{health.fingerprint[:10]}"><code>main.py:190</code></a>' in text


def test_everything_from_the_result_is_escaped(make_result, oms_findings):
    hostile = replace(
        oms_findings["fake_health"],
        title="<img src=x onerror=alert(1)>",
        message="</script><script>alert(2)</script>",
        details=('"><b>bold</b>', "calls `<i>x</i>` directly"),
        snippet='x = "</pre><script>alert(3)</script>"\n',
    )
    text = render(make_result([hostile]))
    assert "<script>alert" not in text and "<img src=x" not in text and "<b>bold" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in text
    assert parse(text).tags.count("script") == 1
    assert "calls <code>&lt;i&gt;x&lt;/i&gt;</code> directly" in text  # Markdown code spans become <code>


def test_code_excerpt_is_highlighted_with_line_numbers(oms_result):
    text = render(oms_result)
    assert '<span class="kw">async</span> <span class="kw">def</span> <span class="fn">health_check</span>' in text
    assert '<span class="st">&quot;healthy&quot;</span>' in text
    assert '<span class="co"># Always returns &quot;healthy&quot;</span>' in text
    gutter = text.split('<pre class="gutter" aria-hidden="true">')[1].split("</pre>")[0]
    assert gutter.split() == [str(n) for n in range(184, 197)]


def test_overview_counts_and_filters(oms_result):
    text = render(oms_result)
    cards = re.findall(r'data-only-status="(\w+)" title="Show only[^"]*">\s*<span class="num">(\d+)</span>', text)
    assert cards == [("fake", "1"), ("test", "1"), ("missing", "3"), ("real", "7")]
    assert re.findall(r'name="status" value="(\w+)"', text) == ["fake", "test", "missing", "real"]
    assert re.findall(r'name="severity" value="(\w+)"', text) == ["critical", "high", "low", "none"]
    assert '<option value="tracing">Distributed Tracing</option>' in text


def test_user_pack_area_and_deterministic_output(make_result):
    queue = Finding(
        rule_id="PR401", slug="inventory-component", family="inventory", status="real", severity=Severity.NONE,
        message="", location=Location("mq/consumer.py", 1, 90), area="message-queues", title="Kafka Consumer",
    )
    result = make_result([queue], areas=(*AREAS, Area("message-queues", "Message Queues")))
    text = render(result)
    assert 'id="area-message-queues"' in text and "10. Message Queues" in text
    assert render(result) == text


def test_missing_finding_next_to_present_items_can_be_filtered(make_result, oms_findings):
    readiness = Finding(
        rule_id="PR105", slug="no-readiness-check", family="health", status="missing", severity=Severity.MEDIUM,
        message="The service uses Redis but no route can report it failing", location=Location("main.py", 143, 148),
        area="health-monitoring", title="Readiness Check",
    )
    text = render(make_result([oms_findings["fake_health"], readiness]))
    anchor = "f-" + readiness.fingerprint[:10]
    assert re.search(rf'id="{anchor}" data-status="missing" data-severity="medium"', text)
    assert 'name="status" value="missing"' in text and 'name="severity" value="medium"' in text
    row = text.split('href="#area-health-monitoring">')[1].split("</tr>")[0]
    assert "1 fake" in row and "1 not found" in row
