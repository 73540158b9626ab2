"""Import bindings per file and name resolution across the project's own modules.

The `imports` collector records, for every file, which local names its `import` statements bind
(`import a.b as c` -> c: ("a.b", None); `from .x import y as z` -> z: ("pkg.x", "y")), with
relative imports made absolute from the file's own module. `resolve` then follows a name through
aliases and re-exports (`from .routes import router` in a package `__init__`) to the module that
defines it. Only project modules are followed; anything else resolves to where it was imported
from ("jwt", "encode"), so the answer never depends on what is installed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Mapping

from prodready.engine.astwalk import nested_blocks
from prodready.model.collector import Collector
from prodready.model.project import ParsedSource, ProjectModel

MAX_HOPS = 8


@dataclass(frozen=True)
class ImportBinding:
    """One local name bound by an import: `module` absolute, `attr` None for `import module`."""

    local: str
    module: str
    attr: str | None
    line: int
    top_level: bool  # bound at module level (not inside a function or class)


@dataclass(frozen=True)
class FileImports:
    """The import bindings of one file and the names it defines at module level."""

    module: str
    bindings: tuple[ImportBinding, ...]
    defined: tuple[str, ...]  # module-level def/class/assignment targets
    path_entries: tuple[str, ...] = ()  # folders (relative to the scanned root) the file puts on sys.path

    def binding(self, local: str) -> ImportBinding | None:
        """The binding of `local`, preferring module-level imports over function-level ones."""
        found = [b for b in self.bindings if b.local == local]
        top = [b for b in found if b.top_level]
        return (top or found or [None])[0]

    @property
    def imported_modules(self) -> tuple[str, ...]:
        """Every absolute module this file imports from (with and without the attribute)."""
        seen: dict[str, None] = {}
        for binding in self.bindings:
            seen[binding.module] = None
        return tuple(seen)


def absolute_module(current: str, is_package: bool, level: int, target: str | None) -> str:
    """Make `from <level dots><target> import ...` absolute relative to module `current`."""
    if level == 0:
        return target or ""
    parts = current.split(".") if current else []
    base = parts if is_package else parts[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)] if level - 1 <= len(base) else []
    if target:
        base = [*base, *target.split(".")]
    return ".".join(base)


def _module_level_names(tree: ast.Module) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for node in tree.body:
        for sub in _flatten_blocks(node):
            if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names[sub.name] = None
            elif isinstance(sub, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            names[name.id] = None
    return tuple(names)


def _flatten_blocks(node: ast.stmt) -> list[ast.stmt]:
    """A module-level statement and the statements nested in its if/try/with blocks."""
    out = [node]
    if isinstance(node, (ast.If, ast.Try, ast.With, ast.AsyncWith, getattr(ast, "TryStar", ast.Try))):
        for block in nested_blocks(node):
            for child in block:
                out.extend(_flatten_blocks(child))
    return out


_PLAIN_STATEMENTS = frozenset({  # neither imports nor holders of nested blocks
    ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Raise, ast.Pass, ast.Break,
    ast.Continue, ast.Global, ast.Nonlocal, ast.Delete, ast.Assert,
})


_SAME_PATH_CALLS = frozenset({"abspath", "realpath", "normpath", "str", "Path", "PurePath", "resolve", "absolute",
                              "fspath"})


def sys_path_entry(call: ast.Call, path: str) -> str | None:
    """The folder (relative to the scanned root) that `sys.path.insert(0, <expr>)` or
    `sys.path.append(<expr>)` adds when `<expr>` is built from `__file__` (`os.path.join(
    os.path.dirname(__file__), "..", "shared")`, `Path(__file__).resolve().parents[1]`); None
    for other calls or folders outside the scan."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("insert", "append")
            and isinstance(func.value, ast.Attribute) and func.value.attr == "path"
            and isinstance(func.value.value, ast.Name) and func.value.value.id == "sys"):
        return None
    argument = call.args[-1] if call.args else None
    parts = _file_path(argument, path.split("/")) if argument is not None else None
    if parts is None:
        return None
    normal: list[str] = []
    for part in parts:
        if part == "..":
            if not normal:
                return None
            normal.pop()
        elif part not in ("", "."):
            normal.append(part)
    return "/".join(normal)


def _file_path(node: ast.expr, file_parts: list[str]) -> list[str] | None:
    """Path parts of an expression built from `__file__` (relative to the scanned root)."""
    if isinstance(node, ast.Name) and node.id == "__file__":
        return list(file_parts)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return None
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if isinstance(node.func, ast.Attribute) and name in ("resolve", "absolute") and not node.args:
            return _file_path(node.func.value, file_parts)
        if not node.args:
            return None
        inner = _file_path(node.args[0], file_parts)
        if inner is None:
            return None
        if name == "dirname":
            return [*inner, ".."]
        if name == "join":
            rest = [a.value for a in node.args[1:] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            return [*inner, *(p for piece in rest for p in piece.split("/"))] if len(rest) == len(node.args) - 1 else None
        return inner if name in _SAME_PATH_CALLS else None
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        inner = _file_path(node.value, file_parts)
        return [*inner, ".."] if inner is not None else None
    if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents"
            and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int)):
        inner = _file_path(node.value.value, file_parts)
        return [*inner, *[".."] * (node.slice.value + 1)] if inner is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.right, ast.Constant):
        inner = _file_path(node.left, file_parts)
        right = node.right.value
        return [*inner, *right.split("/")] if inner is not None and isinstance(right, str) else None
    return None


class _ImportVisitor:
    """Finds import statements, walking statement blocks only (imports are never expressions)."""

    def __init__(self, module: str, is_package: bool, path: str = "", sys_path: bool = False) -> None:
        self.module = module
        self.is_package = is_package
        self.path = path
        self.sys_path = sys_path  # the text mentions sys.path: look for entries added to it
        self.depth = 0
        self.bindings: list[ImportBinding] = []
        self.path_entries: list[str] = []

    def visit_body(self, body: list[ast.stmt]) -> None:
        """Record the imports of a block and of the blocks nested in it."""
        for node in body:
            if self.sys_path and type(node) is ast.Expr and type(node.value) is ast.Call:
                entry = sys_path_entry(node.value, self.path)
                if entry is not None:
                    self.path_entries.append(entry)
                continue
            if type(node) in _PLAIN_STATEMENTS:
                continue
            if isinstance(node, ast.Import):
                self.visit_Import(node)
            elif isinstance(node, ast.ImportFrom):
                self.visit_ImportFrom(node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.depth += 1
                self.visit_body(node.body)
                self.depth -= 1
            else:
                for block in nested_blocks(node):
                    self.visit_body(block)

    def visit_Import(self, node: ast.Import) -> None:
        """`import a.b` binds a; `import a.b as c` binds c."""
        for alias in node.names:
            if alias.asname:
                self._bind(alias.asname, alias.name, None, node)
            else:
                top = alias.name.split(".")[0]
                self._bind(top, top, None, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        """`from .x import y as z` binds z to (absolute x, y)."""
        base = absolute_module(self.module, self.is_package, node.level, node.module)
        for alias in node.names:
            if alias.name == "*":
                self._bind("*", base, "*", node)
            else:
                self._bind(alias.asname or alias.name, base, alias.name, node)

    def _bind(self, local: str, module: str, attr: str | None, node: ast.stmt) -> None:
        self.bindings.append(ImportBinding(local, module, attr, node.lineno, self.depth == 0))


class ImportsCollector(Collector):
    """Per file: local name -> (absolute module, attribute or None), and module-level names."""

    name = "imports"

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> FileImports:
        """The import bindings of one parsed file."""
        visitor = _ImportVisitor(source.module, source.is_package, source.path, "sys.path" in source.text)
        visitor.visit_body(source.tree.body)
        return FileImports(source.module, tuple(visitor.bindings), _module_level_names(source.tree),
                           tuple(dict.fromkeys(visitor.path_entries)))


def file_imports(project: ProjectModel, module: str) -> FileImports | None:
    """The imports facts of a project module, or None when it is not part of the project."""
    path = project.module_path(module)
    if path is None:
        return None
    facts: Any = project.facts_of(ImportsCollector.name).get(path)
    return facts if isinstance(facts, FileImports) else None


def is_project_module(project: ProjectModel, module: str) -> bool:
    """True when `module` is one of the scanned files."""
    return project.module_path(module) is not None


def resolve(project: ProjectModel, module: str, name: str, imported: bool = False) -> tuple[str, str | None]:
    """Where `name`, as seen from project module `module`, is really defined.

    Returns (module, attribute): ("api.v1.rbac_test_routes", "router") for a router imported
    through a package re-export, ("jwt", "encode") for a third-party function, (module, None)
    when the name is a module itself. A name the module neither imports nor defines resolves to
    (module, name). Dotted names ("routes.router") are resolved head first; `imported`: the head
    is the module's import even though the module also defines that name (used before the
    definition rebinds it).
    """
    head, _, rest = name.partition(".")
    target_module, attr = _resolve_simple(project, module, head, imported=imported)
    for part in rest.split(".") if rest else []:
        if attr is None:
            target_module, attr = _descend_module(project, target_module, part)
        else:
            target_module, attr = target_module, f"{attr}.{part}"
    return target_module, attr


def qualified(project: ProjectModel, module: str, name: str, imported: bool = False) -> str:
    """`resolve` as one dotted name ("api.v1.rbac_test_routes.router", "jwt.encode")."""
    target, attr = resolve(project, module, name, imported)
    return f"{target}.{attr}" if attr else target


def _descend_module(project: ProjectModel, module: str, part: str) -> tuple[str, str | None]:
    """`module.part`: a submodule when the project has it and `module` does not bind `part` itself, else a
    name looked up in `module`."""
    sub = f"{module}.{part}" if module else part
    if is_project_module(project, sub) and not _binds(project, module, part):
        return sub, None
    if is_project_module(project, module):
        return _resolve_simple(project, module, part)
    return module, part


def _resolve_simple(project: ProjectModel, module: str, name: str, hops: int = 0,
                    imported: bool = False) -> tuple[str, str | None]:
    facts = file_imports(project, module)
    if facts is None or hops > MAX_HOPS:
        return module, name
    if name in facts.defined and not (imported and facts.binding(name) is not None):
        return module, name
    binding = facts.binding(name)
    if binding is None:
        star = _through_star_imports(project, facts, name, hops)
        return star if star is not None else (module, name)
    bound = _canonical(project, binding.module, module)
    if binding.attr is None:
        return bound, None
    submodule = _canonical(project, f"{bound}.{binding.attr}" if bound else binding.attr, module)
    if is_project_module(project, submodule) and not _binds(project, bound, binding.attr):
        return submodule, None
    if is_project_module(project, bound):
        return _resolve_simple(project, bound, binding.attr, hops + 1)
    return bound, binding.attr


def _canonical(project: ProjectModel, module: str, importer: str = "") -> str:
    """The scanned module an import in `importer` names (see ProjectModel.canonical_module), else the name."""
    return (project.canonical_module(module, importer) or module) if module else module


def absolute_name(project: ProjectModel, importer: str, dotted: str) -> str:
    """A module-and-attribute name written as a string in `importer` (Django's `include("shop.urls")`,
    `ROOT_URLCONF`, `"api.routes:router"`) as the project names it: its longest leading part
    that is a module is resolved like an import; the name itself when no part is."""
    parts = dotted.replace(":", ".").split(".")
    for cut in range(len(parts), 0, -1):
        module = project.canonical_module(".".join(parts[:cut]), importer)
        if module is not None and is_project_module(project, module):
            return ".".join([module, *parts[cut:]])
    return dotted.replace(":", ".")


def _binds(project: ProjectModel, module: str, name: str) -> bool:
    """True when `module` itself binds `name` (a package `__init__` doing `from .reco import reco`
    makes `pkg.reco` the blueprint, not the submodule; `from .health import *` binds the `health`
    view that health.py defines)."""
    facts = file_imports(project, module)
    if facts is None:
        return False
    if name in facts.defined:
        return True
    binding = facts.binding(name)
    if binding is None:
        return _through_star_imports(project, facts, name, 0) is not None
    return binding.top_level and _canonical(project, binding.module, module) != module


def _through_star_imports(
    project: ProjectModel, facts: FileImports, name: str, hops: int
) -> tuple[str, str | None] | None:
    for binding in facts.bindings:
        if binding.local == "*" and is_project_module(project, binding.module):
            inner = file_imports(project, binding.module)
            if inner and (name in inner.defined or inner.binding(name)):
                return _resolve_simple(project, binding.module, name, hops + 1)
    return None
