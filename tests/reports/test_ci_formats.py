"""JUnit XML, GitLab Code Quality and GitHub Actions annotations."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace

from prodready.model.findings import Location, Severity
from prodready.reports.base import load_renderers
from prodready.reports.catalog import registered_rules


def render(name: str, result) -> str:
    return load_renderers()[name].render(result)


# JUnit ------------------------------------------------------------------------------------------


def test_junit_has_a_case_per_rule_and_a_failure_per_active_finding(oms_result):
    root = ET.fromstring(render("junit", oms_result).encode("utf-8"))
    suite = root.find("testsuite")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    for rule in registered_rules():
        assert f"{rule.id} {rule.slug}" in cases
    health = cases["PR101 health-fake"]
    assert health.get("classname") == "health"
    [failure] = health.findall("failure")
    assert failure.get("type") == "high"
    assert failure.get("message") == (
        'main.py:184-196: Always returns "healthy" status regardless of actual system health.'
    )
    assert "Reports db_connected and services but never fails" in failure.text
    assert len(cases["PR201 dev-route-exposed"].findall("failure")) == 1
    assert len(cases["PR301 capability-tracing"].findall("failure")) == 1
    # a suppressed finding and inventory records (severity none) do not fail
    assert cases["PR203 dev-route-unmounted"].findall("failure") == []
    inventory = cases["PR401 inventory-component"]
    assert inventory.findall("failure") == []
    assert "database/clients/redis_ha_client.py:15-240: Redis HA Client (real, high-availability)" in (
        inventory.find("system-out").text.splitlines()
    )
    failing = [case for case in cases.values() if case.findall("failure")]
    assert suite.get("failures") == str(len(failing)) == "5"
    assert suite.get("tests") == str(len(cases))
    assert "legacy/broken.py: syntax-error" in suite.find("system-err").text


def test_junit_counts_several_findings_of_one_rule(make_result, oms_findings):
    other = replace(oms_findings["fake_health"], location=Location("admin.py", 10, 20), symbol="admin_health")
    root = ET.fromstring(render("junit", make_result([oms_findings["fake_health"], other])).encode("utf-8"))
    case = next(c for c in root.iter("testcase") if c.get("name") == "PR101 health-fake")
    assert [f.get("message").split(":")[0] for f in case.findall("failure")] == ["admin.py", "main.py"]


def test_junit_of_a_clean_scan_passes(empty_result):
    root = ET.fromstring(render("junit", empty_result).encode("utf-8"))
    assert root.get("failures") == "0"
    assert not list(root.iter("failure"))


# GitLab Code Quality ----------------------------------------------------------------------------


def test_gitlab_issues_have_the_code_quality_shape(oms_result):
    issues = json.loads(render("gitlab", oms_result))
    assert [issue["check_name"] for issue in issues] == ["PR201", "PR101", "PR301", "PR302", "PR303"]
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
    by_rule = {issue["check_name"]: issue for issue in issues}
    assert by_rule["PR201"]["severity"] == "blocker"
    assert by_rule["PR101"]["severity"] == "critical"
    assert by_rule["PR301"]["severity"] == "minor"
    assert by_rule["PR101"]["location"] == {"path": "main.py", "lines": {"begin": 184, "end": 196}}
    assert by_rule["PR101"]["description"].startswith('PR101 health-fake: Always returns "healthy"')
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_gitlab_fingerprints_are_unique_for_identical_findings(make_result, oms_findings):
    twin = oms_findings["fake_health"]
    issues = json.loads(render("gitlab", make_result([twin, replace(twin, location=Location("main.py", 300, 312))])))
    assert len(issues) == 2 and issues[0]["fingerprint"] != issues[1]["fingerprint"]
    assert issues[0]["fingerprint"] == twin.fingerprint


def test_gitlab_of_a_clean_scan_is_an_empty_array(empty_result):
    assert json.loads(render("gitlab", empty_result)) == []


# GitHub Actions annotations ---------------------------------------------------------------------


def test_github_annotations_per_severity(oms_result):
    lines = render("github", oms_result).splitlines()
    assert lines[0] == (
        "::error file=api/v1/rbac_test_routes.py,line=17,endLine=55,title=PR201 dev-route-exposed::"
        "Provides token generation endpoint for testing - should be disabled in production. (RBAC Test Token Generator)"
    )
    assert lines[1].startswith("::error file=main.py,line=184,endLine=196,title=PR101 health-fake::")
    assert lines[2].startswith("::notice file=main.py,line=60,title=PR301 capability-tracing::")
    assert len(lines) == 5  # suppressed and inventory findings are not annotated


def test_github_escapes_data_and_properties(make_result, oms_findings):
    finding = replace(
        oms_findings["fake_health"],
        severity=Severity.MEDIUM,
        slug="a:b,c",
        title="",
        message="100% fake\nsecond line\r",
        location=Location("dir,x/a:b.py", 7, 7, start_col=5),
    )
    [line] = render("github", make_result([finding])).splitlines()
    assert line == "::warning file=dir%2Cx/a%3Ab.py,line=7,col=5,title=PR101 a%3Ab%2Cc::100%25 fake%0Asecond line%0D"


def test_github_of_a_clean_scan_is_empty(empty_result):
    assert render("github", empty_result) == ""


def test_a_user_pack_area_reaches_every_format(make_result):
    from prodready.model.areas import AREAS, Area
    from prodready.model.findings import Finding

    consumer = Finding(
        rule_id="PR401", slug="inventory-component", family="inventory", status="real", severity=Severity.NONE,
        message="", location=Location("mq/consumer.py", 1, 90), area="message-queues", title="Kafka Consumer",
        details=("Consumer groups",),
    )
    producer = Finding(
        rule_id="PR402", slug="placeholder-component", family="inventory", status="placeholder",
        severity=Severity.MEDIUM, message="Key methods are stubs: send", location=Location("mq/producer.py", 3, 9),
        area="message-queues", title="Kafka Producer",
    )
    result = make_result([consumer, producer], areas=(*AREAS, Area("message-queues", "Message Queues")))
    assert "## 10. Message Queues" in render("markdown", result).splitlines()
    assert 'id="area-message-queues"' in render("html", result)
    run = json.loads(render("sarif", result))["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["PR402"]
    assert run["properties"]["inventory"][0]["area"] == "message-queues"
    junit = render("junit", result)
    assert "mq/consumer.py:1-90: Kafka Consumer (real, message-queues)" in junit
    assert "mq/producer.py:3-9: Key methods are stubs: send" in junit
    assert json.loads(render("gitlab", result))[0]["location"]["path"] == "mq/producer.py"
    assert render("github", result).startswith("::warning file=mq/producer.py,line=3,endLine=9,")
