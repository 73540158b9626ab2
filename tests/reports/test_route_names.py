"""Route names reach every format as the rules wrote them: a settings prefix stays the Python
expression (`{settings.API_V1_STR}/login/test-token`), with no `$` and no doubled slash added."""

from __future__ import annotations

import json

import pytest

from prodready.model.findings import Finding, Location, Severity
from prodready.reports.base import load_renderers

ROUTE = "{settings.API_V1_STR}/login/test-token"
FINDING = Finding(
    rule_id="PR201", slug="dev-route-exposed", family="exposure", status="exposed", severity=Severity.CRITICAL,
    message=f"Token-minting route `POST {ROUTE}` is mounted unconditionally", location=Location("app/api/login.py", 40, 52),
    title=f"POST {ROUTE}", details=(f"Its path `{ROUTE}` says \"test\"",),
    related=(Location("app/main.py", 12, 12, message="mount"),),
)


@pytest.mark.parametrize("name", ["concise", "terminal", "markdown", "html", "github", "gitlab", "junit"])
def test_every_text_format_keeps_the_route_as_written(make_result, name: str) -> None:
    text = load_renderers()[name].render(make_result([FINDING]))
    assert ROUTE in text.replace("&#34;", '"') or ROUTE.replace("/", "%2F") in text
    assert "${" not in text and "}//" not in text


def test_sarif_and_json_keep_it_too(make_result) -> None:
    for name in ("sarif", "json"):
        text = load_renderers()[name].render(make_result([FINDING]))
        assert ROUTE in json.dumps(json.loads(text)) and "${" not in text
