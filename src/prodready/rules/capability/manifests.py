"""Find declared packages in dependency manifests (pyproject.toml, requirements*.txt, setup.cfg,
Pipfile) by name, with the line that declares them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from prodready.engine.discovery import ENV_EXAMPLE_NAMES
from prodready.rules.capability.declared import declared_names, normalise

_REQUIREMENT = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?")
_QUOTED = re.compile(r"[\"']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?")
_KEY = re.compile(r"^\s*[\"']?([A-Za-z0-9][A-Za-z0-9._-]*)[\"']?\s*=")
_SECTION = re.compile(r"^\s*\[([^\]]+)\]\s*$")
DEPENDENCY_SECTION = re.compile(r"(^|\.)(dependencies|dev-dependencies|packages|dev-packages)$")


@dataclass(frozen=True)
class Declaration:
    """A package (or a prodready extra, or a launcher command) named in a manifest line."""

    name: str
    path: str
    line: int


def _wanted(name: str, packages: Iterable[str]) -> bool:
    for package in packages:
        if package.endswith("*"):
            if name.startswith(package[:-1]):
                return True
        elif name == package:
            return True
    return False


def requirement_tokens(path: str, text: str) -> list[tuple[str, str, int]]:
    """(name, extras, line) of everything that looks like a requirement in one manifest.

    requirements*.txt: the start of each line; setup.cfg: indented continuation lines and the
    value of `install_requires`; TOML (pyproject.toml, Pipfile): quoted requirement strings and
    the keys of dependency tables (Poetry, Pipfile); setup.py: quoted requirement strings. For
    pyproject.toml, Pipfile and setup.cfg only names their dependency fields declare are kept.
    """
    name = path.rsplit("/", 1)[-1].lower()
    if name in ENV_EXAMPLE_NAMES:  # environment variables, not requirements
        return []
    tokens: list[tuple[str, str, int]] = []
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        if not code.strip():
            continue
        if name.endswith((".txt", ".in")):
            match = _REQUIREMENT.match(code.strip())
            if match and not code.strip().startswith("-"):
                tokens.append((match.group(1), match.group(2) or "", number))
        elif name == "setup.cfg":
            value = code.split("=", 1)[1] if code.strip().startswith("install_requires") else code
            if value is code and not code[:1].isspace():
                continue
            match = _REQUIREMENT.match(value.strip())
            if match:
                tokens.append((match.group(1), match.group(2) or "", number))
        else:
            header = _SECTION.match(code)
            if header:
                section = header.group(1).strip()
                continue
            key = _KEY.match(code)
            if key and DEPENDENCY_SECTION.search(section):
                tokens.append((key.group(1), "", number))
            value = code.split("=", 1)[1] if key else code
            tokens.extend((m.group(1), m.group(2) or "", number) for m in _QUOTED.finditer(value))
    declared = declared_names(path, text)
    return tokens if declared is None else [t for t in tokens if normalise(t[0]) in declared]


KIT_DISTRIBUTION = "prodready-kit"


def find_declarations(manifests: Mapping[str, str], packages: Iterable[str], kit_extra: str,
                      launchers: Iterable[str] = ()) -> list[Declaration]:
    """Each wanted package, `prodready-kit[<kit_extra>]` and launcher command named in a manifest."""
    packages = tuple(packages)
    launchers = tuple(launchers)
    found: list[Declaration] = []
    words = [(launcher, re.compile(rf"(?<![\w.-]){re.escape(launcher)}(?![\w.-])")) for launcher in launchers]
    for path in sorted(manifests):
        text = manifests[path]
        if not path.endswith((".txt", ".in")):  # a requirements line names packages, never a command
            for number, line in enumerate(text.splitlines(), start=1):
                found.extend(Declaration(launcher, path, number) for launcher, word in words if word.search(line))
        for raw, extras, number in requirement_tokens(path, text):
            name = normalise(raw)
            if name in launchers:
                continue
            if _wanted(name, packages):
                found.append(Declaration(name, path, number))
            elif name == KIT_DISTRIBUTION and kit_extra and re.search(rf"\b({kit_extra}|all)\b", extras):
                found.append(Declaration(f"{KIT_DISTRIBUTION}[{kit_extra}]", path, number))
    return found
