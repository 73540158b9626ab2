"""What ruff and semgrep users expect of any CLI: --version and -V, -h beside --help, the possible
values of every fixed-choice option in --help, shell completion."""

from __future__ import annotations

import enum
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest
import typer
from typer.testing import CliRunner

import prodready
from prodready.cli import PossibleValuesCommand, _with_possible_values
from tests.cli.support import golden, prodready as run


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str, tmp_path: Path) -> None:
    result = run(flag, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"prodready {prodready.__version__}\n", "")


def test_short_help_is_long_help_for_the_app_and_its_commands(tmp_path: Path) -> None:
    for command in ([], ["scan"], ["hook"], ["rules"]):
        short, long = run(*command, "-h", cwd=tmp_path), run(*command, "--help", cwd=tmp_path)
        assert short.returncode == long.returncode == 0
        assert short.stdout == long.stdout and "Usage: prodready" in short.stdout


def test_scan_help_golden(tmp_path: Path) -> None:
    result = run("scan", "--help", cwd=tmp_path)
    assert result.returncode == 0
    golden("scan_help.txt", result.stdout)
    text = " ".join(result.stdout.replace("│", " ").split())
    assert "[possible values: concise, github, gitlab, html, json, junit, markdown, sarif, terminal]" in text
    assert "[possible values: critical, high, medium, low, info]" in text
    assert "[possible values: default, enterprise]" in text
    assert "[possible values: short, full, none]" in text


class Confidence(str, enum.Enum):
    """An option declared as another command might (issue 13's --min-confidence)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


def test_any_command_with_an_enum_or_literal_option_lists_its_values() -> None:
    app = typer.Typer()

    @app.command()
    def demo(
        min_confidence: Confidence = typer.Option(Confidence.LOW, help="Lowest confidence reported."),
        order: Literal["path", "severity"] = typer.Option("path", help="Sort order."),
    ) -> None:
        """A command registered like prodready's."""

    @app.command()
    def other() -> None:
        """A second command, so the app is a group."""

    _with_possible_values(app)
    assert {info.cls for info in app.registered_commands} == {PossibleValuesCommand}
    result = CliRunner().invoke(app, ["demo", "--help"], env={"TERMINAL_WIDTH": "120"})
    text = " ".join(result.stdout.replace("│", " ").split())
    assert "Lowest confidence reported. [possible values: high, medium, low]" in text
    assert "Sort order. [possible values: path, severity]" in text


def test_shell_completion_completes_commands_and_choices(tmp_path: Path) -> None:
    commands = run(cwd=tmp_path, env={"_PRODREADY_COMPLETE": "complete_bash", "COMP_WORDS": "prodready sc",
                                      "COMP_CWORD": "1"})
    assert commands.stdout.split() == ["scan"]
    formats = run(cwd=tmp_path, env={"_PRODREADY_COMPLETE": "complete_bash",
                                     "COMP_WORDS": "prodready scan --fail-on ", "COMP_CWORD": "3"})
    assert formats.stdout.split() == ["critical", "high", "medium", "low", "info"]
    # Typer detects the shell from the parent processes, so the command is started from bash, as a user's
    # terminal would; `exit $?` keeps bash from exec-ing it and so out of the process tree.
    script = subprocess.run(["bash", "-c", f'"{sys.executable}" -m prodready --show-completion; exit $?'],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert script.returncode == 0 and "_prodready_completion()" in script.stdout
