"""Add the kit to setup.cfg's `[options] install_requires`, one line in the value's own layout."""

from __future__ import annotations

import configparser
import re

from prodready.codemods.kit_dependency import is_kit, kit_requirement, with_extras
from prodready.codemods.manifest_files import ManifestError

_SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]\s*$")
_KEY = re.compile(r"^install_requires\s*[=:](?P<value>.*)$")


def _value_lines(lines: list[str]) -> tuple[int, int]:
    """(index of the `install_requires` line, index after its last continuation line)."""
    section = ""
    for index, line in enumerate(lines):
        header = _SECTION.match(line.rstrip("\r\n"))
        if header:
            section = header.group("name").strip()
            continue
        if section == "options" and _KEY.match(line):
            end = index + 1
            while end < len(lines) and lines[end][:1] in (" ", "\t") and lines[end].strip():
                end += 1
            return index, end
    raise ManifestError("it has no [options] install_requires")


def _declared(text: str) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    value = parser.get("options", "install_requires", fallback="")
    return [line.strip() for line in value.splitlines() if line.strip()]


def add_kit(text: str, extras: frozenset[str]) -> str | None:
    """`text` declaring the kit with `extras`; None when it already does."""
    lines = text.splitlines(keepends=True)
    start, end = _value_lines(lines)
    newline = "\r\n" if "\r\n" in text else "\n"
    indent = "    "
    for index in range(start, end):
        line = lines[index]
        content = _KEY.match(line).group("value") if index == start else line  # type: ignore[union-attr]
        requirement = content.split("#", 1)[0].strip().rstrip(";")
        if requirement and is_kit(requirement):
            merged = with_extras(requirement, extras)
            if merged == requirement:
                return None
            lines[index] = line.replace(requirement, merged, 1)
            return _checked("".join(lines), merged)
        if index > start:
            indent = line[: len(line) - len(line.lstrip(" \t"))]
    last = lines[end - 1]
    if not last.endswith(("\n", "\r")):
        lines[end - 1] = last + newline
    added = kit_requirement(extras)
    lines.insert(end, f"{indent}{added}{newline}")
    return _checked("".join(lines), added)


def _checked(text: str, requirement: str) -> str:
    """`text`, once configparser reads `requirement` back from it."""
    try:
        declared = _declared(text)
    except configparser.Error as error:
        raise ManifestError(f"the edited file would not parse ({error})") from None
    if requirement not in declared:
        raise ManifestError("the edited install_requires would not list the requirement")
    return text
