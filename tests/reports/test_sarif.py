"""SARIF 2.1.0 output: valid against the official schema, stable fingerprints, GitHub's cap."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from prodready.model.findings import Finding, Location, Severity, Suppression
from prodready.reports.base import load_renderers
from prodready.reports.catalog import registered_rules

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = REPO_ROOT.parent / "shared/reference/sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def render(result) -> dict:
    return json.loads(load_renderers()["sarif"].render(result))


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_oms_log_is_valid_and_complete(validator, oms_result):
    log = render(oms_result)
    assert_valid(validator, log)
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    driver = run["tool"]["driver"]
    assert driver["name"] == "prodready" and driver["version"] == "0.1.0"
    ids = [rule["id"] for rule in driver["rules"]]
    assert set(rule.id for rule in registered_rules()) <= set(ids)
    assert {"PR101", "PR201", "PR301", "PR302", "PR303", "PR203"} <= set(ids)  # every rule with a result
    # inventory records (severity none) are not code-scanning results
    assert [r["ruleId"] for r in run["results"]] == ["PR201", "PR101", "PR301", "PR302", "PR303", "PR203"]
    inventory = run["properties"]["inventory"]
    assert len(inventory) == 7
    assert inventory[1] == {
        "ruleId": "PR401", "status": "real", "area": "high-availability", "title": "Redis HA Client",
        "location": "database/clients/redis_ha_client.py:15-240",
        "details": ["Redis Sentinel integration", "Automatic failover", "Master/replica management"],
    }
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    # %SRCROOT% is the viewer's checkout: the scanning machine's path appears nowhere
    assert "uri" not in run["originalUriBaseIds"]["%SRCROOT%"]
    assert "/home/someone" not in json.dumps(log)


def test_result_fields(validator, oms_result):
    results = {r["ruleId"]: r for r in render(oms_result)["runs"][0]["results"]}
    token = results["PR201"]
    assert token["level"] == "error"
    assert token["message"]["text"].startswith("Provides token generation endpoint")
    physical = token["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "api/v1/rbac_test_routes.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 17, "endLine": 55, "startColumn": 1}
    assert token["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "main.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 120, "endLine": 120, "startColumn": 1},
            },
            "message": {"text": "mounted unconditionally with prefix /api/v1"},
        }
    ]
    assert len(token["partialFingerprints"]["prodready/v1"]) == 32
    assert results["PR101"]["level"] == "error"
    assert results["PR301"]["level"] == "note"
    assert "suppressions" not in results["PR101"]
    assert results["PR203"]["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "kept for local debugging"}
    ]


def test_baseline_suppression_is_external(validator, make_result, oms_findings):
    finding = replace(oms_findings["fake_health"], suppression=Suppression("baseline", "legacy, ticket OPS-12"))
    log = render(make_result([finding]))
    assert_valid(validator, log)
    assert log["runs"][0]["results"][0]["suppressions"][0]["kind"] == "external"


def test_warnings_become_tool_execution_notifications(oms_result):
    invocation = render(oms_result)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"] == "syntax-error: invalid syntax at line 3"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "legacy/broken.py"


def test_empty_result_is_valid(validator, empty_result):
    log = render(empty_result)
    assert_valid(validator, log)
    assert log["runs"][0]["results"] == []
    assert "toolExecutionNotifications" not in log["runs"][0]["invocations"][0]


def test_more_than_5000_results_are_truncated_by_severity(validator, make_result, oms_findings):
    lows = [
        Finding(
            rule_id="PR203", slug="dev-route-unmounted", family="exposure", status="unmounted", severity=Severity.LOW,
            message=f"unmounted {n}", location=Location(f"pkg/m{n:05d}.py", 3, 4), symbol=f"f{n}",
        )
        for n in range(5200)
    ]
    findings = [*lows, oms_findings["fake_health"], oms_findings["token_route"]]
    log = render(make_result(findings))
    assert_valid(validator, log)
    run = log["runs"][0]
    assert len(run["results"]) == 5000
    assert [r["ruleId"] for r in run["results"][:2]] == ["PR201", "PR101"]  # the most severe survive
    assert run["properties"]["truncated"] is True
    assert run["properties"]["totalResults"] == 5202
    assert run["properties"]["droppedResults"] == 202


def test_fingerprints_survive_line_shifts_but_not_code_changes(make_result, oms_findings):
    original = oms_findings["fake_health"]
    shifted = replace(original, location=Location("main.py", 204, 216))
    edited = replace(original, snippet=original.snippet.replace('"healthy"', '"ok"'))

    def fingerprint(finding: Finding) -> str:
        return render(make_result([finding]))["runs"][0]["results"][0]["partialFingerprints"]["prodready/v1"]

    assert fingerprint(shifted) == fingerprint(original)
    assert fingerprint(edited) != fingerprint(original)


def test_rule_descriptors_carry_help_level_and_properties(demo_rules, empty_result):
    rules = {rule["id"]: rule for rule in render(empty_result)["runs"][0]["tool"]["driver"]["rules"]}
    health = rules["PR101"]
    assert health["name"] == "health-fake"
    assert health["shortDescription"]["text"] == "A health endpoint that can never report failure."
    assert health["fullDescription"]["text"] == 'Health routes that always answer "healthy".'
    assert "## Why it matters" in health["help"]["markdown"]
    assert "Fix:\nUnsafe (behaviour changes: the endpoint starts failing)." in health["help"]["text"]
    assert "prodready_kit.health.HealthRegistry" in health["help"]["markdown"]
    assert health["defaultConfiguration"]["level"] == "error"
    assert health["properties"]["family"] == "health"
    assert "security-severity" not in health["properties"]  # a fake health check is not a vulnerability
    assert "security" not in health["properties"]["tags"]
    assert rules["PR301"]["defaultConfiguration"]["level"] == "note"


def test_security_rules_are_tagged_and_ranked_for_code_scanning(empty_result):
    rules = {rule["id"]: rule for rule in render(empty_result)["runs"][0]["tool"]["driver"]["rules"]}
    ranked = {rule_id: (rule["properties"].get("security-severity"), "security" in rule["properties"]["tags"])
              for rule_id, rule in rules.items()}
    assert {rule_id: value for rule_id, value in ranked.items() if value != (None, False)} == {
        "PR201": ("9.5", True),  # exposed dev route: critical when it mints credentials
        "PR204": ("8.0", True),  # debug mode on in production
        "PR403": ("8.0", True),  # a security check that always passes
    }


def test_every_rule_has_a_help_uri_to_its_committed_docs_page(empty_result):
    from prodready.reports.rule_docs import REPOSITORY_URL

    for rule in render(empty_result)["runs"][0]["tool"]["driver"]["rules"]:
        prefix = f"{REPOSITORY_URL}/blob/main/"
        assert rule["helpUri"].startswith(prefix), rule["helpUri"]
        assert (REPO_ROOT / rule["helpUri"].removeprefix(prefix)).is_file(), rule["helpUri"]


def test_paths_are_percent_encoded_relative_uris(validator, make_result, oms_findings):
    finding = replace(oms_findings["fake_health"], location=Location("my app/héalth.py", 1, 2))
    log = render(make_result([finding]))
    assert_valid(validator, log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20app/h%C3%A9alth.py"
