"""Small LibCST helpers shared by the codemods: finding nodes by line, names, frameworks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Sequence

import libcst as cst
import libcst.matchers as m
from libcst.metadata import CodeRange, Scope

from prodready.codemods.base import CannotFix

FRAMEWORK_MODULES = (  # the first one a module imports wins; the kit has adapters for the last three only
    ("quart", "quart"), ("litestar", "litestar"), ("starlite", "litestar"), ("tornado", "tornado"),
    ("flask", "flask"), ("fastapi", "fastapi"), ("starlette", "starlette"),
)
KIT_FRAMEWORKS = frozenset({"flask", "fastapi", "starlette"})  # codemods write code for these only


APP_FACTORIES = frozenset({"FastAPI", "Flask", "Starlette", "Quart", "Litestar", "Sanic"})


def starts_at(node: cst.FunctionDef, line: int, position_of: Callable[[cst.CSTNode], CodeRange]) -> bool:
    """True when `line` is the node's first decorator line or its `def` line."""
    try:
        lines = {position_of(node).start.line}
        if node.decorators:
            lines.add(position_of(node.decorators[0]).start.line)
    except KeyError:
        return False
    return line in lines


def factory_assignment(statement: cst.CSTNode) -> tuple[str, str] | None:
    """(target name, factory name) of a `name = Factory(...)` statement, else None."""
    if not m.matches(
        statement,
        m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(m.Name())], value=m.Call())]),
    ):
        return None
    assign = statement.body[0]
    return assign.targets[0].target.value, _dotted(assign.value.func).rsplit(".", 1)[-1]


class _NodeIds(cst.CSTVisitor):
    def __init__(self) -> None:
        self.ids: set[int] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.ids.add(id(node))
        return True


def _node_ids(node: cst.CSTNode) -> set[int]:
    collector = _NodeIds()
    node.visit(collector)
    return collector.ids


def local_to(function_body: cst.CSTNode, scope_of: Callable[[cst.CSTNode], Scope | None]) -> Callable[[cst.CSTNode], bool]:
    """A predicate: does a node use a name the function binds outside that node (a parameter, an
    assignment, a loop or `with` target, an import ...)? Such a node cannot move out of it."""
    function_scope = scope_of(function_body)

    def uses_local(node: cst.CSTNode) -> bool:
        inside = _node_ids(node)
        for name in m.findall(node, m.Name()):
            try:
                scope = scope_of(name)
            except KeyError:
                continue
            if scope is not None and any(
                a.scope is function_scope and id(getattr(a, "node", None)) not in inside
                for a in scope[name.value]
            ):
                return True
        return False

    return uses_local


def framework_of(module: cst.Module) -> str:
    """The web framework a module imports (see FRAMEWORK_MODULES); fastapi by default."""
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


FRAMEWORK_TITLES = {"quart": "Quart", "litestar": "Litestar", "tornado": "Tornado"}


def refuse_other_frameworks(root: str | Path, relative: str) -> None:
    """Raise CannotFix when the file at `relative` under `root` uses a framework the kit's fixes
    are not written for: a Litestar, Tornado or Quart handler rewritten for FastAPI would not run."""
    try:
        framework = framework_of(cst.parse_module((Path(root) / relative).read_bytes()))
    except (OSError, cst.ParserSyntaxError):
        return
    if framework not in KIT_FRAMEWORKS:
        raise CannotFix(f"{FRAMEWORK_TITLES.get(framework, framework)} code is not rewritten: the fixes are written "
                        "for FastAPI, Starlette and Flask")


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


def split_leading(lines: Sequence[cst.EmptyLine]) -> tuple[tuple[cst.EmptyLine, ...], tuple[cst.EmptyLine, ...]]:
    """Blank lines before the first comment (they stay in front), and the comment block (it stays
    with the statement it describes)."""
    for index, line in enumerate(lines):
        if line.comment is not None:
            return tuple(lines[:index]), tuple(lines[index:])
    return tuple(lines), ()
