"""Fix safety: nothing outside the root, nothing over a file changed since the scan, no bad parse."""

from __future__ import annotations

import os
from pathlib import Path

from prodready.codemods.runner import FileChange, FixPlan, plan_fixes, verify_plan, write_plan
from prodready.scanner.findings import Finding, Location, ScanResult, Severity

TRACING_APP = "from fastapi import FastAPI\n\napp = FastAPI(title=\"Orders\")\n"


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
    plan = plan_fixes(ScanResult(root=str(tmp_path), findings=(tracing_finding("app.py"),)), unsafe=True)
    (tmp_path / "app.py").write_text(TRACING_APP + "# edited meanwhile\n")
    written, skipped = write_plan(plan, tmp_path)
    assert written == []
    assert skipped == ["app.py: modified since the scan; not written (run prodready fix again)"]
    assert (tmp_path / "app.py").read_text().endswith("# edited meanwhile\n")


def test_writes_keep_the_file_mode_and_leave_no_temporary_files(tmp_path):
    target = tmp_path / "app.py"
    target.write_text(TRACING_APP)
    target.chmod(0o640)
    plan = plan_fixes(ScanResult(root=str(tmp_path), findings=(tracing_finding("app.py"),)), unsafe=True)
    assert write_plan(plan, tmp_path) == (["app.py"], [])
    assert "setup_tracing(app, service_name=\"orders\")" in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.py"]


def test_non_utf8_source_keeps_its_encoding_and_every_other_byte(tmp_path):
    source = "# -*- coding: latin-1 -*-\nfrom fastapi import FastAPI\n\napp = FastAPI()  # caf\xe9\n"
    (tmp_path / "app.py").write_bytes(source.encode("latin-1"))
    finding = tracing_finding("app.py")
    finding = Finding(**{**finding.__dict__, "location": Location("app.py", 4, 4)})
    plan = plan_fixes(ScanResult(root=str(tmp_path), findings=(finding,)), unsafe=True)
    updated = plan.changes[0].updated
    assert updated.decode("latin-1").startswith("# -*- coding: latin-1 -*-\nfrom fastapi import FastAPI\n")
    assert "app = FastAPI()  # caf\xe9\n".encode("latin-1") in updated


def test_verification_refuses_a_change_that_does_not_parse(tmp_path):
    (tmp_path / "app.py").write_text(TRACING_APP)
    broken = FileChange("app.py", TRACING_APP.encode(), b"def broken(:\n", ())
    problems = verify_plan(FixPlan((broken,), ()), ScanResult(root=str(tmp_path), findings=()), rescan=None)
    assert len(problems) == 1 and problems[0].startswith("app.py: the fixed file does not parse")
