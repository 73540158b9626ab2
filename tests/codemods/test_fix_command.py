"""`prodready fix` as users run it: exit codes, what it prints, the files on disk, a second run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PROJECTS = Path(__file__).parent / "projects"


def prodready(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "prodready", *arguments], capture_output=True, text=True,
                          timeout=300)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def copy_of(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(PROJECTS / name, root)
    return root


def test_preview_write_and_a_second_run_that_finds_nothing_left(tmp_path):
    root = copy_of("requirements_merge", tmp_path)
    before = files(root)
    preview = prodready("fix", str(root))
    assert preview.returncode == 1
    assert "+prodready-kit[fastapi,redis,tracing,tracing-instrumentations]>=0.1" in preview.stdout
    assert files(root) == before
    written = prodready("fix", str(root), "--write", "--unsafe-fixes")
    assert (written.returncode, written.stderr) == (0, "Fixed 2 finding(s) in 2 file(s).\n")
    changed = {path for path, data in files(root).items() if before.get(path) != data}
    assert changed == {"billing/app.py", "requirements.txt"}
    after = files(root)
    for arguments in ((), ("--write", "--unsafe-fixes")):
        again = prodready("fix", str(root), *arguments)
        assert (again.returncode, again.stdout, again.stderr) == (0, "", "Nothing to fix.\n")
    assert files(root) == after


def test_a_service_without_a_manifest_is_told_what_to_add_and_nothing_is_written(tmp_path):
    root = copy_of("no_manifest", tmp_path)
    before = files(root)
    result = prodready("fix", str(root), "--write", "--unsafe-fixes")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "app.py:5: PR301 not fixed: the fix imports prodready_kit, but no dependency manifest was found "
        "(requirements*.txt, pyproject.toml, setup.cfg): add `prodready-kit[tracing,tracing-instrumentations]>=0.1` "
        "to the service's dependencies, then run prodready fix again",
        "Nothing that can be fixed automatically.",
    ]
    assert files(root) == before


def test_a_setup_py_service_is_told_to_add_the_kit_to_install_requires(tmp_path):
    root = copy_of("setup_py", tmp_path)
    before = files(root)
    result = prodready("fix", str(root))
    assert result.returncode == 0
    assert ("add `prodready-kit[tracing,tracing-instrumentations]>=0.1` to install_requires in setup.py, "
            "then run prodready fix again") in result.stderr
    assert "only setup.py declares the dependencies, and it is not edited automatically" in result.stderr
    assert files(root) == before
