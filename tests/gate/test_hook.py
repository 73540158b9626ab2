"""`prodready hook FILES`: the whole project analysed, only findings touching FILES reported."""

from __future__ import annotations

from pathlib import Path

from tests.cli.support import prodready, write_tree

ROUTES = '''from fastapi import APIRouter

router = APIRouter(prefix="/debug")


@router.get("/state")
def dump_state():
    return {"ok": True}
'''
MAIN = '''from fastapi import FastAPI

from app import debug

app = FastAPI()
app.include_router(debug.router)
'''
OTHER = "def add(a, b):\n    return a + b\n"


def project(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "svc", {"app/__init__.py": "", "app/debug.py": ROUTES, "app/main.py": MAIN,
                                         "app/util.py": OTHER})


def finding_lines(stdout: str) -> list[str]:
    return [line.split(" ", 2)[0] + " " + line.split(" ", 2)[1] for line in stdout.splitlines() if ": PR" in line]


def test_a_staged_mount_reports_the_route_it_exposes(tmp_path: Path) -> None:
    root = project(tmp_path)
    # the route is in debug.py, its mount (a related location) in main.py: staging either reports it
    for staged in ("app/debug.py", "app/main.py"):
        result = prodready("hook", staged, "--no-cache", "--select", "exposure", cwd=root)
        assert result.returncode == 1, result.stderr
        assert finding_lines(result.stdout) == ["app/debug.py:6:1: PR201"], result.stdout


def test_other_staged_files_report_nothing(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = prodready("hook", "app/util.py", "--no-cache", cwd=root)
    assert (result.returncode, result.stdout) == (0, "No findings.\n")


def test_files_are_read_relative_to_the_current_directory_and_root(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = prodready("hook", "--root", "svc", "svc/app/debug.py", "../outside.py", "--no-cache",
                       "--select", "exposure", cwd=tmp_path)
    assert finding_lines(result.stdout) == ["svc/app/debug.py:6:1: PR201"], result.stdout
    assert root.is_dir()
