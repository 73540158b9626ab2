"""The `functions` collector (every function's span and parameters, by qualified name) and the
on-demand `function_calls` collector (which names each function calls)."""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, Iterator, Mapping, Protocol, TypeVar

from prodready.engine.astwalk import nested_blocks
from prodready.frameworks.astutil import BLOCKLESS_STATEMENTS, dotted, function_span, iter_calls, last_name
from prodready.frameworks.collector import RoutesCollector
from prodready.frameworks.testfiles import unreachable_test_code
from prodready.model.collector import Collector
from prodready.model.project import ParsedSource


class _Defined(Protocol):
    @property
    def def_line(self) -> int: ...


class _HasQualname(Protocol):
    @property
    def qualname(self) -> str: ...


_Definition = TypeVar("_Definition", bound=_Defined)
_Named = TypeVar("_Named", bound=_HasQualname)


@dataclass(frozen=True)
class FunctionInfo:
    """One function or method: where it is and what it takes."""

    qualname: str  # inside its module: "Handler.get", "create_app.health"
    start_line: int  # first decorator line
    end_line: int
    def_line: int
    params: tuple[str, ...]
    is_class: bool = False
    bases: tuple[str, ...] = ()  # a class's base classes as written ("viewsets.ModelViewSet")
    returns_class: str = ""  # a function annotated `-> type[X]` (a view-class factory): "X" as written
    attributes: tuple[tuple[str, tuple[str, ...] | None], ...] = ()  # a class's literal attributes: a
    # string or strings (`route = "/x"`, `methods = ("GET", "POST")`), or None for a falsy literal
    dev_note: str = ""  # what its docstring says of it being for development only ("development only")

    def attribute(self, name: str) -> tuple[tuple[str, ...] | None] | None:
        """(value,) of a literal class attribute (value None: a falsy literal); None when not set here."""
        return next(((value,) for key, value in self.attributes if key == name), None)


@dataclass(frozen=True)
class FileFunctions:
    """The functions (and classes, for class-based views) of one file."""

    module: str
    functions: tuple[FunctionInfo, ...]
    instances: tuple[tuple[str, str], ...] = ()  # module-level `name = SomeClass(...)`: (name, class)

    def instance_class(self, name: str) -> str:
        """The dotted class a module-level instance was made from ("" when it is not one)."""
        return next((cls for var, cls in self.instances if var == name), "")

    @cached_property
    def _by_name(self) -> dict[str, list[FunctionInfo]]:
        return by_qualname(self.functions)

    @cached_property
    def _children(self) -> dict[str, list[FunctionInfo]]:
        found: dict[str, list[FunctionInfo]] = {}
        for info in self.functions:
            found.setdefault(info.qualname.rpartition(".")[0], []).append(info)
        return found

    def members(self, qualname: str) -> list[FunctionInfo]:
        """The functions and classes defined directly in `qualname` (a class's methods), in source order."""
        return self._children.get(qualname, [])

    def get(self, qualname: str, line: int = 0) -> FunctionInfo | None:
        """The function with this qualified name: the definition at or after `line` (a route's
        first decorator line), else the first definition; None when there is none."""
        return at_line(self._by_name.get(qualname, []), line)


def by_qualname(definitions: Iterable[_Named]) -> dict[str, list[_Named]]:
    """Definitions grouped by qualified name, each group in source order."""
    found: dict[str, list[_Named]] = {}
    for definition in definitions:
        found.setdefault(definition.qualname, []).append(definition)
    return found


def at_line(definitions: list[_Definition], line: int) -> _Definition | None:
    """The first of same-named `definitions` (in source order) whose `def` is at or after
    `line`, else the first of them; None when there is none."""
    return next((d for d in definitions if d.def_line >= line), definitions[0] if definitions else None)


_BY_POSITION = operator.attrgetter("lineno", "col_offset")
Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def iter_definitions(body: list[ast.stmt], prefix: str = "") -> Iterator[tuple[str, Definition]]:
    """Every function and class in `body` (nested ones and those under if/try too) with its
    qualified name, in source order."""
    for node in body:
        if type(node) in BLOCKLESS_STATEMENTS:
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield f"{prefix}{node.name}", node
            yield from iter_definitions(node.body, f"{prefix}{node.name}.")
        else:
            for block in nested_blocks(node):
                yield from iter_definitions(block, prefix)


def _info(qualname: str, node: Definition) -> FunctionInfo:
    start, end = function_span(node)
    if isinstance(node, ast.ClassDef):
        return FunctionInfo(qualname, start, end, node.lineno, (), is_class=True,
                            bases=tuple(name for name in (dotted(b) for b in node.bases) if name),
                            attributes=tuple(class_attributes(node)))
    args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
    return FunctionInfo(qualname, start, end, node.lineno, tuple(a.arg for a in args),
                        returns_class=_returned_class(node.returns), dev_note=dev_note(ast.get_docstring(node) or ""))


#: Docstring phrases that say a function serves development or testing only.
_DEV_NOTE = re.compile(
    r"\b(?:(?:development|dev|debug|debugging|testing|test|local)[- ]only"
    r"|for (?:local )?(?:development|testing|debugging|test) (?:purposes|use)"
    r"|not (?:for|in|meant for|intended for) production"
    r"|(?:remove|delete)[^.\n]{0,30}\b(?:in|before|for) production|disabled? in production)\b",
    re.IGNORECASE,
)


def dev_note(docstring: str) -> str:
    """The phrase of a docstring that says the function is for development or testing only, else ""."""
    match = _DEV_NOTE.search(docstring[:2000])
    return match.group(0) if match else ""


def _returned_class(annotation: ast.expr | None) -> str:
    """`type[X]` / `typing.Type[X]` -> "X" ("" for other annotations)."""
    if not isinstance(annotation, ast.Subscript) or dotted(annotation.value).rsplit(".", 1)[-1] not in ("type", "Type"):
        return ""
    return dotted(annotation.slice)


def class_attributes(node: ast.ClassDef) -> Iterator[tuple[str, tuple[str, ...] | None]]:
    """`name = "/x"` and `name = ("GET", "HEAD")` in a class body; falsy literals (`None`, `""`,
    `()`) as None."""
    for statement in node.body:
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)):
            continue
        value = statement.value
        if isinstance(value, ast.Constant) and not value.value:
            yield statement.targets[0].id, None
        elif isinstance(value, ast.Constant) and isinstance(value.value, str):
            yield statement.targets[0].id, (value.value,)
        elif isinstance(value, (ast.Tuple, ast.List)) and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
            yield statement.targets[0].id, tuple(e.value for e in value.elts) or None  # type: ignore[misc]


def _calls(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, ...]:
    """Dotted callee names of a function body in source order, without duplicates (nested
    functions, classes and lambdas not entered)."""
    calls = dict.fromkeys(
        name for call in sorted(iter_calls(node.body), key=_BY_POSITION) if (name := dotted(call.func))
    )
    return tuple(calls)


def module_instances(tree: ast.Module) -> tuple[tuple[str, str], ...]:
    """`health_monitor = HealthMonitor(...)` at module level: (name, dotted class name)."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            cls = dotted(node.value.func) if isinstance(node.value, ast.Call) else ""
            if cls and last_name(cls)[:1].isupper():
                found.append((node.targets[0].id, cls))
    return tuple(found)


@dataclass(frozen=True)
class FileCalls:
    """Which names each function of one file calls, by (qualified name, `def` line)."""

    calls: Mapping[tuple[str, int], tuple[str, ...]]


class FunctionsCollector(Collector):
    """Per file: spans, parameters and calls of every function and class."""

    name = "functions"
    requires = (RoutesCollector.name,)

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> FileFunctions | None:
        """The functions of one file, or None when it defines none or is test code no route
        leads into."""
        if unreachable_test_code(source.path, earlier.get(RoutesCollector.name)):
            return None
        found = [_info(qualname, node) for qualname, node in iter_definitions(source.tree.body)]
        instances = module_instances(source.tree)
        return FileFunctions(source.module, tuple(found), instances) if found or instances else None


class FunctionCallsCollector(Collector):
    """Per file: the dotted names every function calls (asked for route handlers and their helpers)."""

    name = "function_calls"
    on_demand = True

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> FileCalls | None:
        """The calls of one file's functions, or None when it defines none."""
        calls = {(qualname, node.lineno): _calls(node) for qualname, node in iter_definitions(source.tree.body)
                 if not isinstance(node, ast.ClassDef)}
        return FileCalls(calls) if calls else None
