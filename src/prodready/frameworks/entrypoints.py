"""Code that never ships: example, documentation, script, benchmark, experiment and test
directories, notebooks exported to `.py`, and apps started only under `if __name__ ==
"__main__":` on loopback; the `entrypoints` collector records the last two per file."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Mapping

import pathspec

from prodready.engine.imports import FileImports, ImportsCollector
from prodready.frameworks.astutil import dotted, keyword, literal_str
from prodready.frameworks.collector import RoutesCollector
from prodready.frameworks.testfiles import is_test_module
from prodready.model.collector import Collector
from prodready.model.config import Config
from prodready.model.project import ParsedSource, ProjectModel

NON_PRODUCTION_DIRECTORIES = {  # directory name -> what it holds (semgrep's and bandit's usual excludes)
    "examples": "example code", "example": "example code", "docs": "documentation", "doc": "documentation",
    "samples": "sample code", "sample": "sample code", "scripts": "scripts", "benchmarks": "benchmarks",
    "benchmark": "benchmarks", "experiments": "experiments", "experiment": "experiments", "tests": "test code",
    "test": "test code",
}
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0:0:0:0:0:0:0:1"})
LOOPBACK_BY_DEFAULT = frozenset({"run", "run_server", "run_simple"})  # Flask, Quart, Sanic, Dash, uvicorn.run
SERVING_CALLS = LOOPBACK_BY_DEFAULT | {"run_app", "serve", "listen", "start_server", "make_server"}
_NOTEBOOK = re.compile(r"^(# (In\[[ \d]*\]:|Databricks notebook source|jupyter:)\s*$|get_ipython\(\)\.)", re.M)


@dataclass(frozen=True)
class MainRun:
    """A server started under `if __name__ == "__main__":` (directly or through a function it calls)."""

    call: str  # "uvicorn.run", "app.run"
    line: int
    loopback: bool  # bound to 127.0.0.1/localhost, explicitly or by the call's default


@dataclass(frozen=True)
class FileEntrypoints:
    """How one file is meant to be run."""

    notebook: bool = False  # exported from Jupyter (`# In[1]:`, a jupytext header, get_ipython())
    main_runs: tuple[MainRun, ...] = ()


def _is_main_test(test: ast.expr) -> bool:
    if not isinstance(test, ast.Compare) or len(test.comparators) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = {dotted(side) or literal_str(side) for side in (test.left, test.comparators[0])}
    return sides == {"__name__", "__main__"}


def _runs(body: list[ast.stmt], functions: Mapping[str, ast.AST], apps: frozenset[str],
          depth: int = 0) -> list[MainRun]:
    """Servers of the file's own apps a block starts (`app.run()`, `uvicorn.run(app)`), following
    calls of the module's functions one level."""
    found = []
    for node in (n for statement in body for n in ast.walk(statement)):
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        receiver, _, last = name.rpartition(".")
        serves = receiver.rsplit(".", 1)[-1] in apps or any(isinstance(a, ast.Name) and a.id in apps for a in node.args)
        if last in SERVING_CALLS and serves:
            host = keyword(node, "host")
            text = literal_str(host) if host is not None else None
            loopback = text in LOOPBACK_HOSTS if host is not None else last in LOOPBACK_BY_DEFAULT
            found.append(MainRun(name, node.lineno, loopback))
        elif name in functions and depth == 0:
            found += _runs(getattr(functions[name], "body", []), functions, apps, depth + 1)
    return found


class EntrypointsCollector(Collector):
    """Per file: whether it is an exported notebook and which servers it starts under `__main__`."""

    name = "entrypoints"
    requires = (RoutesCollector.name,)

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> FileEntrypoints | None:
        """The file's entry points, or None when it has neither."""
        notebook = bool(_NOTEBOOK.search(source.text[:20000]))
        routes = earlier.get(RoutesCollector.name)
        apps = frozenset(o.key.rsplit(".", 1)[-1] for o in getattr(routes, "objects", ()) if o.kind == "app")
        functions = {n.name: n for n in source.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        runs = [run for node in source.tree.body if isinstance(node, ast.If) and _is_main_test(node.test)
                for run in _runs(node.body, functions, apps)] if apps else []
        return FileEntrypoints(notebook, tuple(runs)) if notebook or runs else None


@dataclass(frozen=True)
class Verdict:
    """Why a file is treated as never shipping: the scope it is in ("examples/", or the file) and the reason."""

    scope: str
    reason: str


class NonProduction:
    """Decides which scanned files never ship (configuration first, then the defaults)."""

    def __init__(self, project: ProjectModel, config: Config | None = None) -> None:
        self.project = project
        self.config = config or Config()
        self.production = pathspec.PathSpec.from_lines("gitignore", self.config.production)
        self.extra = [(p, pathspec.PathSpec.from_lines("gitignore", [p])) for p in self.config.non_production]

    def verdict(self, path: str) -> Verdict | None:
        """Why `path` never ships, or None when it is production code."""
        if self.production.match_file(path):
            return None
        for pattern, spec in self.extra:
            if spec.match_file(path):
                return Verdict(pattern, f"matches the `non-production` pattern `{pattern}` of the configuration")
        found = self._default(path)
        if found is None or self._imported_by_production(path) or path in self._served_by_production:
            return None
        return found

    def _default(self, path: str) -> Verdict | None:
        parts = path.split("/")
        for index, part in enumerate(parts[:-1]):
            if part in NON_PRODUCTION_DIRECTORIES:
                return Verdict("/".join(parts[: index + 1]) + "/", f"{NON_PRODUCTION_DIRECTORIES[part]} (`{part}/`)")
        if is_test_module(path, self.project.facts_of(ImportsCollector.name).get(path)):
            return Verdict(path, "test code")
        facts = self.project.facts_of(EntrypointsCollector.name).get(path)
        if not isinstance(facts, FileEntrypoints):
            return None
        if facts.notebook:
            return Verdict(path, "a notebook exported to Python")
        if facts.main_runs and all(run.loopback for run in facts.main_runs) and self._apps_elsewhere(path):
            run = facts.main_runs[0]
            return Verdict(path, f'an app started only under `if __name__ == "__main__"` on loopback '
                                 f"(`{run.call}`, line {run.line}), the service's apps being elsewhere")
        return None

    def _apps_elsewhere(self, path: str) -> bool:
        """True when the project has an application outside `path` and outside non-production directories."""
        return any(app.location.path != path and not any(
            part in NON_PRODUCTION_DIRECTORIES for part in app.location.path.split("/")[:-1])
            for app in self.project.apps)

    def _imported_by_production(self, path: str) -> bool:
        info = self.project.files.get(path)
        return info is not None and info.module in self._production_imports

    @cached_property
    def _served_by_production(self) -> frozenset[str]:
        """Handler files whose routes a production app mounts (`app.include_router(api.test.routes.router)`)."""
        return frozenset(
            route.location.path for route in self.project.routes
            if route.mounted and route.mounts and self._default(route.mounts[-1].location.path) is None)

    @cached_property
    def _production_imports(self) -> frozenset[str]:
        """Modules that production code (no default non-production file) imports."""
        found: set[str] = set()
        for path, facts in self.project.facts_of(ImportsCollector.name).items():
            if not isinstance(facts, FileImports) or self._default(path) is not None:
                continue
            for binding in facts.bindings:
                for name in (binding.module, f"{binding.module}.{binding.attr}" if binding.attr else ""):
                    module = self.project.canonical_module(name) if name else None
                    if module:
                        found.add(module)
        return frozenset(found)
