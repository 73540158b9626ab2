"""Every import of prodready points down the layer table of docs/architecture.md: none points up a
layer, leaves the kit, or closes a circle (read with `ast`, imports inside functions included)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

REPO = Path(__file__).resolve().parents[2]
ARCHITECTURE = REPO / "docs" / "architecture.md"
SOURCES = (REPO / "src", REPO / "kit" / "src")  # the scanner's distribution, the kit's
ANY = "any"  # the layer of a module anyone may import (the version); it imports nothing
APART = "apart"  # the layer of a package that imports nothing outside itself (the kit)
_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Row:
    """One row of the layer table: a package (or module) and its layer."""

    package: str
    layer: str  # a number, ANY or APART

    @property
    def rank(self) -> int | None:
        """The layer as a number (None for ANY and APART)."""
        return int(self.layer) if self.layer.isdigit() else None

    def covers(self, module: str) -> bool:
        """True when `module` belongs to this row (an ANY row covers its own module only)."""
        return module == self.package or (self.layer != ANY and module.startswith(self.package + "."))


def read_layer_table(markdown: str) -> list[Row]:
    """The rows of the first Markdown table with a `layer` and a `package` column."""
    lines = iter(markdown.splitlines())
    for line in lines:
        cells = [cell.lower() for cell in _cells(line)]
        if "layer" in cells and "package" in cells:
            layer_at, package_at = cells.index("layer"), cells.index("package")
            next(lines)  # the |---| line
            rows = []
            for row in lines:
                if not row.startswith("|"):
                    break
                values = _cells(row)
                package = _CODE.search(values[package_at])
                assert package is not None, f"no `package` in the layer table row {row!r}"
                rows.append(Row(package.group(1), values[layer_at]))
            return rows
    raise AssertionError("docs/architecture.md has no table with `layer` and `package` columns")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []


def read_sources(root: Path) -> dict[str, str]:
    """{path relative to `root` (POSIX): text} of every Python file below it."""
    return {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8") for path in sorted(root.rglob("*.py"))}


def module_of(relpath: str) -> tuple[str, bool]:
    """The dotted module name of a source path and whether it is a package's `__init__`."""
    parts = relpath[: -len(".py")].split("/")
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def imports_of(module: str, is_package: bool, text: str, known: Iterable[str]) -> set[str]:
    """The modules of `known` that one module's import statements name, wherever they stand."""
    known = set(known)
    found: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in known:
                    found.add(submodule)
                elif base in known:
                    found.add(base)
    found.discard(module)
    return found


def _absolute(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The module `from <level dots><target> import ...` names, seen from `module`."""
    if level == 0:
        return target or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, *([target] if target else [])])


def layer_violations(sources: Mapping[str, str], rows: list[Row]) -> list[str]:
    """What breaks the layering: uncovered modules, imports that point up or leave a package
    that stands apart, and circles of modules or of packages."""
    modules = {module_of(relpath): text for relpath, text in sources.items()}
    names = [name for name, _ in modules]
    graph = {name: imports_of(name, is_package, text, names) for (name, is_package), text in modules.items()}
    owners = {name: max((r for r in rows if r.covers(name)), key=lambda r: len(r.package), default=None) for name in names}
    problems = [f"{name}: no row of the layer table covers it" for name, row in owners.items() if row is None]
    packages: dict[str, set[str]] = {}
    for name, targets in graph.items():
        source = owners[name]
        for target in sorted(targets):
            goal = owners[target]
            if source is None or goal is None or goal == source:
                continue
            packages.setdefault(source.package, set()).add(goal.package)
            problem = _arrow_problem(source, goal)
            if problem:
                problems.append(f"{name} imports {target}: {problem}")
    problems += [f"circle of modules: {' <-> '.join(c)}" for c in circles(graph)]
    problems += [f"circle of packages: {' <-> '.join(c)}" for c in circles(packages)]
    return problems


def _arrow_problem(source: Row, goal: Row) -> str:
    """Why an import from one row's package into another's is not allowed ("" when it is)."""
    if source.rank is None:
        return f"{source.package} is {source.layer} and imports nothing outside itself"
    if goal.rank is not None and goal.rank > source.rank:
        return f"points up from layer {source.layer} ({source.package}) to layer {goal.layer} ({goal.package})"
    return ""


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def project_sources() -> dict[str, str]:
    """Every Python file of both distributions, by path relative to its `src`."""
    return {relpath: text for root in SOURCES for relpath, text in read_sources(root).items()}


def project_rows() -> list[Row]:
    """The layer table of docs/architecture.md."""
    return read_layer_table(ARCHITECTURE.read_text(encoding="utf-8"))


def test_the_package_keeps_to_the_layer_table() -> None:
    assert layer_violations(project_sources(), project_rows()) == []


def test_the_table_is_read_from_the_architecture_doc() -> None:
    layers = {row.package: row.layer for row in project_rows()}
    assert layers["prodready.model"] == "0"
    assert int(layers["prodready.engine"]) < int(layers["prodready.frameworks"]) < int(layers["prodready.rules"])
    assert int(layers["prodready.rules"]) < int(layers["prodready.pipeline"]) < int(layers["prodready.reports"])
    assert (layers["prodready"], layers["prodready_kit"]) == (ANY, APART)


def test_an_upward_import_added_to_the_package_is_reported() -> None:
    sources = project_sources()
    sources["prodready/model/findings.py"] += "\n\ndef _late():\n    from prodready.pipeline.scan import scan\n"
    problems = layer_violations(sources, project_rows())
    assert "prodready.model.findings imports prodready.pipeline.scan: points up from layer 0 (prodready.model)" \
        " to layer 4 (prodready.pipeline)" in problems
    assert any(p.startswith("circle of packages: ") and "prodready.model" in p for p in problems)


def test_frameworks_may_not_import_rules() -> None:
    sources = project_sources()
    sources["prodready/frameworks/gates.py"] += "\nfrom prodready.rules.base import Rule\n"
    assert layer_violations(sources, project_rows()) == [
        "prodready.frameworks.gates imports prodready.rules.base: points up from layer 2 (prodready.frameworks)"
        " to layer 3 (prodready.rules)",
        "circle of packages: prodready.frameworks <-> prodready.rules",
    ]


TABLE = """
| layer | package | holds |
|---|---|---|
| any | `app` | the version |
| 0 | `app.low` | |
| 1 | `app.left` | |
| 1 | `app.right` | |
| apart | `app.kit` | |
"""


def test_a_relative_upward_import_is_reported() -> None:
    sources = {"app/__init__.py": "", "app/low/__init__.py": "", "app/low/a.py": "from ..left import b\n",
               "app/left/__init__.py": "", "app/left/b.py": ""}
    assert layer_violations(sources, read_layer_table(TABLE)) == [
        "app.low.a imports app.left.b: points up from layer 0 (app.low) to layer 1 (app.left)",
    ]


def test_a_circle_within_a_layer_is_reported() -> None:
    sources = {"app/left/__init__.py": "", "app/left/b.py": "import app.right.c\n",
               "app/right/__init__.py": "", "app/right/c.py": "from app.left import d\n", "app/left/d.py": ""}
    assert layer_violations(sources, read_layer_table(TABLE)) == ["circle of packages: app.left <-> app.right"]


def test_a_circle_of_modules_in_one_package_is_reported() -> None:
    sources = {"app/low/x.py": "from app.low.y import f\n", "app/low/y.py": "def f():\n    import app.low.x\n"}
    assert layer_violations(sources, read_layer_table(TABLE)) == ["circle of modules: app.low.x <-> app.low.y"]


def test_what_stands_apart_imports_nothing_else_and_uncovered_modules_are_reported() -> None:
    sources = {"app/__init__.py": "", "app/kit/g.py": "import app\n", "app/low/a.py": "import app.kit.g\n",
               "app/new.py": "import app.low.a\n"}
    assert layer_violations(sources, read_layer_table(TABLE)) == [
        "app.new: no row of the layer table covers it",
        "app.kit.g imports app: app.kit is apart and imports nothing outside itself",
    ]
