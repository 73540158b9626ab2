"""[tool.prodready] loading: walking up, every key, and the exact messages for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from prodready.model.config import DEFAULT_EXCLUDES, Config, ConfigError
from prodready.model.findings import Severity
from prodready.pipeline.configuration import load_config


def write_pyproject(directory: Path, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "pyproject.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults_when_no_pyproject_has_the_table(tmp_path: Path) -> None:
    write_pyproject(tmp_path, "[project]\nname = 'x'\n")
    assert load_config(tmp_path) == Config()


def test_walks_up_to_the_nearest_pyproject_with_the_table(tmp_path: Path) -> None:
    top = write_pyproject(tmp_path, '[tool.prodready]\nfail-on = "medium"\n')
    write_pyproject(tmp_path / "service", "[project]\nname = 'inner'\n")  # no table: keep walking
    deep = tmp_path / "service" / "src" / "app"
    deep.mkdir(parents=True)
    config = load_config(deep)
    assert config.source == str(top)
    assert config.fail_on is Severity.MEDIUM


def test_nearest_table_wins(tmp_path: Path) -> None:
    write_pyproject(tmp_path, '[tool.prodready]\nfail-on = "medium"\n')
    inner = write_pyproject(tmp_path / "service", '[tool.prodready]\nfail-on = "critical"\n')
    config = load_config(tmp_path / "service")
    assert (config.source, config.fail_on) == (str(inner), Severity.CRITICAL)


def test_every_key_is_parsed(tmp_path: Path) -> None:
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "payments.yaml").write_text("area: payments\n")
    write_pyproject(
        tmp_path,
        """
[tool.prodready]
select = ["config", "PR901"]
ignore = ["expired-suppression"]
severity = { PR901 = "medium", unused-suppression = "info" }
fail-on = "low"
exclude = ["vendor"]
extend-exclude = ["migrations"]
per-path-ignores = { "tests/**" = ["config"] }
packs = ["packs/payments.yaml"]
health-patterns = ["health", "probe"]
dev-route-words = ["qa"]
gate-names = ["FEATURE_QA"]
respect-gitignore = false

[[tool.prodready.waivers]]
rule = "PR901"
path = "legacy/*.py"
symbol = "legacy.handler"
reason = "owned by the legacy team"
""",
    )
    config = load_config(tmp_path)
    assert config.select == ("config", "PR901")
    assert config.ignore == ("expired-suppression",)
    assert config.severity_overrides == {"PR901": Severity.MEDIUM, "PR902": Severity.INFO}
    assert config.fail_on is Severity.LOW
    assert config.exclude == ("vendor",)
    assert config.extend_exclude == ("migrations",)
    assert config.per_path_ignores == {"tests/**": ("config",)}
    assert config.packs == (str((tmp_path / "packs" / "payments.yaml").resolve()),)
    assert config.health_patterns == ("health", "probe")
    assert config.dev_route_words == ("qa",)
    assert config.gate_names == ("FEATURE_QA",)
    assert config.respect_gitignore is False
    assert config.waivers == (
        {"rule": "PR901", "path": "legacy/*.py", "symbol": "legacy.handler", "reason": "owned by the legacy team"},
    )


def test_unset_keys_keep_defaults(tmp_path: Path) -> None:
    write_pyproject(tmp_path, '[tool.prodready]\nextend-exclude = ["gen"]\n')
    assert load_config(tmp_path).exclude == DEFAULT_EXCLUDES


def test_explicit_file_is_read_instead_of_searching(tmp_path: Path) -> None:
    write_pyproject(tmp_path, '[tool.prodready]\nfail-on = "medium"\n')
    other = write_pyproject(tmp_path / "ci", '[tool.prodready]\nfail-on = "info"\n')
    assert load_config(tmp_path, other).fail_on is Severity.INFO


def test_explicit_file_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path, tmp_path / "nope.toml")
    assert str(error.value) == f"--config: file not found: {tmp_path / 'nope.toml'}"


BAD_VALUES = [
    (
        'fail-on = "hgh"',
        "[tool.prodready] key 'fail-on': expected one of critical, high, medium, low, info, none, got 'hgh'",
    ),
    (
        'selct = ["PR101"]',
        "[tool.prodready] unknown key 'selct' (expected one of: deploy-files, dev-route-words, exclude, extend-exclude, "
        "fail-on, gate-names, health-patterns, ignore, min-confidence, non-production, packs, per-path-ignores, "
        "production, profile, respect-gitignore, select, severity, waivers); did you mean 'select'?",
    ),
    (
        'select = ["PR999"]',
        "[tool.prodready] key 'select': expected a rule id, slug or family (see `prodready rules`), got 'PR999'",
    ),
    ('ignore = "config"', "[tool.prodready] key 'ignore': expected an array of non-empty strings, got 'config'"),
    (
        'severity = { PR901 = "urgent" }',
        "[tool.prodready] key 'severity.PR901': expected one of critical, high, medium, low, info, none, got 'urgent'",
    ),
    (
        'severity = { config = "low" }',
        "[tool.prodready] key 'severity.config': expected a rule id or slug (see `prodready rules`), got 'config'",
    ),
    (
        'per-path-ignores = { "tests/**" = ["nosuchrule"] }',
        "[tool.prodready] key 'per-path-ignores.tests/**': expected a rule id, slug or family "
        "(see `prodready rules`), got 'nosuchrule'",
    ),
    ("respect-gitignore = 1", "[tool.prodready] key 'respect-gitignore': expected true or false, got 1"),
    ('fail-on = "none"', "[tool.prodready] key 'fail-on': expected one of critical, high, medium, low, info, got 'none'"),
    (
        'packs = ["missing.yaml"]',
        "[tool.prodready] key 'packs': expected pack files that exist (relative to {dir}), got 'missing.yaml'",
    ),
    (
        'waivers = [{ rule = "PR901", path = "a.py" }]',
        "[tool.prodready] key 'waivers[0].reason': expected a non-empty string, got None",
    ),
    (
        'waivers = [{ rule = "PR901", path = "a.py", reason = "r", owner = "me" }]',
        "[tool.prodready] key 'waivers[0]': expected only the keys path, reason, rule, symbol, got 'owner'",
    ),
]


@pytest.mark.parametrize(("line", "message"), BAD_VALUES)
def test_bad_values_name_file_key_and_expectation(tmp_path: Path, line: str, message: str) -> None:
    path = write_pyproject(tmp_path, f"[tool.prodready]\n{line}\n")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert str(error.value) == f"{path}: " + message.format(dir=tmp_path)


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    path = write_pyproject(tmp_path, "[tool.prodready\n")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert str(error.value).startswith(f"{path}: cannot read TOML: ")


def test_a_tool_key_that_is_not_a_table_is_a_config_error(tmp_path: Path) -> None:
    path = write_pyproject(tmp_path, "tool = 1\n")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert str(error.value) == f"{path}: [tool] must be a table"
