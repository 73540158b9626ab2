"""Small LibCST helpers shared by the codemods: finding nodes by line, names, frameworks."""

from __future__ import annotations

import re

import libcst as cst
import libcst.matchers as m
from libcst.metadata import PositionProvider

FRAMEWORK_MODULES = (("flask", "flask"), ("fastapi", "fastapi"), ("starlette", "starlette"))


def starts_at(node: cst.FunctionDef | cst.ClassDef, line: int, position: PositionProvider, get) -> bool:
    """True when `line` is the node's first decorator line or its `def` line."""
    lines = {get(position, node).start.line}
    if node.decorators:
        lines.add(get(position, node.decorators[0]).start.line)
    return line in lines


def framework_of(module: cst.Module) -> str:
    """The web framework a module imports (flask, fastapi or starlette); fastapi by default."""
    imported: set[str] = set()
    for node in m.findall(module, m.ImportFrom() | m.Import()):
        if isinstance(node, cst.ImportFrom) and node.module is not None:
            imported.add(_dotted(node.module).split(".")[0])
        elif isinstance(node, cst.Import):
            imported.update(_dotted(alias.name).split(".")[0] for alias in node.names)
    for top, framework in FRAMEWORK_MODULES:
        if top in imported:
            return framework
    return "fastapi"


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def dotted_name(node: cst.BaseExpression) -> str:
    """`a.b.c` for Name/Attribute chains, "" for anything else."""
    return _dotted(node)


def assigned_names(module: cst.Module) -> set[str]:
    """Every name bound anywhere in the module (assignments, defs, classes, imports)."""
    names: set[str] = set()
    for node in m.findall(module, m.Name()):
        names.add(node.value)
    return names


def unique_name(base: str, taken: set[str]) -> str:
    """`base`, or `base_2`, `base_3`... whichever is not taken yet; records the choice."""
    name, counter = base, 2
    while name in taken:
        name, counter = f"{base}_{counter}", counter + 1
    taken.add(name)
    return name


def identifier(text: str) -> str:
    """A lower-case Python identifier made from arbitrary text."""
    cleaned = re.sub(r"\W+", "_", text.strip().lower()).strip("_")
    return cleaned if cleaned and not cleaned[0].isdigit() else f"c_{cleaned}"


def blank_lines(count: int) -> tuple[cst.EmptyLine, ...]:
    """`count` empty lines to put before a statement."""
    return tuple(cst.EmptyLine() for _ in range(count))
