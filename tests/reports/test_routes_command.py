"""`prodready routes`: golden table and JSON on fixtures, and its errors (run as a user runs it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURES = ("flask_service", "gated_test_routes", "django_shop")


def run_routes(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m prodready routes ...` with its output piped, as in CI."""
    return subprocess.run([sys.executable, "-m", "prodready", "routes", *args, "--no-cache"],
                          capture_output=True, text=True, check=False, cwd=REPO)


def check_golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("PRODREADY_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"differs from {golden.name} (review, then PRODREADY_UPDATE_GOLDEN=1)"


@pytest.mark.parametrize("fixture", FIXTURES)
def test_table_matches_golden(fixture: str) -> None:
    completed = run_routes(f"fixtures/{fixture}")
    assert completed.returncode == 0, completed.stderr
    assert all(line == line.rstrip() for line in completed.stdout.splitlines())
    check_golden(f"routes_{fixture}.txt", completed.stdout)


@pytest.mark.parametrize("fixture", FIXTURES)
def test_json_matches_golden(fixture: str) -> None:
    completed = run_routes(f"fixtures/{fixture}", "--format", "json")
    assert completed.returncode == 0, completed.stderr
    document = json.loads(completed.stdout)
    assert document["root"] == str(REPO / "fixtures" / fixture)
    document["root"] = f"fixtures/{fixture}"
    check_golden(f"routes_{fixture}.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def test_unmounted_and_commented_out_routes_say_so() -> None:
    document = json.loads(run_routes("fixtures/gated_test_routes", "--format", "json").stdout)
    by_path = {r["path"]: r for r in document["routes"]}
    assert by_path["/demo/seed"]["mount"] == "not mounted"
    assert by_path["/testing/token"]["gates"][0]["expression"] == 'settings.ENVIRONMENT == "development"'
    assert by_path["/status"]["health"] == "fake"


def test_unknown_format_and_missing_path_exit_2() -> None:
    assert run_routes("fixtures/flask_service", "--format", "xml").returncode == 2
    completed = run_routes("no/such/dir")
    assert completed.returncode == 2
    assert "path does not exist" in completed.stderr
