"""Link per-file route facts of every framework into apps and effective routes.

Every reference (`app.include_router(rbac_test_routes.router)`) is resolved to a project-wide
object name through the file's scopes, its imports (`prodready.engine.imports.resolve`), module
aliases (`router = routes.router`) and factory returns (`app = create_app()`). Each route then
gets one `Route` per chain of mounts that reaches an application (prefixes joined, gates
gathered), or a single unmounted `Route` when no chain does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from prodready.engine import imports
from prodready.frameworks import classbound, registry
from prodready.frameworks.collector import RoutesCollector
from prodready.frameworks.constants import FileConstants, PathConstantsCollector
from prodready.frameworks.dynamic import MODULE_CALLS, OBJECT_CALLS
from prodready.frameworks.facts import (
    CollectionDecl,
    Condition,
    Dependency,
    FileRouteFacts,
    GuardDecl,
    MountDecl,
    ObjectDecl,
    Ref,
    RouteDecl,
    ViewDecl,
)
from prodready.frameworks.functions import (
    FileCalls,
    FileFunctions,
    FunctionCallsCollector,
    FunctionInfo,
    FunctionsCollector,
)
from prodready.frameworks.gates import is_auth_name, is_gate_condition, is_guard_name
from prodready.frameworks.testfiles import in_test_directory, is_test_module
from prodready.frameworks.astutil import last_name
from prodready.frameworks.visitor import EXPRESSION_MARK
from prodready.model.config import Config
from prodready.model.findings import Location
from prodready.model.project import AppDecl, Gate, Mount, ProjectModel, Route

MAX_ALIAS_HOPS = 8
MAX_CHAINS = 32
APP_PARAMETER_NAMES = ("app", "application", "flask_app", "fastapi_app")
APP_PROXIES = ("flask.current_app", "quart.current_app")  # `from flask import current_app as app`
EXPRESSION = EXPRESSION_MARK + "{"
GENERIC_OBJECT_NAMES = ("router", "bp", "blueprint", "app", "api", "routes", "urlpatterns", "api_router")
SELF_NAMES = ("self", "cls")
DYNAMIC_CALLS = MODULE_CALLS | OBJECT_CALLS | {"getattr", "<dynamic>"}  # a child a static reader cannot name
PREFLIGHT_METHODS = frozenset({"OPTIONS", "HEAD"})
FRAMEWORK_FAMILIES = {"starlette": "fastapi"}  # FastAPI apps mount Starlette routers and the reverse
_NAMED = re.compile(re.escape(EXPRESSION) + r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\}")  # `${API_PREFIX}`, `${config.PREFIX}`
_SETTING = re.compile(re.escape(EXPRESSION) + r"settings\.([A-Z][A-Z0-9_]*)\}")  # `${settings.API_VERSION}`


@dataclass(frozen=True)
class _Edge:
    """A resolved mount: `child` mounted on `parent` by `decl` in `module`."""

    parent: str
    child: str
    decl: MountDecl
    module: str
    bound: str = ""  # the class a classmethod child runs for (`View.configure(config)`)


@dataclass
class ProjectRoutes:
    """Route facts of the whole project, indexed for resolution (built once per link)."""

    project: ProjectModel
    gate_names: tuple[str, ...]
    files: dict[str, FileRouteFacts] = field(default_factory=dict)  # by module
    paths: dict[str, str] = field(default_factory=dict)  # module -> relative path
    functions: dict[str, FileFunctions] = field(default_factory=dict)  # by module
    objects: dict[str, tuple[str, ObjectDecl]] = field(default_factory=dict)  # qualified -> (module, decl)
    local_keys: dict[str, set[str]] = field(default_factory=dict)  # module -> object/alias keys
    aliases: dict[str, tuple[str, Ref]] = field(default_factory=dict)
    collections: dict[str, tuple[str, CollectionDecl]] = field(default_factory=dict)  # qualified -> (module, decl)
    dynamic: set[str] = field(default_factory=set)  # framework families with a mount of a child no reader can name
    returns: dict[str, list[tuple[str, Ref]]] = field(default_factory=dict)  # function -> values
    edges: dict[str, list[_Edge]] = field(default_factory=dict)  # child -> edges to parents
    guards: dict[str, list[tuple[str, GuardDecl]]] = field(default_factory=dict)  # target -> guards
    test_modules: set[str] = field(default_factory=set)  # modules under tests/ or test/ directories
    views: dict[str, list[tuple[str, ViewDecl]]] = field(default_factory=dict)  # route name -> views bound to it
    handed: dict[str, list[tuple[str, str, Ref]]] = field(default_factory=dict)  # function -> (module, argument, object)
    hands_dynamically: set[tuple[str, str]] = field(default_factory=set)  # (framework, top package) of modules
    # handing an app to a function no reader can name (`getattr(extension, factory)(app)`)
    imported_names: set[str] = field(default_factory=set)  # names some module imports from another
    _django_roots: set[str] | None = None
    _settings: dict[str, str] | None = None
    constants: dict[str, str] = field(default_factory=dict)  # "config.API_PREFIX" -> "/api": path-like module constants
    dependency_aliases: dict[str, tuple[str, tuple[Dependency, ...]]] = field(default_factory=dict)  # "deps.CurrentUser" ->
    # (module, the dependencies of its `Annotated[..., Depends(...)]`)

    def build(self) -> "ProjectRoutes":
        """Index the facts of every file but test modules (routers in test directories count:
        production code may mount them)."""
        imports_facts = self.project.facts_of(imports.ImportsCollector.name)
        for path, facts in sorted(self.project.facts_of(RoutesCollector.name).items()):
            if not isinstance(facts, FileRouteFacts) or is_test_module(path, imports_facts.get(path)):
                continue
            self.files[facts.module] = facts
            self.paths[facts.module] = path
            if in_test_directory(path):
                self.test_modules.add(facts.module)
            keys = self.local_keys.setdefault(facts.module, set())
            for obj in facts.objects:
                if facts.module in self.test_modules and obj.kind not in ("router", "handler"):
                    continue  # a test directory's apps and route lists serve the tests
                self.objects.setdefault(f"{facts.module}.{obj.key}", (facts.module, obj))
                keys.add(obj.key)
            for alias in facts.aliases:
                self.aliases.setdefault(f"{facts.module}.{alias.key}", (facts.module, alias.target))
                keys.add(alias.key)
            for collection in facts.collections:
                self.collections.setdefault(f"{facts.module}.{collection.key}", (facts.module, collection))
                keys.add(collection.key)
            for ret in facts.returns:
                self.returns.setdefault(f"{facts.module}.{ret.function}", []).append((facts.module, ret.value))
            for view in facts.views:
                self.views.setdefault(view.route_name, []).append((facts.module, view))
            for alias, dependencies in facts.dependency_aliases:
                self.dependency_aliases[f"{facts.module}.{alias}"] = (facts.module, dependencies)
            for call in facts.handing_calls:
                if call.callee is None:
                    self.hands_dynamically.add((family(self.file_framework(facts.module)),
                                                facts.module.partition(".")[0]))
                    continue
                function = self.name_in(facts.module, call.callee.text, call.callee.scope, call.callee.imported)
                self.handed.setdefault(function, []).extend((facts.module, key, ref) for key, ref in call.arguments)
        self.imported_names = {b.attr for f in imports_facts.values() if isinstance(f, imports.FileImports)
                               for b in f.bindings if b.attr}
        for path, facts in self.project.facts_of(FunctionsCollector.name).items():
            if isinstance(facts, FileFunctions):
                self.functions[facts.module] = facts
                self.paths.setdefault(facts.module, path)
        for path, found in self.project.facts_of(PathConstantsCollector.name).items():
            info = self.project.files.get(path)
            if isinstance(found, FileConstants) and info is not None:
                self.constants.update((f"{info.module}.{name}", value) for name, value in found.values)
        for module, facts in self.files.items():
            for guard in facts.guards:
                self.guards.setdefault(self.resolve(module, guard.target), []).append((module, guard))
            for mount in facts.mounts:
                parent, children = self.resolve(module, mount.parent), self.resolve_all(module, mount.child)
                if parent.startswith("param:") and not self.reached(module, mount.parent.scope):
                    continue  # `def register(app: FastAPI)` that nothing calls
                if not children or any(c.startswith("param:") for c in children):
                    self.dynamic.add(family(mount.framework))
                for child in (c for name in children for c in self.inherited_routers(name)):
                    if parent and child:
                        child, bound = classbound.template(self, self.objects, child) or (child, "")
                        self.edges.setdefault(child, []).append(_Edge(parent, child, mount, module, bound))
        return self

    def inherited_routers(self, name: str, depth: int = 0) -> list[str]:
        """`name` and the project base classes it inherits routes from: a ViewSet subclass registered
        on a router serves its bases' extra actions (DRF `@action`s are routers of their class)."""
        found = self.function(name)
        if found is None or not found[1].is_class or depth > MAX_ALIAS_HOPS:
            return [name]
        bases = [self.name_in(found[0], base, "") for base in found[1].bases]
        return [name, *(b for base in bases if base != name for b in self.inherited_routers(base, depth + 1)
                        if b in self.objects)]

    def resolve_all(self, module: str, ref: Ref) -> list[str]:
        """The names `ref` denotes: one, each item of the collection it names (`for bp in
        settings.BLUEPRINTS`), or none when it is registered dynamically (`getattr(m, name)`)."""
        if ref.is_call and (ref.each or last_name(ref.text) in DYNAMIC_CALLS):
            return []
        if not ref.each:
            name = self.resolve(module, ref)
            return [name] if name else []
        found = self.collections.get(self.resolve(module, replace(ref, each=False, attribute="")))
        if found is None:
            return []
        home, collection = found
        names = []
        for item in collection.items:
            name = self.resolve(home, item)
            if name and ref.attribute:
                name = self.follow(f"{name}.{ref.attribute}", 0)
            if name:
                names.append(name)
        return names

    # -- names ----------------------------------------------------------------------------
    def resolve(self, module: str, ref: Ref, hops: int = 0) -> str:
        """The project-wide name `ref` denotes from `module` ("" when it cannot be told)."""
        if hops > MAX_ALIAS_HOPS:
            return ""
        if ref.parameter and not ref.is_call:
            if ref.text.count(".") == 0:
                return self.argument(module, ref, hops) or f"param:{ref.parameter}"
            return self.member(module, ref)
        if ref.absolute:  # include("shop.urls"): resolved from the file's own source roots
            return self.follow(imports.absolute_name(self.project, module, ref.text), hops)
        name = self.name_in(module, ref.text, ref.scope, ref.imported)
        if ref.is_call:
            for ret_module, value in self.returns.get(name, []):
                made = self.resolve(ret_module, value, hops + 1)
                if made in self.objects:
                    return made
            return f"call:{name}"
        return self.follow(name, hops)

    def argument(self, module: str, ref: Ref, hops: int) -> str:
        """The one object every call of the enclosing function hands to parameter `ref`
        (`register_views(bp_dev, app)` for `def register_views(bp, app)`), else ""."""
        parts = ref.scope.split(".")
        for end in range(len(parts), 0, -1):
            function = f"{module}.{'.'.join(parts[:end])}"
            found = self.function(function)
            if found is None or ref.text not in found[1].params:
                continue
            position = str(found[1].params.index(ref.text))
            names = {self.resolve(home, handed, hops + 1) for home, key, handed in self.handed.get(function, [])
                     if key in (position, ref.text)}
            return names.pop() if len(names) == 1 and next(iter(names)) in self.objects else ""
        return ""

    def reached(self, module: str, scope: str) -> bool:
        """False for a module-level function nothing calls with an object, nothing imports, while
        no module of its framework or its top package hands an app to a function no reader can
        name (its mounts never run)."""
        if not scope or "." in scope or scope in self.imported_names or f"{module}.{scope}" in self.handed:
            return True
        framework, top = family(self.file_framework(module)), module.partition(".")[0]
        return any(f == framework or t == top for f, t in self.hands_dynamically)

    def member(self, module: str, ref: Ref) -> str:
        """`self.handle` inside a method: the enclosing class's attribute ("" for other parameters)."""
        head, _, rest = ref.text.partition(".")
        functions = self.functions.get(module)
        if head not in SELF_NAMES or functions is None:
            return ""
        parts = ref.scope.split(".")
        for end in range(len(parts) - 1, 0, -1):
            info = functions.get(".".join(parts[:end]))
            if info is not None and info.is_class:
                return f"{module}.{'.'.join(parts[:end])}.{rest}"
        return ""

    def name_in(self, module: str, text: str, scope: str, imported: bool = False) -> str:
        """Qualify a dotted name written in `module` inside function `scope` (`imported`: its head
        is the module's import, not a later definition of the same name)."""
        if imported:
            return imports.qualified(self.project, module, text, imported=True)
        keys = self.local_keys.get(module, set())
        head, dot, rest = text.partition(".")
        parts = scope.split(".") if scope else []
        functions = self.functions.get(module)
        for depth in range(len(parts), 0, -1):  # a factory's local `app` shadows a module-level one
            candidate = ".".join([*parts[:depth], head])
            if depth < len(parts) and functions is not None and _is_class(functions, ".".join(parts[:depth])):
                continue  # a method does not see its class's names (`self.handlers` is no `handlers`)
            if candidate in keys:
                return f"{module}.{candidate}{dot}{rest}"
        if text in keys:
            return f"{module}.{text}"
        if head in keys:
            return f"{module}.{text}"
        nested = ".".join([*parts, head])  # a function defined inside the enclosing one
        if parts and functions and functions.get(nested):
            return f"{module}.{nested}{dot}{rest}"
        return imports.qualified(self.project, module, text)

    def follow(self, name: str, hops: int) -> str:
        """Follow module-level aliases until an object (or something unknown) is reached."""
        if name in self.objects:
            return name
        owner, _, attribute = name.rpartition(".")
        if owner in self.objects and registry.self_attribute(self.objects[owner][1].framework, attribute):
            return owner  # include(router.urls)
        alias = self.aliases.get(name)
        if alias is not None:
            resolved = self.resolve(alias[0], alias[1], hops + 1)
            return resolved or name
        return name

    def mounts_of(self, name: str) -> list[_Edge]:
        """The mounts of object `name`: its own, and the package scans (`pkg.*`) that reach it when
        it is found by scanning (Pyramid's `config.scan`)."""
        edges = list(self.edges.get(name, []))
        found = self.objects.get(name)
        if found is not None and found[1].scanned:
            parts = name.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                edges += [replace(e, child=name) for e in self.edges.get(".".join(parts[:cut]) + registry.SCAN_ALL, [])]
        return edges

    def function(self, qualified: str, line: int = 0) -> tuple[str, FunctionInfo] | None:
        """(module, info) of a project function or class by its qualified name (the definition
        at or after `line` when the module defines the name more than once)."""
        parts = qualified.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            facts = self.functions.get(module)
            if facts is not None:
                info = facts.get(".".join(parts[cut:]), line)
                return (module, info) if info else None
        return None

    def instance_method(self, qualified: str) -> tuple[str, FunctionInfo] | None:
        """`pkg.services.health_service.check` where `health_service = HealthService()` at module
        level: (module, info) of `HealthService.check`; None otherwise."""
        instance, _, method = qualified.rpartition(".")
        home, _, variable = instance.rpartition(".")
        facts = self.functions.get(home)
        cls = facts.instance_class(variable) if facts is not None and variable else ""
        if not cls:
            return None
        found = self.function(f"{imports.qualified(self.project, home, cls)}.{method}")
        return found if found is not None and not found[1].is_class else None

    def calls(self, module: str, info: FunctionInfo) -> tuple[str, ...]:
        """The dotted names a project function calls, in source order (its module is analysed
        when first asked about)."""
        facts = self.project.facts_at(FunctionCallsCollector.name, self.paths.get(module))
        return facts.calls.get((info.qualname, info.def_line), ()) if isinstance(facts, FileCalls) else ()

    def is_app(self, name: str) -> bool:
        """True for application objects, app-like parameters (`def setup(app: FastAPI)`, a
        function's `<app>` object), and Flask's `current_app` proxy."""
        if name in APP_PROXIES:
            return True
        if name.startswith("param:"):
            hint = name[len("param:"):].rsplit(".", 1)[-1]
            return hint in registry.app_classes() or hint in APP_PARAMETER_NAMES
        if name.endswith("." + registry.PARAMETER_APP):  # an app handed to a function nobody is seen calling
            return True
        found = self.objects.get(name)
        return found is not None and (found[1].kind == "app" or name in self.django_roots)

    def file_framework(self, module: str) -> str:
        """The framework a module imports most names from, its extensions (`fastapi_utils`,
        `flask_cors`) counting for it ("" when it imports none)."""
        facts = self.project.facts_of(imports.ImportsCollector.name).get(self.paths.get(module, ""))
        if not isinstance(facts, imports.FileImports):
            return ""
        counts: dict[str, int] = {}
        for binding in facts.bindings:
            root = binding.module.split(".")[0]
            for adapter in registry.ADAPTERS.values():
                if root in adapter.import_roots or root.split("_")[0] in adapter.import_roots:
                    counts[adapter.framework] = counts.get(adapter.framework, 0) + 1
        return max(counts, key=lambda f: counts[f]) if counts else ""

    @property
    def django_roots(self) -> set[str]:
        """Root urlpatterns: ROOT_URLCONF's, else every Django list nothing includes."""
        if self._django_roots is not None:
            return self._django_roots
        configured = {imports.absolute_name(self.project, module, f"{f.root_urlconf}.urlpatterns")
                      for module, f in self.files.items() if f.root_urlconf}
        lists = {n for n, (_, o) in self.objects.items() if o.framework == "django" and o.kind == "list"}
        roots = (configured & lists) or {n for n in lists if n not in self.edges}
        self._django_roots = roots
        return roots

    @property
    def settings(self) -> dict[str, str]:
        """Django settings values of the project's settings modules (a name they set differently is left out)."""
        if self._settings is None:
            values: dict[str, set[str]] = {}
            for facts in self.files.values():
                for name, value in facts.settings:
                    values.setdefault(name, set()).add(value)
            self._settings = {name: found.pop() for name, found in values.items() if len(found) == 1}
        return self._settings

    def expand(self, path: str, module: str = "") -> str:
        """A path with its `settings.NAME` pieces replaced by the Django setting's value and, written in
        `module`, its pieces naming another module's string constant (`{API_PREFIX}` imported from
        `config`) by that constant, where known."""
        if EXPRESSION not in path:
            return path
        path = _SETTING.sub(lambda match: self.settings.get(match.group(1), match.group(0)), path)
        if module and EXPRESSION in path:
            path = _NAMED.sub(lambda match: self.constants.get(self.name_in(module, match.group(1), ""), match.group(0)), path)
        return path

    # -- locations and gates ----------------------------------------------------------------
    def location(self, module: str, line: int, end_line: int | None = None, message: str = "") -> Location:
        """A Location in a project module."""
        return Location(self.paths.get(module, module.replace(".", "/") + ".py"), line, end_line or line,
                        message=message)

    def condition_gates(self, module: str, conditions: Iterable[Condition]) -> list[Gate]:
        """Gates for the env/debug conditions among `conditions`."""
        return [
            Gate("condition", c.expression, self.location(module, c.line, c.end_line, "gate"))
            for c in conditions if is_gate_condition(c, self.gate_names)
        ]

    def dependency_gates(self, module: str, dependencies: Iterable[Dependency]) -> list[Gate]:
        """Gates for auth dependencies and kit guards among `dependencies`."""
        gates = []
        for dep in dependencies:
            if not dep.callee:
                continue
            qualified = self.name_in(module, dep.callee, dep.scope)
            location = self.location(module, dep.line or 1, message="gate")
            if is_guard_name(qualified) or is_guard_name(dep.callee):
                gates.append(Gate("guard", dep.text, location))
            elif is_auth_name(dep.callee):
                gates.append(Gate("auth", dep.text, location))
        return gates

    def annotation_gates(self, module: str, annotations: Iterable[Dependency]) -> list[Gate]:
        """Gates of the dependency aliases parameters are annotated with (`_: ApiKeyDep`, where
        `ApiKeyDep = Annotated[str, Depends(api_key_dep)]`)."""
        gates = []
        for annotation in annotations:
            found = self.dependency_aliases.get(self.name_in(module, annotation.callee, annotation.scope))
            if found is not None:
                gates += self.dependency_gates(*found)
        return gates

    def caller_gates(self, function: str) -> list[Gate]:
        """Env/debug conditions the calls of project function `function` are made under."""
        gates = []
        for module, facts in self.files.items():
            for call in facts.conditional_calls:
                if self.name_in(module, call.callee.text, call.callee.scope) == function:
                    gates += self.condition_gates(module, call.conditions)
        return gates

    def object_gates(self, name: str) -> list[Gate]:
        """Gates on an object itself: its condition, its dependencies, guards and login hooks on it."""
        found = self.objects.get(name)
        if found is None:
            return []
        module, obj = found
        gates = self.condition_gates(module, obj.conditions) + self.dependency_gates(module, obj.dependencies)
        for guard_module, guard in self.guards.get(name, []):
            location = self.location(guard_module, guard.line, message="gate")
            if is_guard_name(self.name_in(guard_module, guard.callee, "")) or is_guard_name(guard.callee):
                gates.append(Gate("guard", f"{guard.callee}(...)", location))
            elif is_auth_name(guard.callee):
                gates.append(Gate("auth", f"before_request {guard.callee}", location))
        return gates


def _is_class(functions: FileFunctions, qualname: str) -> bool:
    """True when `qualname` is a class of the module."""
    info = functions.get(qualname)
    return info is not None and info.is_class


def family(framework: str) -> str:
    """The framework whose apps mount this framework's routers (FastAPI and Starlette are one)."""
    return FRAMEWORK_FAMILIES.get(framework, framework)


def _join(parts: Iterable[str]) -> str:
    """Join URL prefixes and a local path into one absolute path; a piece that starts with an
    expression (`{settings.API_V1_STR}`, which holds its own slash) gets none in front."""
    pieces = [p for p in parts if p.strip("/")]
    if not pieces:
        return "/"
    joined = "".join(p.rstrip("/") if p.startswith(EXPRESSION) else "/" + p.strip("/") for p in pieces)
    if parts and [p for p in parts if p][-1].endswith("/"):
        joined += "/"
    return shown(joined)


def shown(path: str) -> str:
    """A path as users wrote it: expression pieces in Python's f-string style (`{settings.X}`)."""
    return path.replace(EXPRESSION, "{")


def _chains(index: ProjectRoutes, name: str, seen: frozenset[str] = frozenset()) -> list[list[_Edge]]:
    """Chains of mounts (innermost first) from object `name` up to an application; a sub-app
    mounted in another app is followed to the outermost one."""
    found: list[list[_Edge]] = []
    for edge in index.mounts_of(name):
        if edge.parent in seen:
            continue
        for chain in _chains(index, edge.parent, seen | {name}):
            found.append([edge, *chain])
            if len(found) >= MAX_CHAINS:
                return found
    if not found and index.is_app(name):
        return [[]]
    return found


def _mount(index: ProjectRoutes, edge: _Edge) -> Mount:
    gates = index.condition_gates(edge.module, edge.decl.conditions)
    if edge.decl.parent.parameter and edge.decl.parent.scope:  # def setup(app): app.include_router(...)
        gates += index.caller_gates(f"{edge.module}.{edge.decl.parent.scope}")
    gates += index.dependency_gates(edge.module, edge.decl.dependencies)
    return Mount(
        location=index.location(edge.module, edge.decl.line, edge.decl.end_line, "mount"),
        prefix=shown(index.expand(edge.decl.prefix or "", edge.module)),
        parent=edge.parent,
        gates=tuple(gates),
    )


def _commented_mounts(index: ProjectRoutes, name: str) -> list[Mount]:
    """Commented-out mount lines that name the object (`# app.include_router(test.router)`)."""
    module, _, var = name.rpartition(".")
    module_last = module.rsplit(".", 1)[-1]
    found = []
    for other, facts in index.files.items():
        for comment in facts.commented:
            text = comment.text
            named = f"{module_last}.{var}" in text or (
                var not in GENERIC_OBJECT_NAMES and var in text) or (other == module and f"({var}" in text)
            if named or (module_last and module_last in text and module_last not in GENERIC_OBJECT_NAMES):
                found.append(Mount(index.location(other, comment.line, message="commented-out mount"),
                                   commented_out=True))
    return found


def _path_parts(index: ProjectRoutes, chain: list[_Edge], owner: tuple[str, ObjectDecl] | None,
                own_prefix: bool = True) -> list[str]:
    """The prefixes from the outermost mount in to the route's owner, each expanded in the module that
    writes it (`own_prefix` False: not the owner's own, as for FastAPI routes given to
    `APIRouter(prefix=..., routes=[...])`)."""
    root = index.objects.get(chain[-1].parent) if chain else None
    top = root or owner
    at_top = top is not None and top[1].kind == "app" and (own_prefix or bool(chain))
    parts: list[str] = [index.expand(top[1].prefix, top[0])] if top is not None and at_top else []
    for position, edge in enumerate(reversed(chain)):  # `app.router.prefix = "/api"`, `Configurator(route_prefix=)` above
        child = index.objects.get(edge.child)
        child_decl = child[1] if child else None
        adapter = registry.ADAPTERS.get(child_decl.framework) if child_decl else None
        parts.append(index.expand(edge.decl.prefix or "", edge.module))
        replaced = adapter is not None and adapter.prefix_replaced_by_mount and edge.decl.prefix is not None
        innermost = position == len(chain) - 1
        if child is not None and not replaced and (own_prefix or not innermost):
            parts.append(index.expand(child[1].prefix, child[0]))
    if not chain and owner is not None and owner[1].kind != "app" and own_prefix:
        parts.append(index.expand(owner[1].prefix, owner[0]))
    return parts


@dataclass(frozen=True)
class _Handler:
    """What serves a route: a function, or one HTTP method of a class-based handler."""

    name: str
    location: Location
    methods: tuple[str, ...]
    gates: tuple[Gate, ...] = ()  # gates of the view binding (Pyramid `permission=`)


def _handlers(index: ProjectRoutes, module: str, decl: RouteDecl, framework: str, bound: str = "") -> list[_Handler]:
    """The handler of a route; a class of a framework with class-based handlers (Tornado's
    `RequestHandler.get`, Falcon's `on_get`, Django's `View.get`) gives one handler per HTTP
    method it defines or inherits (or per action the registration names: DRF's `list`,
    `retrieve`, ...); a method of a module-level instance (`service.health`) is its class's
    method; a route named for its views (Pyramid) gives one handler per view bound to its name
    (`bound`: the class a classmethod registered them for)."""
    if decl.view_name:
        return [h for view_module, view in index.views.get(decl.view_name, [])
                for h in _view_handlers(index, view_module, view, decl.methods, bound)]
    if decl.handler:
        start, end = decl.span
        return [_Handler(f"{module}.{decl.handler}", index.location(module, start, end), decl.methods)]
    assert decl.handler_ref is not None
    name = _instance_class(index, index.resolve(module, decl.handler_ref))
    found = index.function(name) or index.instance_method(name)
    if found is None:  # outside the project: at its registration (its whole entry when the span says)
        return [_Handler(name, index.location(module, decl.line, decl.span[1] or None), decl.methods)]
    fn_module, info = found
    name = f"{fn_module}.{info.qualname}"
    whole = index.location(fn_module, info.start_line, info.end_line)
    if not info.is_class:
        return [_Handler(name, whole, decl.methods)]
    suffix = f"_{decl.suffix}" if decl.suffix else ""  # Falcon `suffix="item"`: `on_get_item`
    served = decl.actions or tuple((method + suffix, http) for method, methods in registry.handler_methods(framework).items()
                                   for http in methods if not decl.methods or http in decl.methods)
    defined, inherited, open_ended = _class_methods(index, name)
    handlers: dict[str, list[str]] = {}
    by_class: list[str] = []
    for method, http in served:
        if method in defined:
            handlers.setdefault(method, []).append(http)
        elif method in inherited or (open_ended and decl.actions):
            by_class.append(http)  # served by a base class the framework ships
    found_handlers = [_Handler(f"{defined[m][0]}.{defined[m][1].qualname}",
                               index.location(defined[m][0], defined[m][1].start_line, defined[m][1].end_line),
                               tuple(http)) for m, http in handlers.items()]
    if by_class:
        found_handlers.append(_Handler(name, whole, tuple(dict.fromkeys(by_class))))
    elif handlers and not decl.actions and _only_inherited_preflight(handlers, defined, f"{fn_module}.{info.qualname}"):
        found_handlers.append(_Handler(name, whole, decl.methods))  # it answers the rest itself (`__new__`, `prepare`)
    if found_handlers or decl.actions:
        return found_handlers
    return [_Handler(name, whole, decl.methods)]


def _only_inherited_preflight(handlers: dict[str, list[str]], defined: dict[str, tuple[str, FunctionInfo]],
                              cls: str) -> bool:
    """True when a class handler's only handler methods are a project base's OPTIONS/HEAD (a CORS
    `options` every handler inherits): the class still serves its route."""
    return all(set(http) <= PREFLIGHT_METHODS and not f"{defined[m][0]}.{defined[m][1].qualname}".startswith(cls + ".")
               for m, http in handlers.items())


def _class_methods(index: ProjectRoutes, cls: str, depth: int = 0) -> tuple[dict[str, tuple[str, FunctionInfo]], set[str], bool]:
    """The handler methods of a project class: those it or its project bases define (module, info),
    those framework bases provide, and whether a base is unknown (it may provide any)."""
    found = index.function(cls)
    if found is None or depth > MAX_ALIAS_HOPS:
        return {}, set(), True
    module, info = found
    defined: dict[str, tuple[str, FunctionInfo]] = {}
    facts = index.functions.get(module)
    for function in facts.members(info.qualname) if facts is not None else ():
        defined.setdefault(function.qualname.rpartition(".")[2], (module, function))
    inherited: set[str] = set()
    open_ended = False
    for base in info.bases:
        provided = registry.inherited_methods(last_name(base))
        qualified = index.name_in(module, base, "")
        if index.function(qualified) is not None and qualified != cls:
            base_defined, base_inherited, base_open = _class_methods(index, qualified, depth + 1)
            for method, where in base_defined.items():
                defined.setdefault(method, where)
            inherited |= base_inherited
            open_ended = open_ended or base_open
        elif provided is not None:
            inherited |= set(provided)
        else:
            open_ended = True
    return defined, inherited, open_ended


def _instance_class(index: ProjectRoutes, name: str) -> str:
    """`call:pkg.Resource` (a handler instance, `Resource()`) -> its class "pkg.Resource"; a call of
    a function annotated `-> type[View]` -> that class."""
    if name.startswith("call:"):
        found = index.function(name[len("call:"):])
        if found is not None and found[1].is_class:
            return name[len("call:"):]
        if found is not None and found[1].returns_class:
            return index.name_in(found[0], found[1].returns_class, "")
    return name


def _view_handlers(index: ProjectRoutes, module: str, view: ViewDecl, methods: tuple[str, ...],
                   bound: str = "") -> list[_Handler]:
    """The handler of one view bound to a named route, with the gates of its binding; `cls` and
    `cls.<attr>` of a classmethod's view read from the `bound` class."""
    holds, conditions = classbound.holds(view.conditions, index, bound) if bound else (True, view.conditions)
    if not holds:
        return []
    gates = (index.condition_gates(module, conditions) + index.condition_gates(module, view.body_conditions)
             + index.dependency_gates(module, view.decorators))
    value = classbound.attribute(index, bound, view.methods_attribute) if bound and view.methods_attribute else None
    served = (value[0] if value else None) or view.methods or methods
    if bound and view.handler_ref is not None and view.handler_ref.text == classbound.CLS:
        found = classbound.method(index, bound, view.attr or "__call__")
        name = f"{found[0]}.{found[1].qualname}" if found else bound
        location = (index.location(found[0], found[1].start_line, found[1].end_line) if found
                    else index.location(module, view.line))
        return [_Handler(name, location, served, tuple(gates))]
    if view.handler:
        start, end = view.span
        return [_Handler(f"{module}.{view.handler}", index.location(module, start, end), served, tuple(gates))]
    if view.handler_ref is None:
        return []
    name = index.resolve(module, view.handler_ref)
    if view.attr:
        name = f"{name}.{view.attr}"
    found = index.function(name)
    location = (index.location(found[0], found[1].start_line, found[1].end_line) if found is not None
                else index.location(module, view.line))
    return [_Handler(name, location, served, tuple(gates))]


def _routes_of(index: ProjectRoutes, module: str, decl: RouteDecl) -> list[Route]:
    owner_name = index.resolve(module, decl.owner)
    if owner_name not in index.objects and decl.owner.text.endswith(".router"):  # app.router.add_route
        owner_name = index.resolve(module, replace(decl.owner, text=decl.owner.text[: -len(".router")]))
    owner = index.objects.get(owner_name)
    owner_decl = owner[1] if owner else None
    unknown_owner = owner is None and not index.is_app(owner_name)
    framework = decl.framework or (owner_decl.framework if owner_decl else index.file_framework(module))
    if unknown_owner and not (framework and _looks_like_path(decl.path)):
        return []
    handlers = _handlers(index, module, decl, framework)
    base_gates = index.condition_gates(module, decl.conditions) + index.condition_gates(module, decl.body_conditions)
    base_gates += index.dependency_gates(module, decl.dependencies + decl.decorators)
    base_gates += index.annotation_gates(module, decl.annotations)
    base_deps = [d.text for d in decl.dependencies]
    chains = [] if unknown_owner else _chains(index, owner_name)
    mounted = bool(chains)
    unresolved = not mounted and (unknown_owner or family(framework) in index.dynamic)
    routes = []
    for chain in chains or [[]]:
        bound = chain[0].bound if chain else ""
        path = classbound.bound_path(decl.path, index, bound) if bound else decl.path
        if path is None:  # a classmethod's route, for a class without that attribute
            continue
        gates = list(base_gates)
        deps = list(base_deps)
        tags = list(decl.tags)
        for name in [owner_name, *(edge.parent for edge in chain)]:
            gates += index.object_gates(name)
            obj = index.objects.get(name)
            if obj:
                deps += [d.text for d in obj[1].dependencies]
                tags += obj[1].tags
        mounts = [_mount(index, edge) for edge in chain]
        for edge, mount in zip(chain, mounts):
            gates += mount.gates
            deps += [d.text for d in edge.decl.dependencies]
            tags += edge.decl.tags
        if not mounted and not unknown_owner:
            mounts = [_mount(index, e) for e in index.mounts_of(owner_name)] + _commented_mounts(index, owner_name)
        router = owner_name
        if owner_decl is not None and owner_decl.kind == "handler":  # a Litestar handler: its router, if any
            router = next((e.parent for e in chain if e.parent in index.objects
                           and index.objects[e.parent][1].kind == "router"), "")
        routes.extend(
            Route(
                framework=framework,
                methods=handler.methods,
                path=_join([*_path_parts(index, chain, owner, decl.router_prefix), index.expand(path, module)]),
                local_path=shown(index.expand(path, module)),
                handler=handler.name,
                location=handler.location,
                router="" if not router or index.is_app(router) else router,
                mounts=tuple(mounts),
                mounted=mounted,
                mount_unresolved=unresolved,
                gates=tuple(dict.fromkeys([*gates, *handler.gates])),
                dependencies=tuple(dict.fromkeys(deps)),
                tags=tuple(dict.fromkeys(tags)),
                name=decl.name,
            )
            for handler in (_handlers(index, module, decl, framework, bound) if bound
                            else _at_mount(index, handlers, chain) if decl.at_mount else handlers)
        )
    return routes


def _at_mount(index: ProjectRoutes, handlers: list[_Handler], chain: list[_Edge]) -> list[_Handler]:
    """Handlers the framework provides, located at the innermost mount of the chain (when there is one)."""
    if not chain:
        return handlers
    edge = chain[0]
    location = index.location(edge.module, edge.decl.line, edge.decl.end_line)
    return [replace(handler, location=location) for handler in handlers]


def _looks_like_path(path: str) -> bool:
    """A route path as frameworks write them ("", "/x", "x/" for Django, "^x$" for regexes)."""
    return path == "" or path[0] in "/^<{" or path.endswith("/") or path.startswith(EXPRESSION)


def _apps(index: ProjectRoutes) -> list[AppDecl]:
    apps = []
    for name, (module, obj) in index.objects.items():
        if obj.kind == "app" or name in index.django_roots:
            location = index.location(module, obj.line, obj.end_line)
            apps.append(AppDecl(obj.framework, name, location, obj.debug))
    return sorted(apps, key=lambda a: (a.location.path.count("/"), a.location.path, a.location.start_line))


def project_routes(project: ProjectModel, config: Config | None = None) -> ProjectRoutes:
    """The indexed route facts of a project (for rules that need more than `Route`s)."""
    gate_names = (config or Config()).gate_names
    return ProjectRoutes(project, tuple(gate_names)).build()


def link_routes(
    project: ProjectModel, config: Config | None = None
) -> tuple[tuple[AppDecl, ...], tuple[Route, ...]]:
    """Resolve routers, mounts, prefixes and gates across modules into the apps and their routes."""
    index = project_routes(project, config)
    routes: list[Route] = []
    for module, facts in index.files.items():
        for decl in facts.routes:
            found = _routes_of(index, module, decl)
            routes.extend(r for r in found if r.mounted or module not in index.test_modules)
    routes.sort(key=lambda r: (r.location.path, r.location.start_line, r.path))
    return tuple(_apps(index)), tuple(routes)


def with_routes(project: ProjectModel, config: Config | None = None) -> ProjectModel:
    """The project with its apps and routes linked (for tests and callers without a pipeline)."""
    apps, routes = link_routes(project, config)
    return replace(project, apps=apps, routes=routes)

