"""`prodready scan` output as CI logs and editors read it: the concise format, the default format
by context, excerpts that say when they are cut, and the errors for input that holds no code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.support import REPO_ROOT, golden, prodready, write_tree

LONG_HANDLER = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get(\"/health\")\ndef health():\n" + "".join(
    f"    step_{n} = {n}\n" for n in range(20)
) + '    return {"status": "healthy", "db_connected": True}\n'


def test_concise_golden_on_the_oms_fixture() -> None:
    result = prodready("scan", "fixtures/oms_monolith", "--format", "concise", "--no-cache", cwd=REPO_ROOT)
    assert result.returncode == 1, result.stderr
    golden("oms_concise.txt", result.stdout)
    for line in result.stdout.splitlines()[:-1]:
        assert re.fullmatch(r"fixtures/oms_monolith/[\w/]+\.py:\d+:\d+: PR\d{3} \[(critical|high|medium|low|info)\] .+",
                            line), line
    assert result.stdout.splitlines()[-1] == "Found 7 findings."


def test_readme_shows_the_concise_output_as_it_is() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ prodready scan fixtures/oms_monolith --format concise\n", 1)[1].split("```", 1)[0]
    assert block == (Path(__file__).parent / "golden" / "oms_concise.txt").read_text(encoding="utf-8")
    first_screen = "\n".join(readme.splitlines()[:45])
    assert "--format concise" in first_screen and "# Enterprise Features Scan Report" in first_screen
    excerpt = readme.split("```markdown\n", 1)[1].split("```", 1)[0]
    report = (REPO_ROOT / "tests" / "reports" / "golden" / "oms_monolith.md").read_text(encoding="utf-8")
    assert all(line in report.splitlines() for line in excerpt.splitlines())


def test_concise_paths_are_relative_to_the_current_directory(tmp_path: Path) -> None:
    write_tree(tmp_path / "svc", {"main.py": LONG_HANDLER})
    inside = prodready("scan", ".", "-f", "concise", "--select", "PR101", "--no-cache", cwd=tmp_path / "svc")
    above = prodready("scan", "svc", "-f", "concise", "--select", "PR101", "--no-cache", cwd=tmp_path)
    assert inside.stdout.splitlines()[0].startswith("main.py:6:1: PR101 [high] ")
    assert above.stdout.splitlines()[0].startswith("svc/main.py:6:1: PR101 [high] ")


def test_default_format_is_concise_in_ci_when_piped_and_the_report_otherwise(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.py": LONG_HANDLER})
    in_ci = prodready("scan", ".", "--no-cache", cwd=tmp_path, env={"CI": "true"})
    assert in_ci.stdout.splitlines()[0].startswith("main.py:3:1: PR301 [low] ")
    local = prodready("scan", ".", "--no-cache", cwd=tmp_path)
    assert "Summary" in local.stdout and "HIGH PR101 health-fake [fake]" in local.stdout
    assert [line for line in local.stdout.splitlines() if line != line.rstrip()] == []  # no padding on a pipe


def test_excerpts_are_cut_at_12_lines_and_say_so_unless_full(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.py": LONG_HANDLER})
    short = prodready("scan", ".", "--no-cache", "--select", "PR101", cwd=tmp_path).stdout
    numbered = [line for line in short.splitlines() if re.match(r"\s+\d+ ", line)]
    assert len(numbered) == 12 and numbered[-1].split()[0] == "17"
    assert "    … 11 more lines" in short.splitlines()
    full = prodready("scan", ".", "--no-cache", "--select", "PR101", "--show-source", "full", cwd=tmp_path).stdout
    assert len([line for line in full.splitlines() if re.match(r"\s+\d+ ", line)]) == 23 and "more line" not in full
    hidden = prodready("scan", ".", "--no-cache", "--select", "PR101", "--show-source", "none", cwd=tmp_path).stdout
    assert not [line for line in hidden.splitlines() if re.match(r"\s+\d+ ", line)]


def test_a_directory_without_python_files_is_a_usage_error(tmp_path: Path) -> None:
    write_tree(tmp_path / "docs", {"index.md": "# nothing to scan\n"})
    empty = prodready("scan", "docs", cwd=tmp_path)
    assert (empty.returncode, empty.stdout) == (2, "")
    assert empty.stderr == "error: no Python files found under docs (--allow-empty accepts an empty scan)\n"
    allowed = prodready("scan", "docs", "--allow-empty", "-f", "concise", cwd=tmp_path)
    assert (allowed.returncode, allowed.stdout) == (0, "No findings.\n")


def test_a_single_non_python_file_is_a_usage_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"README.md": "# service\n", "app.py": "x = 1\n"})
    result = prodready("scan", "README.md", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", "error: not a Python file: README.md\n")
    assert prodready("scan", "app.py", "--allow-empty", "-f", "concise", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("flag, value, message", [
    ("--format", "text", "unknown format 'text' (choose from: concise, github, gitlab, html, json, junit, markdown, sarif, terminal)"),
    ("--fail-on", "severe", "unknown severity 'severe' (choose from: critical, high, medium, low, info)"),
    ("--profile", "strict", "unknown profile 'strict' (choose from: default, enterprise)"),
])
def test_a_bad_choice_names_the_possible_values(tmp_path: Path, flag: str, value: str, message: str) -> None:
    write_tree(tmp_path, {"app.py": "x = 1\n"})
    result = prodready("scan", ".", flag, value, cwd=tmp_path)
    assert result.returncode == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())
