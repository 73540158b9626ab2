"""The `functions` collector: every function's span, parameters and calls, by qualified name."""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from functools import cached_property

from prodready.frameworks.astutil import BLOCKLESS_STATEMENTS, dotted, function_span, iter_calls
from prodready.rules.base import Collector
from prodready.scanner.model import ParsedSource


@dataclass(frozen=True)
class FunctionInfo:
    """One function or method: where it is, what it takes and which names it calls."""

    qualname: str  # inside its module: "Handler.get", "create_app.health"
    start_line: int  # first decorator line
    end_line: int
    def_line: int
    params: tuple[str, ...]
    calls: tuple[str, ...]  # dotted callee names, in source order, without duplicates
    is_class: bool = False


@dataclass(frozen=True)
class FileFunctions:
    """The functions (and classes, for class-based views) of one file."""

    module: str
    functions: tuple[FunctionInfo, ...]

    @cached_property
    def _by_name(self) -> dict[str, FunctionInfo]:
        return {info.qualname: info for info in reversed(self.functions)}

    def get(self, qualname: str) -> FunctionInfo | None:
        """The function with this qualified name (the first definition), if any."""
        return self._by_name.get(qualname)


_BY_POSITION = operator.attrgetter("lineno", "col_offset")


def _walk(body: list[ast.stmt], prefix: str, out: list[FunctionInfo]) -> None:
    for node in body:
        if type(node) in BLOCKLESS_STATEMENTS:
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            qualname = f"{prefix}{node.name}"
            start, end = function_span(node)
            if isinstance(node, ast.ClassDef):
                out.append(FunctionInfo(qualname, start, end, node.lineno, (), (), is_class=True))
            else:
                args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                calls = dict.fromkeys(
                    name for call in sorted(iter_calls(node.body), key=_BY_POSITION)
                    if (name := dotted(call.func))
                )
                out.append(FunctionInfo(qualname, start, end, node.lineno, tuple(a.arg for a in args), tuple(calls)))
            _walk(node.body, f"{qualname}.", out)
        else:
            for field in ("body", "orelse", "finalbody"):
                _walk(getattr(node, field, None) or [], prefix, out)
            for handler in getattr(node, "handlers", None) or []:
                _walk(handler.body, prefix, out)


class FunctionsCollector(Collector):
    """Per file: spans, parameters and calls of every function and class."""

    name = "functions"

    def collect(self, source: ParsedSource) -> FileFunctions | None:
        """The functions of one file, or None when it defines none."""
        found: list[FunctionInfo] = []
        _walk(source.tree.body, "", found)
        return FileFunctions(source.module, tuple(found)) if found else None
