"""Golden diffs of `prodready fix` on small services, one per kind of manifest, with ruff as the
judge of import order, line length and formatting before and after the fix."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from prodready.codemods.runner import plan_fixes, write_plan
from prodready.model.findings import ScanResult
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan

PROJECTS = Path(__file__).parent / "projects"
GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("PRODREADY_REGENERATE_GOLDEN") == "1"
RUFF = Path(sys.executable).with_name("ruff")
FIXED = ["requirements_append", "requirements_merge", "pyproject_project", "pyproject_poetry", "setup_cfg"]


def copy_of(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(PROJECTS / name, root)
    return root


def scanned(root: Path) -> ScanResult:
    return scan(ScanOptions(root=root, use_cache=False, jobs=1))


def ruff(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RUFF), *arguments, "--no-cache", "."], cwd=root, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("name", FIXED)
def test_fix_diff_matches_golden(name, tmp_path):
    plan = plan_fixes(scanned(copy_of(name, tmp_path)), unsafe=True)
    diff = "".join(change.diff() for change in plan.changes)
    golden = GOLDEN / f"{name}.diff"
    if REGENERATE:
        golden.write_text(diff)
    assert plan.not_fixed == ()
    assert diff == golden.read_text()


@pytest.mark.parametrize("name", FIXED)
def test_fixed_files_keep_ruffs_import_order_line_length_and_format(name, tmp_path):
    root = copy_of(name, tmp_path)
    for check in (("check", "--select", "I,E501"), ("format", "--check")):
        assert ruff(root, *check).returncode == 0, f"the input is not clean: {ruff(root, *check).stdout}"
    plan = plan_fixes(scanned(root), unsafe=True)
    written, skipped = write_plan(plan, root)
    assert skipped == [] and len(written) == 2
    for check in (("check", "--select", "I,E501"), ("format", "--check")):
        result = ruff(root, *check)
        assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("name", FIXED)
def test_the_edited_manifest_declares_the_kit_and_still_parses(name, tmp_path):
    root = copy_of(name, tmp_path)
    write_plan(plan_fixes(scanned(root), unsafe=True), root)
    if (root / "setup.cfg").is_file():
        parser = configparser.ConfigParser()
        parser.read(root / "setup.cfg")
        declared = parser.get("options", "install_requires").split()
    elif (root / "pyproject.toml").is_file():
        data = tomllib.loads((root / "pyproject.toml").read_text())
        poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
        declared = data.get("project", {}).get("dependencies", []) or [
            f"prodready-kit[{','.join(poetry['prodready-kit']['extras'])}]"]
    else:
        declared = (root / "requirements.txt").read_text().splitlines()
    kit = [line for line in declared if line.startswith("prodready-kit[")]
    assert len(kit) == 1 and ("fastapi" in kit[0] or "flask" in kit[0]) and "tracing" in kit[0]


def test_fixing_the_fixed_service_finds_nothing_left(tmp_path):
    root = copy_of("pyproject_project", tmp_path)
    write_plan(plan_fixes(scanned(root), unsafe=True), root)
    again = plan_fixes(scanned(root), unsafe=True)
    assert (again.changes, again.not_fixed) == ((), ())
