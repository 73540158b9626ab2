"""Golden tests for every codemod on every framework, in pairs: inputs that change, inputs left alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from prodready.codemods.runner import plan_fixes
from prodready.model.findings import Finding, Location, ScanResult, Severity

CASES = Path(__file__).parent / "cases"
REGENERATE = os.environ.get("PRODREADY_REGENERATE_GOLDEN") == "1"
REQUIREMENTS = "fastapi>=0.110\n"

RULES = {
    "PR101": ("health-fake", "health", "fake", Severity.HIGH),
    "PR201": ("dev-route-exposed", "exposure", "exposed", Severity.CRITICAL),
    "PR301": ("capability-tracing", "capability", "missing", Severity.LOW),
}


HEALTH_PATHS = {"health_fastapi": "/health", "health_flask": "/healthz", "health_starlette": "/ready",
                "health_swallowed": "/ready"}


def make_finding(rule_id: str, path: str, line: int, related: tuple[str, ...] = (), status: str = "",
                 route: str = "") -> Finding:
    slug, family, default_status, severity = RULES[rule_id]
    return Finding(
        rule_id=rule_id, slug=slug, family=family, status=status or default_status, severity=severity,
        message="test finding", location=Location(path, line, line),
        related=tuple(Location(p, 1, 1, message="mounted here") for p in related),
        extra=(("path", route),) if route else (),
    )


def fix_one(tmp_path: Path, case: str, rule_id: str, line: int, *, related: tuple[str, ...] = (),
            status: str = "", other: tuple[Finding, ...] = ()) -> str | None:
    """Copy a case into a scanned root, plan the fix of one hand-made finding, return the new text."""
    root = tmp_path / "billing"
    root.mkdir()
    (root / "app.py").write_text((CASES / f"{case}.py").read_text())
    (root / "requirements.txt").write_text(REQUIREMENTS)
    finding = make_finding(rule_id, "app.py", line, related, status, HEALTH_PATHS.get(case, ""))
    result = ScanResult(root=str(root), findings=(finding, *other))
    plan = plan_fixes(result, unsafe=True)
    code = [change for change in plan.changes if change.path == "app.py"]
    return code[0].updated.decode() if code else None


CHANGING = [
    ("health_fastapi", "PR101", 13, ()),
    ("health_flask", "PR101", 8, ()),
    ("health_starlette", "PR101", 8, ()),
    ("health_swallowed", "PR101", 8, ()),
    ("guard_fastapi_router", "PR201", 7, ("app.py",)),
    ("guard_fastapi_app_route", "PR201", 8, ()),
    ("guard_fastapi_shared_dependencies", "PR201", 9, ()),
    ("guard_flask_blueprint", "PR201", 6, ()),
    ("guard_flask_app_route", "PR201", 6, ()),
    ("tracing_fastapi", "PR301", 5, ()),
    ("tracing_flask", "PR301", 5, ()),
    ("tracing_starlette", "PR301", 6, ()),
]

UNCHANGED = [
    ("health_uses_locals", "PR101", 8),
    ("guard_already_guarded", "PR201", 8),
    ("tracing_present", "PR301", 5),
]


@pytest.mark.parametrize(("case", "rule_id", "line", "related"), CHANGING)
def test_codemod_matches_golden_fixed_file(tmp_path, case, rule_id, line, related):
    fixed = fix_one(tmp_path, case, rule_id, line, related=related)
    golden = CASES / f"{case}.fixed.py"
    if REGENERATE:
        golden.write_text(fixed or "")
    assert fixed is not None, "the codemod left the file unchanged"
    assert fixed == golden.read_text()
    compile(fixed, golden.name, "exec")


@pytest.mark.parametrize(("case", "rule_id", "line", "related"), CHANGING)
def test_codemod_is_idempotent_on_its_own_output(tmp_path, case, rule_id, line, related):
    golden = (CASES / f"{case}.fixed.py").read_text()
    (tmp_path / "app.py").write_text(golden)
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    anchor = _anchor_line(golden, (CASES / f"{case}.py").read_text().splitlines()[line - 1:])
    finding = make_finding(rule_id, "app.py", anchor, related, route=HEALTH_PATHS.get(case, ""))
    result = ScanResult(root=str(tmp_path), findings=(finding,))
    assert plan_fixes(result, unsafe=True).changes == ()


def _anchor_line(text: str, original: list[str]) -> int:
    """Where the finding would point in the fixed file: the handler's def line, or the app line."""
    wanted = next((line for line in original if line.lstrip().startswith(("def ", "async def "))), original[0])
    if not original[0].lstrip().startswith("@"):
        wanted = original[0]
    name = wanted.split("(")[0].replace("async ", "").strip()
    lines = text.splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.replace("async ", "").strip().startswith(name))


@pytest.mark.parametrize(("case", "rule_id", "line"), UNCHANGED)
def test_codemod_leaves_alone_what_it_cannot_or_need_not_fix(tmp_path, case, rule_id, line):
    assert fix_one(tmp_path, case, rule_id, line) is None


def test_unsafe_fixes_need_the_flag(tmp_path):
    (tmp_path / "app.py").write_text((CASES / "health_fastapi.py").read_text())
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    result = ScanResult(root=str(tmp_path), findings=(make_finding("PR101", "app.py", 13),))
    plan = plan_fixes(result, unsafe=False)
    assert plan.changes == ()
    assert [reason for _, reason in plan.not_fixed] == ["unsafe fix: rerun with --unsafe-fixes"]


def _real_readiness_at(path: str) -> Finding:
    return Finding(
        rule_id="PR104", slug="health-real", family="health", status="real", severity=Severity.NONE,
        message=f"`{path}` really checks its dependencies", location=Location("app.py", 30, 35),
        extra=(("path", path),),
    )


def test_a_liveness_path_is_not_fixed_when_the_kit_readiness_path_is_taken(tmp_path):
    (tmp_path / "app.py").write_text((CASES / "health_fastapi.py").read_text())
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    fake = make_finding("PR101", "app.py", 13, route="/health")
    plan = plan_fixes(ScanResult(root=str(tmp_path), findings=(fake, _real_readiness_at("/health/ready"))),
                      unsafe=True)
    assert plan.changes == ()
    assert [reason for _, reason in plan.not_fixed] == [
        "`/health` keeps liveness semantics (nothing shows which probe calls it) and readiness cannot move "
        "to `/health/ready`: `/health/ready` is served already"]


def test_a_path_a_readiness_probe_calls_keeps_readiness_and_mounts_no_probes_over_taken_paths(tmp_path):
    (tmp_path / "app.py").write_text((CASES / "health_fastapi.py").read_text())
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    fake = make_finding("PR101", "app.py", 13, route="/health")
    result = ScanResult(root=str(tmp_path), findings=(fake, _real_readiness_at("/health/ready")))
    plan = plan_fixes(result, unsafe=True, probe_kind_of=lambda path: "readiness" if path == "/health" else "unknown")
    fixed = plan.changes[0].updated.decode()
    assert "health_router" not in fixed and "return await readiness_response(health_registry)" in fixed
    assert plan.changes[0].diff().startswith(
        "# PR101 health-fake (unsafe fix): `/health` keeps readiness semantics (a readiness probe calls it): "
        "the endpoint starts answering 503")


def test_tracing_fix_skips_a_capability_that_is_present(tmp_path):
    assert fix_one(tmp_path, "tracing_fastapi", "PR301", 5, status="present") is None


def test_diff_names_the_rule_and_why_the_fix_is_unsafe(tmp_path):
    (tmp_path / "app.py").write_text((CASES / "tracing_fastapi.py").read_text())
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    result = ScanResult(root=str(tmp_path), findings=(make_finding("PR301", "app.py", 5),))
    diff = plan_fixes(result, unsafe=True).changes[0].diff()
    assert diff.startswith("# PR301 capability-tracing (unsafe fix): spans are exported")
    assert "+setup_tracing(app, service_name=\"order-service\")" in diff
