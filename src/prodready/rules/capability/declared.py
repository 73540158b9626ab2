"""Which distributions a manifest really declares: only its dependency fields, read with a parser
(tomllib for pyproject.toml and Pipfile, configparser for setup.cfg)."""

from __future__ import annotations

import configparser
import re
import tomllib
from typing import Any, Iterable

_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_SEPARATORS = re.compile(r"[-_.]+")


def normalise(name: str) -> str:
    """PEP 503 normalised distribution name."""
    return _SEPARATORS.sub("-", name).lower()


def _requirement_names(requirements: Any) -> list[str]:
    """Names of PEP 508 requirement strings (non-strings, like `{include-group = ...}`, skipped)."""
    if not isinstance(requirements, list):
        return []
    found = [_REQUIREMENT_NAME.match(r) for r in requirements if isinstance(r, str)]
    return [m.group(1) for m in found if m]


def _table(data: Any, *keys: str) -> dict[str, Any]:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def _toml_names(data: dict[str, Any]) -> Iterable[str]:
    project = _table(data, "project")
    yield from _requirement_names(project.get("dependencies"))
    for group in _table(project, "optional-dependencies").values():
        yield from _requirement_names(group)
    for group in _table(data, "dependency-groups").values():
        yield from _requirement_names(group)
    poetry = _table(data, "tool", "poetry")
    for key, table in poetry.items():
        if key.endswith("dependencies") and isinstance(table, dict):
            yield from table
    for group in _table(poetry, "group").values():
        yield from _table(group, "dependencies")
    for section in ("packages", "dev-packages"):  # Pipfile
        yield from _table(data, section)


def _setup_cfg_names(text: str) -> Iterable[str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    values = [parser.get("options", "install_requires", fallback="")]
    if parser.has_section("options.extras_require"):
        values += [value for _, value in parser.items("options.extras_require")]
    for value in values:
        yield from _requirement_names([line.split("#", 1)[0] for line in re.split(r"[\n;]", value)])


def declared_names(path: str, text: str) -> frozenset[str] | None:
    """Normalised names a pyproject.toml, Pipfile or setup.cfg declares as dependencies (empty
    when it cannot be parsed); None for other manifests, which are read line by line."""
    name = path.rsplit("/", 1)[-1].lower()
    try:
        if name.endswith(".toml") or name == "pipfile":
            return frozenset(normalise(n) for n in _toml_names(tomllib.loads(text)))
        if name == "setup.cfg":
            return frozenset(normalise(n) for n in _setup_cfg_names(text))
    except (tomllib.TOMLDecodeError, configparser.Error):
        return frozenset()
    return None
