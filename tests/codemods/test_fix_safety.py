"""Fix safety: nothing outside the root, nothing over a file changed since the scan, no bad parse."""

from __future__ import annotations

import os
from pathlib import Path

from prodready.codemods.runner import FileChange, FixPlan, compile_problem, plan_fixes, verify_plan, write_plan
from prodready.model.findings import Finding, Location, ScanResult, Severity
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from tests.conftest import FIXTURES

TRACING_APP = "from fastapi import FastAPI\n\napp = FastAPI(title=\"Orders\")\n"
REQUIREMENTS = "fastapi>=0.110\n"


def tracing_finding(path: str) -> Finding:
    return Finding(
        rule_id="PR301", slug="capability-tracing", family="capability", status="missing",
        severity=Severity.LOW, message="no tracing", location=Location(path, 3, 3),
    )


def test_a_file_reached_through_a_symlink_leaving_the_root_is_never_planned_or_written(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "app.py").write_text(TRACING_APP)
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(outside / "app.py", root / "app.py")
    plan = plan_fixes(ScanResult(root=str(root), findings=(tracing_finding("app.py"),)), unsafe=True)
    assert plan.changes == ()
    assert [reason for _, reason in plan.not_fixed] == ["app.py resolves outside the scanned root"]
    assert (outside / "app.py").read_text() == TRACING_APP


def test_a_file_modified_after_the_scan_is_skipped_with_a_message(tmp_path):
    (tmp_path / "app.py").write_text(TRACING_APP)
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    plan = plan_fixes(ScanResult(root=str(tmp_path), findings=(tracing_finding("app.py"),)), unsafe=True)
    (tmp_path / "app.py").write_text(TRACING_APP + "# edited meanwhile\n")
    written, skipped = write_plan(plan, tmp_path)
    assert written == []
    assert skipped == ["app.py: modified since the scan; not written (run prodready fix again)",
                       "requirements.txt: not written, its fixes also change a file that was not"]
    assert (tmp_path / "requirements.txt").read_text() == REQUIREMENTS
    assert (tmp_path / "app.py").read_text().endswith("# edited meanwhile\n")


def test_writes_keep_the_file_mode_and_leave_no_temporary_files(tmp_path):
    target = tmp_path / "app.py"
    target.write_text(TRACING_APP)
    target.chmod(0o640)
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    plan = plan_fixes(ScanResult(root=str(tmp_path), findings=(tracing_finding("app.py"),)), unsafe=True)
    assert write_plan(plan, tmp_path) == (["app.py", "requirements.txt"], [])
    assert "setup_tracing(app, service_name=\"orders\")" in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.py", "requirements.txt"]


def test_non_utf8_source_keeps_its_encoding_and_every_other_byte(tmp_path):
    source = "# -*- coding: latin-1 -*-\nfrom fastapi import FastAPI\n\napp = FastAPI()  # caf\xe9\n"
    (tmp_path / "app.py").write_bytes(source.encode("latin-1"))
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    finding = tracing_finding("app.py")
    finding = Finding(**{**finding.__dict__, "location": Location("app.py", 4, 4)})
    plan = plan_fixes(ScanResult(root=str(tmp_path), findings=(finding,)), unsafe=True)
    updated = plan.changes[0].updated
    assert updated.decode("latin-1").startswith("# -*- coding: latin-1 -*-\nfrom fastapi import FastAPI\n")
    assert "app = FastAPI()  # caf\xe9\n".encode("latin-1") in updated


def test_a_result_that_would_not_compile_is_refused_with_the_reason():
    assert compile_problem("app.py", b"def ok():\n    return 1\n") is None
    assert compile_problem("app.py", b"def broken(:\n").startswith("the fixed file would not compile")
    repeated = b"f(a=1, a=2)\n"  # parses, but the compiler rejects it
    assert compile_problem("app.py", repeated).startswith("the fixed file would not compile")


def test_verification_never_writes_through_a_symlink_into_the_real_tree(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "app.py").write_text(TRACING_APP)
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(real / "app.py", root / "app.py")
    change = FileChange("app.py", TRACING_APP.encode(), b"# changed in the copy only\n", ())
    seen: list[str] = []

    def rescan(copy: Path) -> ScanResult:
        seen.append((copy / "app.py").read_text())
        return ScanResult(root=str(copy), findings=())

    assert verify_plan(FixPlan((change,), ()), ScanResult(root=str(root), findings=()), rescan) == []
    assert seen == ["# changed in the copy only\n"]
    assert (real / "app.py").read_text() == TRACING_APP


def test_handlers_of_frameworks_the_kit_has_no_adapter_for_are_left_alone():
    """A fake health handler or a dev route in Litestar, Tornado or Quart is reported, not rewritten
    into FastAPI or Flask code that would not run there."""
    for fixture, title in (("litestar_service", "Litestar"), ("tornado_service", "Tornado"), ("quart_service", "Quart")):
        result = scan(ScanOptions(root=FIXTURES / fixture, use_cache=False, jobs=1))
        plan = plan_fixes(result, select=("PR101", "PR201"), unsafe=True)
        assert plan.changes == (), fixture
        reason = f"{title} code is not rewritten: the fixes are written for FastAPI, Starlette and Flask"
        assert {(f.rule_id, why) for f, why in plan.not_fixed} == {("PR101", reason), ("PR201", reason)}
