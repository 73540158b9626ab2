"""Small `ast` helpers shared by the framework adapters and the rule collectors."""

from __future__ import annotations

import ast
from typing import Iterable, Iterator

from prodready.frameworks.facts import Condition
from prodready.frameworks.words import words
from prodready.model.positions import source_lines


def dotted(node: ast.AST | None) -> str:
    """`a.b.c` for Name/Attribute chains (through calls: `a.b().c` -> "a.b.c"), else ""."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Await):
            node = node.value
        else:
            return ""


def callee(node: ast.AST) -> str:
    """Dotted callee of a call (unwrapping `await`), else ""."""
    if isinstance(node, ast.Await):
        node = node.value
    return dotted(node.func) if isinstance(node, ast.Call) else ""


def last_name(name: str) -> str:
    """Last component of a dotted name."""
    return name.rsplit(".", 1)[-1]


def literal_str(node: ast.AST | None) -> str | None:
    """The value of a string constant (or an f-string without placeholders), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values):
        return "".join(str(v.value) for v in node.values)  # type: ignore[attr-defined]
    return None


def str_items(node: ast.AST | None) -> tuple[str, ...]:
    """String constants of a list/tuple/set literal (or a single string)."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return tuple(v for v in (literal_str(e) for e in node.elts) if v is not None)
    single = literal_str(node)
    return (single,) if single is not None else ()


def keyword(call: ast.Call, *names: str) -> ast.expr | None:
    """The value of the first keyword argument named in `names`."""
    for kw in call.keywords:
        if kw.arg in names:
            return kw.value
    return None


def argument(call: ast.Call, index: int, *names: str) -> ast.expr | None:
    """Positional argument `index`, else the keyword argument named in `names`."""
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return keyword(call, *names)


def is_true(node: ast.AST | None) -> bool:
    """True for the literal `True`."""
    return isinstance(node, ast.Constant) and node.value is True


class SourceText:
    """Source segments by AST position (columns are UTF-8 byte offsets)."""

    def __init__(self, text: str) -> None:
        self._lines = [line.encode("utf-8") for line in source_lines(text)]

    def segment(self, node: ast.AST, limit: int = 400) -> str:
        """The source text of `node`, whitespace-collapsed and cut at `limit` characters."""
        start, end = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0)
        if not start or not end or end > len(self._lines):
            return ""
        col, end_col = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
        if start == end:
            raw = self._lines[start - 1][col:end_col]
        else:
            chunks = [self._lines[start - 1][col:], *self._lines[start:end - 1], self._lines[end - 1][:end_col]]
            raw = b"\n".join(chunks)
        text = " ".join(raw.decode("utf-8", "replace").split())
        return text if len(text) <= limit else text[: limit - 3] + "..."


def condition(test: ast.expr, source: SourceText) -> Condition:
    """A Condition for an `if` test."""
    names, environment = _tested_names(test)
    return Condition(source.segment(test), test.lineno, test.end_lineno or test.lineno, names,
                     production=holds_in_production(test), always=is_trivially_true(test),
                     names_environment=environment)


def condition_names(test: ast.expr) -> tuple[str, ...]:
    """The names an `if` test reads (as `condition(...).names`)."""
    return _tested_names(test)[0]


def _tested_names(test: ast.expr) -> tuple[tuple[str, ...], bool]:
    """The names a test reads (names, attributes, dotted paths, literal subscript keys), in one walk,
    and whether it compares something with an environment's name (`MODE == "development"`,
    `env in ("dev", "local")`: whatever the variable is called, it holds the environment)."""
    names: dict[str, None] = {}
    environment = False
    for node in ast.walk(test):
        if isinstance(node, ast.Name):
            names[node.id] = None
        elif isinstance(node, ast.Attribute):
            names[node.attr] = None
            full = dotted(node)
            if full:
                names[full] = None
        elif isinstance(node, ast.Subscript):
            key = literal_str(node.slice)
            if key:
                names[key] = None
        elif isinstance(node, ast.Compare) and not environment:
            environment = any(value.lower() in ENVIRONMENT_VALUES
                              for side in (node.left, *node.comparators) for value in _string_literals(side))
    return tuple(names), environment


PRODUCTION_VALUES = frozenset({"prod", "production", "live"})
NON_PRODUCTION_VALUES = frozenset({"dev", "development", "local", "test", "testing", "debug"})


def holds_in_production(test: ast.expr) -> bool:
    """True when an `if` test is true in production: `ENV == "production"`, `ENV != "dev"`,
    `not DEBUG`, `settings.is_production`; any other test is taken to point at development."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return not holds_in_production(test.operand)
    if isinstance(test, ast.BoolOp):
        results = [holds_in_production(value) for value in test.values]
        return all(results) if isinstance(test.op, ast.And) else any(results)
    if isinstance(test, (ast.Name, ast.Attribute)):  # `if settings.is_production:`
        return bool(set(words(dotted(test).rsplit(".", 1)[-1])) & PRODUCTION_VALUES)
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return False
    values = {v.lower() for side in (test.left, *test.comparators) for v in _string_literals(side)}
    if isinstance(test.ops[0], (ast.Eq, ast.In)):
        return bool(values & PRODUCTION_VALUES)
    if isinstance(test.ops[0], (ast.NotEq, ast.NotIn)):
        return bool(values & NON_PRODUCTION_VALUES) and not values & PRODUCTION_VALUES
    return False


ENVIRONMENT_VALUES = PRODUCTION_VALUES | NON_PRODUCTION_VALUES | {"staging", "stage"}


def _string_literals(node: ast.expr) -> list[str]:
    elements = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
    return [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def is_trivially_true(test: ast.expr) -> bool:
    """True for a test that always holds: a truthy literal, or an `or` with one."""
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.BoolOp):
        results = [is_trivially_true(value) for value in test.values]
        return any(results) if isinstance(test.op, ast.Or) else all(results)
    return False


def function_span(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> tuple[int, int]:
    """First decorator line (or `def` line) to the last line of the body."""
    first = min([d.lineno for d in node.decorator_list] + [node.lineno])
    return first, node.end_lineno or node.lineno


NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
BLOCKLESS_STATEMENTS = frozenset({  # statements without nested blocks (so without nested statements)
    ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Raise, ast.Pass, ast.Break,
    ast.Continue, ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal, ast.Delete, ast.Assert,
})
_NON_CALL_FIELDS = frozenset({  # fields that hold names, flags, contexts and operators, never a call
    "ctx", "op", "ops", "id", "attr", "arg", "name", "names", "module", "level", "asname", "simple",
    "conversion", "is_async", "kind", "type_comment", "type_ignores",
})
_AST_CLASSES = [cls for cls in vars(ast).values() if isinstance(cls, type) and issubclass(cls, ast.AST)]
_CALL_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(name for name in cls._fields if name not in _NON_CALL_FIELDS) for cls in _AST_CLASSES
}
_LEAVES = frozenset(  # node types that hold no call
    cls for cls in _AST_CLASSES
    if cls in (ast.Name, ast.Constant) or issubclass(cls, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop))
)


def iter_calls(nodes: Iterable[object], skip: tuple[type, ...] = NESTED_SCOPES) -> Iterator[ast.Call]:
    """Every call inside `nodes` (items that are not AST nodes are ignored), depth first in the
    order `ast.iter_child_nodes` gives, not descending into nodes of the `skip` types."""
    stack = [node for node in nodes if isinstance(node, ast.AST) and type(node) not in _LEAVES]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if isinstance(node, skip):
            continue
        kind = type(node)
        if kind is ast.Call:
            yield node  # type: ignore[misc]
        fields = _CALL_FIELDS.get(kind)
        for name in kind._fields if fields is None else fields:  # ast.iter_child_nodes, unrolled
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if type(item) not in _LEAVES and isinstance(item, ast.AST):
                        push(item)
            elif type(value) not in _LEAVES and isinstance(value, ast.AST):
                push(value)
