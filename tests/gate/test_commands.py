"""`prodready rules`, `explain` and `init` through the CLI."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from prodready.cli import app
from prodready.model.config import Config
from prodready.pipeline.configuration import load_config
from prodready.rules.base import Rule

runner = CliRunner()


def test_rules_lists_every_registered_rule() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for rule in Rule.registry.values():
        assert rule.id in result.stdout and rule.slug in result.stdout
    assert re.search(r"PR902 │ unused-suppression +│ config +│ low +│ no ", result.stdout)


def test_rules_family_filter_and_unknown_family() -> None:
    result = runner.invoke(app, ["rules", "--family", "config"])
    assert result.exit_code == 0
    assert "PR903" in result.stdout and "PRX01" not in result.stdout
    result = runner.invoke(app, ["rules", "--family", "nope"])
    assert result.exit_code == 2
    assert "error: no rules in family 'nope' (families: " in result.stderr


def test_explain_by_id_and_slug_prints_every_section() -> None:
    by_id = runner.invoke(app, ["explain", "PR903"])
    by_slug = runner.invoke(app, ["explain", "expired-suppression"])
    assert by_id.exit_code == by_slug.exit_code == 0
    assert by_id.stdout == by_slug.stdout
    text = by_id.stdout
    assert text.startswith("# PR903 expired-suppression\n\nfamily: config · status: expired · default severity: low")
    for heading in ("## What it finds", "## Why it matters", "## Example", "## Use instead", "## Fix"):
        assert heading in text
    assert "# prodready: ignore[PR101] until=2020-01-31 readiness lands with the DB migration" in text


def test_explain_unknown_rule_suggests_close_matches() -> None:
    result = runner.invoke(app, ["explain", "unused-supression"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown rule 'unused-supression'. Did you mean: unused-suppression")
    result = runner.invoke(app, ["explain", "zzzz"])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown rule 'zzzz'. See `prodready rules`.\n"


def test_init_appends_a_table_that_loads_as_the_defaults(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "svc"\n')
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote [tool.prodready] to {pyproject}\n"
    text = pyproject.read_text()
    assert text.startswith('[project]\nname = "svc"\n\n[tool.prodready]\n# Lowest severity')
    assert load_config(tmp_path) == Config(source=str(pyproject))


def test_init_refuses_when_the_table_exists(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.prodready]\nfail-on = "low"\n')
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {pyproject} already has a [tool.prodready] table; edit it instead\n"
    assert pyproject.read_text() == '[tool.prodready]\nfail-on = "low"\n'


def test_init_creates_pyproject_or_prints(tmp_path: Path) -> None:
    printed = runner.invoke(app, ["init", "--stdout"])
    assert printed.exit_code == 0 and printed.stdout.startswith("[tool.prodready]\n")
    created = runner.invoke(app, ["init", str(tmp_path)])
    assert created.exit_code == 0
    assert (tmp_path / "pyproject.toml").read_text() == printed.stdout


def test_init_on_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.stderr == f"error: not a directory: {tmp_path / 'nope'}\n"
