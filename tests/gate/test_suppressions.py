"""Inline suppressions and waivers: what they hide, and the PR901/PR902/PR903 findings about them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prodready.model.findings import Suppression
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from prodready.pipeline.suppressions import apply_suppressions
from prodready.rules.meta.comments import SuppressionComment, parse_hash_comments, parse_suppression_comments

TODAY = date(2026, 11, 26)

FAKE_HEALTH = '''from fastapi import FastAPI

app = FastAPI()

{comment_above}
@app.get("/health")  {comment_inline}
def health():
    return {{"status": "healthy", "db_connected": True}}
'''


def source(above: str = "", inline: str = "") -> str:
    return FAKE_HEALTH.format(comment_above=above, comment_inline=inline)


def summary(findings):
    return [(f.rule_id, f.location.path, f.location.start_line, f.suppression) for f in findings]


def test_parser_reads_rules_reason_and_expiry() -> None:
    text = 'x = 1  # prodready: ignore[demo-fake, PRX02] until=2027-03-31 demo only\n# prodready: ignore[PRX01]\n'
    assert parse_suppression_comments(text) == (
        SuppressionComment(
            1, 8, ("demo-fake", "PRX02"), "demo only", "2027-03-31",
            source_line="x = 1  # prodready: ignore[demo-fake, PRX02] until=2027-03-31 demo only",
        ),
        SuppressionComment(2, 1, ("PRX01",), "", source_line="# prodready: ignore[PRX01]"),
    )


def test_parser_ignores_strings_and_other_comments() -> None:
    text = 's = "# prodready: ignore[PRX01] not a comment"\n# noqa: E501\n'
    assert parse_suppression_comments(text) == ()


def test_comment_on_the_line_above_suppresses(make_finding, make_project, make_options) -> None:
    project = make_project(Path("."), {"main.py": source(above="# prodready: ignore[PRX01] probe-only service")})
    result = apply_suppressions([make_finding(start=6, end=8)], project, make_options(), TODAY)
    assert summary(result) == [("PRX01", "main.py", 6, Suppression("inline", "probe-only service"))]


def test_comment_on_the_finding_line_suppresses_by_slug(make_finding, make_project, make_options) -> None:
    project = make_project(Path("."), {"main.py": source(inline="# prodready: ignore[demo-fake] legacy")})
    result = apply_suppressions([make_finding(start=6, end=8)], project, make_options(), TODAY)
    assert summary(result) == [("PRX01", "main.py", 6, Suppression("inline", "legacy"))]


def test_comment_two_lines_above_does_not_reach(make_finding, make_project, make_options) -> None:
    text = "# prodready: ignore[PRX01] too far\n\nx = 1\n"
    project = make_project(Path("."), {"main.py": text})
    result = apply_suppressions([make_finding(start=3)], project, make_options(), TODAY)
    assert summary(result) == [
        ("PRX01", "main.py", 3, None),
        ("PR902", "main.py", 1, None),
    ]
    assert result[1].message == "Unused suppression: no PRX01 finding starts on line 1 or 2; remove it."


def test_other_rule_is_not_suppressed(make_finding, make_project, make_options) -> None:
    project = make_project(Path("."), {"main.py": source(above="# prodready: ignore[PRX02] wrong rule")})
    result = apply_suppressions([make_finding(start=6, end=8)], project, make_options(), TODAY)
    assert summary(result)[0] == ("PRX01", "main.py", 6, None)


def test_missing_reason_still_suppresses_and_is_reported(make_finding, make_project, make_options) -> None:
    project = make_project(Path("."), {"main.py": source(above="# prodready: ignore[PRX01]")})
    result = apply_suppressions([make_finding(start=6, end=8)], project, make_options(), TODAY)
    assert summary(result) == [
        ("PRX01", "main.py", 6, Suppression("inline", "")),
        ("PR901", "main.py", 5, None),
    ]
    assert result[1].message == "Suppression of PRX01 gives no reason: say why after the brackets."


def test_expired_suppression_stops_suppressing(make_finding, make_project, make_options) -> None:
    project = make_project(Path("."), {"main.py": source(above="# prodready: ignore[PRX01] until=2026-11-25 migration")})
    result = apply_suppressions([make_finding(start=6, end=8)], project, make_options(), TODAY)
    assert summary(result) == [("PRX01", "main.py", 6, None), ("PR903", "main.py", 5, None)]
    assert result[1].message == (
        "Suppression of PRX01 expired on 2026-11-25: it no longer hides anything; "
        "fix the finding or renew the date."
    )


def test_suppression_is_valid_through_its_last_day(make_finding, make_project, make_options) -> None:
    project = make_project(Path("."), {"main.py": source(above="# prodready: ignore[PRX01] until=2026-11-26 migration")})
    result = apply_suppressions([make_finding(start=6, end=8)], project, make_options(), TODAY)
    assert summary(result) == [("PRX01", "main.py", 6, Suppression("inline", "migration"))]


def test_malformed_comments_suppress_nothing(make_finding, make_project, make_options) -> None:
    text = "# prodready: ignore because\nx = 1  # prodready: ignore[PRX01] until=soon reason\n"
    project = make_project(Path("."), {"main.py": text})
    result = apply_suppressions([make_finding(start=2)], project, make_options(), TODAY)
    assert summary(result) == [
        ("PRX01", "main.py", 2, None),
        ("PR901", "main.py", 1, None),
        ("PR901", "main.py", 2, None),
    ]
    assert [f.message for f in result[1:]] == [
        "Invalid suppression: it names no rule: write `# prodready: ignore[RULE-ID] reason`.",
        "Invalid suppression: it until=soon is not a date (write until=YYYY-MM-DD).",
    ]


def test_unknown_rule_is_reported(make_project, make_options) -> None:
    project = make_project(Path("."), {"main.py": "x = 1  # prodready: ignore[PR999] typo\n"})
    result = apply_suppressions([], project, make_options(), TODAY)
    assert summary(result) == [("PR901", "main.py", 1, None)]
    assert result[0].message == "Invalid suppression: unknown rule 'PR999' (see `prodready rules`)."


def test_unused_is_not_reported_for_rules_that_did_not_run(make_project, make_options) -> None:
    project = make_project(Path("."), {"tests/test_x.py": "x = 1  # prodready: ignore[PR903] kept\n"})
    ignored = make_options(ignore=("PR903",))
    per_path = make_options(per_path_ignores={"tests/**": ("config",)})
    not_selected = make_options(select=("PR901",))
    for opts in (ignored, not_selected):
        assert apply_suppressions([], project, opts, TODAY) == []
    assert apply_suppressions([], project, per_path, TODAY) == []
    assert summary(apply_suppressions([], project, make_options(), TODAY)) == [("PR902", "tests/test_x.py", 1, None)]


def test_one_comment_for_two_rules_reports_the_unused_one(make_finding, make_project, make_options) -> None:
    project = make_project(Path("."), {"main.py": source(above="# prodready: ignore[PRX01,PR903] legacy")})
    result = apply_suppressions([make_finding(start=6, end=8)], project, make_options(), TODAY)
    assert summary(result) == [
        ("PRX01", "main.py", 6, Suppression("inline", "legacy")),
        ("PR902", "main.py", 5, None),
    ]
    assert result[1].message == "Unused suppression: no PR903 finding starts on line 5 or 6; remove it."


def test_meta_findings_follow_selection_and_severity(make_project, make_options) -> None:
    from prodready.model.findings import Severity

    project = make_project(Path("."), {"main.py": "x = 1  # prodready: ignore[PR999] typo\n"})
    assert apply_suppressions([], project, make_options(ignore=("PR901",)), TODAY) == []
    raised = apply_suppressions([], project, make_options(severity_overrides={"PR901": Severity.HIGH}), TODAY)
    assert [(f.rule_id, f.severity) for f in raised] == [("PR901", Severity.HIGH)]


def test_waiver_suppresses_by_rule_path_glob_and_symbol(make_finding, make_project, make_options) -> None:
    waivers = ({"rule": "demo", "path": "legacy/*.py", "symbol": "legacy.status", "reason": "vendor code"},)
    findings = [
        make_finding(path="legacy/api.py", symbol="legacy.status"),
        make_finding(path="legacy/api.py", symbol="legacy.other"),
        make_finding(path="main.py", symbol="legacy.status"),
    ]
    result = apply_suppressions(findings, make_project(Path("."), {}), make_options(waivers=waivers), TODAY)
    assert [f.suppression for f in result] == [Suppression("waiver", "vendor code"), None, None]


def test_unused_waiver_is_reported_at_the_config(tmp_path: Path, make_project, make_options) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.prodready]\n\n[[tool.prodready.waivers]]\nrule = "PRX01"\npath = "gone.py"\nreason = "old vendor code"\n'
    )
    waivers = ({"rule": "PRX01", "path": "gone.py", "reason": "old vendor code"},)
    opts = make_options(tmp_path, waivers=waivers, source=str(pyproject))
    result = apply_suppressions([], make_project(tmp_path, {}), opts, TODAY)
    assert summary(result) == [("PR902", "pyproject.toml", 6, None)]
    assert result[0].message == "Unused waiver: no PRX01 finding in gone.py; remove it from [tool.prodready] waivers."


def test_semgrep_suppressions_count_as_unused_only_when_semgrep_ran(make_project, make_options) -> None:
    import dataclasses

    project = make_project(Path("."), {"main.py": "x = 1  # prodready: ignore[SG:health-never-fails] vetted\n"})
    assert apply_suppressions([], project, make_options(), TODAY) == []
    with_semgrep = dataclasses.replace(make_options(), semgrep=True)
    assert summary(apply_suppressions([], project, with_semgrep, TODAY)) == [("PR902", "main.py", 1, None)]


MANIFEST_SERVICE = {
    "app/main.py": 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\n'
                   'def health():\n    return {"status": "ok"}\n',
    "k8s/deploy.yaml": """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1
          command: ["uvicorn", "app.main:app", "--port", "8000"]
          # prodready: ignore[PR501] the load balancer drains on its own checks
          readinessProbe:
            httpGet: {path: /health, port: 8000}
          livenessProbe:  # prodready: ignore[PR502] nothing to hide here
            httpGet: {path: /health, port: 8000}
""",
}


def test_comments_in_manifests_suppress_deploy_findings_and_unused_ones_are_reported(tmp_path: Path) -> None:
    for relative, text in MANIFEST_SERVICE.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    result = scan(ScanOptions(root=tmp_path, use_cache=False, jobs=1))
    deploy = [(f.rule_id, f.location.path, f.location.start_line, f.suppression) for f in result.findings
              if f.rule_id in ("PR501", "PR502", "PR902")]
    assert deploy == [
        ("PR501", "k8s/deploy.yaml", 13, Suppression("inline", "the load balancer drains on its own checks")),
        ("PR902", "k8s/deploy.yaml", 15, None),
    ]


def test_hash_comment_parser_reads_yaml_and_dockerfile_comments_not_values() -> None:
    text = ('url: "http://x/#prodready: ignore[PR501] in a value"\n'
            'HEALTHCHECK CMD curl -f http://localhost/health  # prodready: ignore[PR501] sidecar checks\n')
    assert parse_hash_comments(text) == (
        SuppressionComment(2, 50, ("PR501",), "sidecar checks",
                           source_line="HEALTHCHECK CMD curl -f http://localhost/health  # prodready: ignore[PR501] sidecar checks"),
    )
