"""Opinions are opt-in: licensing and clustering (PR302, PR303) run only with the enterprise
profile or when selected; tracing (PR301) always runs; reports say which areas were not checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from prodready.model.config import Config, ConfigError
from prodready.pipeline.configuration import load_config
from prodready.reports.base import load_renderers
from tests.conftest import scan_project

APP = "from fastapi import FastAPI\n\napp = FastAPI()\n"


def capability_ids(result) -> list[str]:
    return sorted(f.rule_id for f in result.findings if f.family == "capability")


@pytest.mark.parametrize("config, expected, unchecked", [
    (Config(), ["PR301"], (("licensing", "PR302"), ("clustering", "PR303"))),
    (Config(profile="enterprise"), ["PR301", "PR302", "PR303"], ()),
    (Config(select=("PR302",)), ["PR302"], (("clustering", "PR303"),)),
    (Config(select=("capability",)), ["PR301", "PR302", "PR303"], ()),
    (Config(select=("capability-clustering", "health")), ["PR303"], (("licensing", "PR302"),)),
])
def test_profile_and_selection(tmp_path: Path, config: Config, expected: list[str], unchecked: tuple) -> None:
    result = scan_project(tmp_path / "svc", {"app.py": APP}, config)
    assert capability_ids(result) == expected
    assert result.not_checked == unchecked


def test_profile_key_is_validated(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.prodready]\nprofile = "enterprise"\n')
    assert load_config(tmp_path).profile == "enterprise"
    (tmp_path / "pyproject.toml").write_text('[tool.prodready]\nprofile = "strict"\n')
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert str(raised.value).endswith("key 'profile': expected one of default, enterprise, got 'strict'")


def test_a_suppression_of_a_rule_the_profile_left_off_is_not_unused(tmp_path: Path) -> None:
    source = "from fastapi import FastAPI\n\n# prodready: ignore[PR302] licensing is sold separately\napp = FastAPI()\n"
    result = scan_project(tmp_path / "svc", {"app.py": source})
    assert [f.rule_id for f in result.findings if f.rule_id in ("PR302", "PR902")] == []
    enterprise = scan_project(tmp_path / "svc2", {"app.py": source}, Config(profile="enterprise"))
    assert [(f.rule_id, f.suppressed) for f in enterprise.findings if f.rule_id in ("PR302", "PR902")] == [
        ("PR302", True)]


def test_reports_say_not_checked_rather_than_not_found(tmp_path: Path) -> None:
    result = scan_project(tmp_path / "svc", {"app.py": APP})
    renderers = load_renderers()
    markdown = renderers["markdown"].render(result)
    assert markdown.count("\n## ") >= 9
    assert ("## 8. Enterprise Licensing\n**Status**: Not checked (profile) - runs with `profile = \"enterprise\"` "
            "in [tool.prodready] or `--select PR302`\n") in markdown
    assert "### Distributed Tracing\n**Status**: Not found" in markdown
    html = renderers["html"].render(result)
    assert html.count('data-status="unchecked"') == 2 and 'class="badge status-unchecked">Not checked (profile)' in html
    terminal = renderers["terminal"].render(result)
    assert "│ not checked (profile) │ Enterprise Licensing, Clustering Features │" in terminal
