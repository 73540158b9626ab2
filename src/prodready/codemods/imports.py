"""Add the imports a fix needs where isort and ruff would put them: merged into an existing
`from x import` of the module (names kept sorted), or a new statement in its section, in order."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from prodready.codemods.import_order import member_key, section_of, statement_key
from prodready.codemods.layout import import_statement
from prodready.codemods.style import Style
from prodready.codemods.syntax import dotted_name, split_leading

BLANK = cst.EmptyLine()
SPACE_AFTER_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


@dataclass(frozen=True, order=True)
class WantedImport:
    """`from module import name` (`import module` when name is None), `relative` leading dots."""

    module: str
    name: str | None = None
    relative: int = 0

    @property
    def source_module(self) -> str:
        """The module as written after `from`: leading dots and the dotted name."""
        return "." * self.relative + self.module


def wanted_imports(context: CodemodContext) -> list[WantedImport]:
    """The imports codemods scheduled with `AddImportsVisitor.add_needed_import`, in order, once each."""
    items = context.scratch.get(AddImportsVisitor.CONTEXT_KEY, [])
    wanted = [WantedImport(item.module_name, item.obj_name, item.relative) for item in items if item.alias is None]
    return list(dict.fromkeys(wanted))


@dataclass(frozen=True)
class _Statement:
    """What the import order needs to know of one top-level import line."""

    section: int
    is_from: bool
    module: str

    @property
    def key(self) -> tuple[int, int, str]:
        """Its sort key within the import block."""
        return statement_key(self.section, self.is_from, self.module)


def _import_node(statement: cst.BaseStatement) -> cst.Import | cst.ImportFrom | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        node = statement.body[0]
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            return node
    return None


def _facts(node: cst.Import | cst.ImportFrom, style: Style) -> _Statement:
    if isinstance(node, cst.Import):
        module = dotted_name(node.names[0].name)
        return _Statement(section_of(module, 0, style), False, module)
    module = dotted_name(node.module) if node.module is not None else ""
    relative = len(node.relative)
    return _Statement(section_of(module, relative, style), True, "." * relative + module)


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and isinstance(
        statement.body[0], cst.Expr) and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _block(body: Sequence[cst.BaseStatement]) -> tuple[int, int]:
    """(start, end) of the first run of top-level import lines (start: after the docstring)."""
    start = 1 if body and _is_docstring(body[0]) else 0
    end = start
    while end < len(body) and _import_node(body[end]) is not None:
        end += 1
    return start, end


def _bound_names(body: Sequence[cst.BaseStatement]) -> tuple[set[tuple[str, str | None]], set[str]]:
    """({(source module, name)} imported at the top level, {names those imports bind})."""
    imported: set[tuple[str, str | None]] = set()
    bound: set[str] = set()
    for statement in body:
        node = _import_node(statement)
        if isinstance(node, cst.Import):
            for alias in node.names:
                module = dotted_name(alias.name)
                imported.add((module, None))
                bound.add(alias.evaluated_alias or module.split(".")[0])
        elif isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            module = "." * len(node.relative) + (dotted_name(node.module) if node.module else "")
            for alias in node.names:
                name = alias.evaluated_name
                if alias.asname is None:
                    imported.add((module, name))
                bound.add(alias.evaluated_alias or name)
    return imported, bound


def _from_statement(body: Sequence[cst.BaseStatement], source_module: str) -> int | None:
    """The index of the first top-level `from <source_module> import a, b` (no star), if any."""
    for index, statement in enumerate(body):
        node = _import_node(statement)
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            module = "." * len(node.relative) + (dotted_name(node.module) if node.module else "")
            if module == source_module:
                return index
    return None


def _alias_code(alias: cst.ImportAlias) -> str:
    return cst.Module(body=[]).code_for_node(alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)).strip()


def _insert_alias(aliases: list[cst.ImportAlias], index: int, name: str,
                  between: cst.Comma) -> list[cst.ImportAlias]:
    """`aliases` with `name` at `index`, separated from its neighbours by `between`."""
    new = cst.ImportAlias(cst.Name(name))
    if index < len(aliases):
        return [*aliases[:index], new.with_changes(comma=between), *aliases[index:]]
    last = aliases[-1]
    if isinstance(last.comma, cst.Comma):  # a trailing comma: the new name takes it over
        return [*aliases[:-1], last.with_changes(comma=between), new.with_changes(comma=last.comma)]
    return [*aliases[:-1], last.with_changes(comma=between), new]


def _separator(node: cst.ImportFrom, aliases: list[cst.ImportAlias]) -> cst.Comma:
    """What separates two names of the statement: its first comma, else what follows its `(`."""
    if len(aliases) > 1 and isinstance(aliases[0].comma, cst.Comma):
        return aliases[0].comma
    if node.lpar is not None and isinstance(node.lpar.whitespace_after, cst.ParenthesizedWhitespace):
        return cst.Comma(whitespace_after=node.lpar.whitespace_after)
    return SPACE_AFTER_COMMA


def _merge(statement: cst.SimpleStatementLine, names: Iterable[str], style: Style) -> cst.SimpleStatementLine:
    """The `from x import ...` statement with `names` added (at their sorted place when the
    existing names are sorted, else at the end); re-wrapped when it no longer fits one line."""
    node = statement.body[0]
    assert isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar)
    aliases = list(node.names)
    keys = [member_key(alias.evaluated_name) for alias in aliases]
    ordered = keys == sorted(keys)
    between = _separator(node, aliases)
    for name in sorted(names, key=member_key):
        key = member_key(name)
        index = bisect.bisect(keys, key) if ordered else len(aliases)
        aliases = _insert_alias(aliases, index, name, between)
        keys.insert(index, key)
    if node.lpar is not None:
        return statement.with_changes(body=[node.with_changes(names=aliases)])
    module = "." * len(node.relative) + (dotted_name(node.module) if node.module else "")
    rebuilt = cst.parse_statement(import_statement(module, [_alias_code(a) for a in aliases], style.line_length))
    assert isinstance(rebuilt, cst.SimpleStatementLine)
    return statement.with_changes(body=rebuilt.body)


def _new_statement(wanted: Sequence[WantedImport], style: Style) -> cst.SimpleStatementLine:
    first = wanted[0]
    if first.name is None:
        code = f"import {first.module}\n"
    else:
        names = sorted({w.name for w in wanted if w.name is not None}, key=member_key)
        code = import_statement(first.source_module, names, style.line_length)
    statement = cst.parse_statement(code)
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


def _with_leading(statement: cst.BaseStatement, lines: Sequence[cst.EmptyLine]) -> cst.BaseStatement:
    return statement.with_changes(leading_lines=tuple(lines))


def _blank_count(lines: Sequence[cst.EmptyLine]) -> int:
    blank, _ = split_leading(lines)
    return len(blank)


def _place(body: list[cst.BaseStatement], new: cst.SimpleStatementLine, style: Style) -> list[cst.BaseStatement]:
    """`body` with the new import line in its section of the import block, in sorted order."""
    start, end = _block(body)
    node = _import_node(new)
    assert node is not None
    facts = _facts(node, style)
    block = [(index, _facts(_import_node(body[index]), style)) for index in range(start, end)]  # type: ignore[arg-type]
    same = [(i, f) for i, f in block if f.section == facts.section]
    later = [(i, f) for i, f in block if f.section > facts.section]
    if same:
        greater = [i for i, f in same if f.key > facts.key]
        if greater:
            return _insert_before(body, greater[0], new, separate=False)
        return [*body[: same[-1][0] + 1], _with_leading(new, ()), *body[same[-1][0] + 1:]]
    if later:
        return _insert_before(body, later[0][0], new, separate=True)
    if block:
        return [*body[:end], _with_leading(new, (BLANK,)), *body[end:]]
    placed = _with_leading(new, (BLANK,) if start else ())
    rest = list(body[start:])
    if rest and _blank_count(rest[0].leading_lines) == 0:
        wanted = 2 if isinstance(rest[0], (cst.FunctionDef, cst.ClassDef)) else 1
        rest[0] = _with_leading(rest[0], (*(BLANK,) * wanted, *rest[0].leading_lines))
    return [*body[:start], placed, *rest]


def _insert_before(body: list[cst.BaseStatement], index: int, new: cst.SimpleStatementLine,
                   separate: bool) -> list[cst.BaseStatement]:
    """Insert before body[index]: the new line takes its blank lines, it keeps its comments."""
    blank, comments = split_leading(body[index].leading_lines)
    following = _with_leading(body[index], ((BLANK,) if separate else ()) + comments)
    return [*body[:index], _with_leading(new, blank), following, *body[index + 1:]]


def add_imports(module: cst.Module, wanted: Iterable[WantedImport], style: Style) -> cst.Module:
    """`module` with every wanted import it does not have yet."""
    body = list(module.body)
    imported, bound = _bound_names(body)
    missing = [w for w in wanted if (w.source_module, w.name) not in imported
               and (w.name is None or w.name not in bound)]
    by_module: dict[tuple[str, bool], list[WantedImport]] = {}
    for item in missing:
        by_module.setdefault((item.source_module, item.name is None), []).append(item)
    for (source, plain), items in sorted(by_module.items()):
        existing = None if plain else _from_statement(body, source)
        if existing is not None:
            statement = body[existing]
            assert isinstance(statement, cst.SimpleStatementLine)
            body[existing] = _merge(statement, [i.name for i in items if i.name], style)
        else:
            body = _place(body, _new_statement(items, style), style)
    return module.with_changes(body=body)
