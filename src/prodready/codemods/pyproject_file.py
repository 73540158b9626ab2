"""Add the kit to pyproject.toml ([project] dependencies or Poetry's), keeping its layout (tomlkit)."""

from __future__ import annotations

import tomllib

import tomlkit
from tomlkit.items import Array, InlineTable, Table

from prodready.codemods.kit_dependency import (
    KIT_DISTRIBUTION,
    KIT_VERSION_FLOOR,
    is_kit,
    kit_requirement,
    sorted_position,
    with_extras,
)
from prodready.codemods.manifest_files import POETRY, ManifestError


def _indent_of(array: Array) -> str:
    """The indentation of a multi-line array's items ("    " when it cannot tell)."""
    for line in array.as_string().splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("]"):
            return line[: len(line) - len(stripped)]
    return "    "


def _project(document: tomlkit.TOMLDocument, extras: frozenset[str]) -> bool:
    """Add to [project] dependencies; False when it already declares the kit with `extras`."""
    project = document["project"]
    dependencies = project.get("dependencies")
    if dependencies is None:
        project["dependencies"] = [kit_requirement(extras)]
        return True
    if not isinstance(dependencies, Array):
        raise ManifestError("its [project] dependencies are not an array")
    for index, item in enumerate(dependencies):
        if isinstance(item, str) and is_kit(item):
            merged = with_extras(str(item), extras)
            if merged == str(item):
                return False
            dependencies[index] = merged
            return True
    position = sorted_position([str(item) for item in dependencies])
    if position is not None and position < len(dependencies):
        dependencies.insert(position, kit_requirement(extras))
    elif "\n" in dependencies.as_string():
        dependencies.add_line(kit_requirement(extras), indent=_indent_of(dependencies))
    else:
        dependencies.append(kit_requirement(extras))
    return True


def _poetry(document: tomlkit.TOMLDocument, extras: frozenset[str]) -> bool:
    """Add to [tool.poetry.dependencies]; False when it already declares the kit with `extras`."""
    table = document["tool"]["poetry"]["dependencies"]
    assert isinstance(table, (Table, InlineTable))
    key = next((k for k in table if k.lower().replace("_", "-") == KIT_DISTRIBUTION), None)
    if key is None:
        entry = tomlkit.inline_table()
        entry.update({"version": f">={KIT_VERSION_FLOOR}", "extras": sorted(extras)} if extras
                     else {"version": f">={KIT_VERSION_FLOOR}"})
        table[KIT_DISTRIBUTION] = entry
        return True
    current = table[key]
    if isinstance(current, str):
        if not extras:
            return False
        entry = tomlkit.inline_table()
        entry.update({"version": str(current), "extras": sorted(extras)})
        table[key] = entry
        return True
    if not isinstance(current, (InlineTable, Table)):
        raise ManifestError(f"its Poetry entry for {key} is neither a version nor a table")
    named = set(current.get("extras", []))
    if extras <= named:
        return False
    current["extras"] = sorted(named | extras)
    return True


def add_kit(text: str, extras: frozenset[str], kind: str) -> str | None:
    """`text` declaring the kit with `extras`; None when it already does."""
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.TOMLKitError as error:
        raise ManifestError(f"it does not parse as TOML ({error})") from None
    changed = _poetry(document, extras) if kind == POETRY else _project(document, extras)
    if not changed:
        return None
    updated = tomlkit.dumps(document)
    try:
        tomllib.loads(updated)
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"the edited file would not parse ({error})") from None
    return updated
