"""The requirement a fix adds names the kit's real extras and version (kit/pyproject.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from prodready.codemods.kit_dependency import KIT_DISTRIBUTION, KIT_VERSION_FLOOR, MODULE_EXTRAS, NAME_EXTRAS

KIT = Path(__file__).resolve().parents[2] / "kit"


def test_every_extra_a_fix_names_is_one_of_the_kits_extras():
    project = tomllib.loads((KIT / "pyproject.toml").read_text())["project"]
    named = {extra for extras in (*MODULE_EXTRAS.values(), *NAME_EXTRAS.values()) for extra in extras}
    assert named <= set(project["optional-dependencies"])
    assert project["name"] == KIT_DISTRIBUTION


def test_the_version_floor_is_the_kits_version():
    version = tomllib.loads((KIT / "pyproject.toml").read_text())["project"]["version"]
    assert version.startswith(f"{KIT_VERSION_FLOOR}.") or version == KIT_VERSION_FLOOR


def test_every_kit_module_and_name_the_table_knows_exists():
    source = KIT / "src"
    for module in MODULE_EXTRAS:
        parts = module.split(".")
        assert source.joinpath(*parts).with_suffix(".py").is_file() or source.joinpath(*parts).is_dir(), module
    for module, name in NAME_EXTRAS:
        text = source.joinpath(*module.split(".")).with_suffix(".py").read_text()
        assert f"def {name}(" in text, (module, name)
