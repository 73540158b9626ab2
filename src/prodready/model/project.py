"""The project model: parsed sources (worker side) and the linked project (main side).

Data flows one way (DESIGN.md §6). In worker processes each file is read and parsed once into
a `ParsedSource`; every registered collector turns it into small picklable *facts* (cached by
content hash). In the main process the facts of all files become one `ProjectModel`, on which
framework linking produces `Route`s and rule families produce findings.
"""

from __future__ import annotations

import ast
import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from prodready.model.deployment import Deployment
from prodready.model.findings import Location


@dataclass(frozen=True)
class ParsedSource:
    """One Python file, read and parsed once (worker side only; never pickled back)."""

    path: str  # POSIX, relative to the scanned root
    module: str  # dotted module name inside the project ("api.v1.rbac_test_routes")
    text: str
    tree: ast.Module
    is_package: bool = False  # True for __init__.py

    @property
    def lines(self) -> list[str]:
        """The source split into lines as Python numbers them (no line endings)."""
        from prodready.model.positions import source_lines

        return source_lines(self.text)


@dataclass(frozen=True)
class FileInfo:
    """What the main process keeps of a scanned file."""

    path: str
    module: str
    sha256: str
    line_count: int
    is_package: bool = False


@dataclass(frozen=True)
class Gate:
    """Why a route is not reachable in production: an env/debug condition or an auth dependency.

    kind: "condition" (mounted under `if settings.DEBUG:` ...), "auth" (an auth dependency on the
    route or router), "guard" (prodready_kit.guards.dev_only and friends), or "network" (the handler
    refuses callers whose address is not on an allow-list).
    """

    kind: str
    expression: str
    location: Location


@dataclass(frozen=True)
class Mount:
    """One step of how a router reaches the app: `app.include_router(r, prefix=...)` and the like."""

    location: Location
    prefix: str = ""
    parent: str = ""  # the router/app object it is mounted on ("main.app")
    gates: tuple[Gate, ...] = ()
    commented_out: bool = False


@dataclass(frozen=True)
class AppDecl:
    """Creation of an application object (`app = FastAPI(...)`, `Flask(__name__)`, ...)."""

    framework: str
    name: str  # qualified object name, e.g. "main.app"
    location: Location
    debug: bool | None = None  # debug=True passed literally


@dataclass(frozen=True)
class Route:
    """One HTTP route as every framework adapter reports it."""

    framework: str
    methods: tuple[str, ...]
    path: str  # full effective path, prefixes included ("/api/v1/rbac-test/generate-tokens")
    local_path: str  # the path as written at the decorator/registration
    handler: str  # qualified handler name ("api.v1.rbac_test_routes.generate_test_tokens")
    location: Location  # handler span, first decorator line to last body line
    router: str = ""  # qualified router object ("api.v1.rbac_test_routes.router"); "" for app routes
    mounts: tuple[Mount, ...] = ()  # innermost first; empty when defined on the app itself
    mounted: bool = True  # False when no chain of mounts reaches an app
    mount_unresolved: bool = False  # not mounted as far as a static reader can tell, but registered dynamically
    gates: tuple[Gate, ...] = ()  # gates on the route, its routers and its mounts
    dependencies: tuple[str, ...] = ()  # source text of dependencies (route and routers)
    tags: tuple[str, ...] = ()
    name: str = ""  # route name= if given


def module_prefix(directory: str) -> str:
    """The dotted name of the modules' folder `directory` (a leading `src/` is a src layout)."""
    parts = [part for part in directory.split("/") if part and part != "."]
    return ".".join(parts[1:] if parts[:1] == ["src"] else parts)


@dataclass(frozen=True)
class ProjectModel:
    """The linked project: files, their collected facts, manifests, deployment, apps and routes."""

    root: Path
    files: Mapping[str, FileInfo]  # by relative path
    facts: Mapping[str, Mapping[str, Any]]  # collector name -> relative path -> facts
    manifests: Mapping[str, str] = field(default_factory=dict)  # pyproject/requirements/... text
    apps: tuple[AppDecl, ...] = ()
    routes: tuple[Route, ...] = ()
    on_demand: Any = None  # engine.on_demand.OnDemandFacts: facts of collectors run only when asked for
    source_roots: tuple[str, ...] = ()  # folders on sys.path when the services run (engine.roots)
    deployment: Deployment = field(default_factory=Deployment)  # probes, workloads, launch commands

    def module_path(self, module: str) -> str | None:
        """Relative path of a project module by dotted name, or None when not in the project."""
        return self._paths_by_module.get(module)

    def canonical_module(self, module: str, importer: str = "") -> str | None:
        """The project's name for a module that project module `importer` imports: the name under
        the importer's source roots, nearest first (`api.v1.routers` is `apps.api.api.v1.routers`
        seen from `apps/api/main.py`); else itself when scanned under that name; else, for a dotted
        name, the name under a folder above the importer (nearest first), else the one module whose
        name ends with it (`app.api` is `backend.app.api` when the scan starts above the package
        root); None when none or several match. `src.` leads the names of a src layout's modules
        only in imports (the scan names `src/api/x.py` `api.x`). A package without `__init__.py` counts as a module
        here. Single names (`redis`) match only under a source root: they are usually third-party."""
        for prefix in self._import_prefixes(importer)[0]:
            candidate = f"{prefix}.{module}" if prefix else module
            if candidate in self._paths_by_module or candidate in self._packages:
                return candidate
        if module in self._paths_by_module:
            return module
        if module.startswith("src."):  # `from src.api import x` where the scan's src/ layout names it `api`
            return self.canonical_module(module[len("src."):], importer)
        if "." not in module:
            return None
        for prefix in self._import_prefixes(importer)[1]:
            candidate = f"{prefix}.{module}"
            if candidate in self._paths_by_module or candidate in self._packages:
                return candidate
        return self._modules_by_suffix.get(module)

    def _import_prefixes(self, importer: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Module prefixes of the source roots above `importer`'s file (nearest first, the scanned
        root last), and of the other folders above it (nearest first, its own folder left out)."""
        found = self._prefix_memo.get(importer)
        if found is not None:
            return found
        path = self._paths_by_module.get(importer) if importer else None
        roots: list[str] = []
        others: list[str] = []
        if path is not None:
            directory = posixpath.dirname(path)
            own = directory
            while directory:
                if directory in self._roots:
                    roots.append(module_prefix(directory))
                elif directory != own:
                    others.append(module_prefix(directory))
                directory = posixpath.dirname(directory)
        found = (tuple(dict.fromkeys([*roots, ""])), tuple(p for p in dict.fromkeys(others) if p))
        self._prefix_memo[importer] = found
        return found

    @functools.cached_property
    def _prefix_memo(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        return {}

    @functools.cached_property
    def _roots(self) -> frozenset[str]:
        return frozenset(self.source_roots)

    @functools.cached_property
    def _paths_by_module(self) -> dict[str, str]:
        return {info.module: info.path for info in self.files.values()}

    @functools.cached_property
    def _packages(self) -> frozenset[str]:
        """Dotted names of the folders that hold modules (packages, with or without `__init__.py`)."""
        found: set[str] = set()
        for module in self._paths_by_module:
            parts = module.split(".")
            for end in range(1, len(parts)):
                found.add(".".join(parts[:end]))
        return frozenset(found)

    @functools.cached_property
    def _modules_by_suffix(self) -> dict[str, str | None]:
        index: dict[str, str | None] = {}
        for module in self._paths_by_module:
            parts = module.split(".")
            for start in range(1, len(parts) - 1):
                suffix = ".".join(parts[start:])
                index[suffix] = None if suffix in index and index[suffix] != module else module
        return index

    def facts_of(self, collector: str) -> Mapping[str, Any]:
        """Facts one collector produced, by relative path (empty when it produced none; always
        empty for an on-demand collector: see `facts_at`)."""
        return self.facts.get(collector, {})

    def facts_at(self, collector: str, path: str | None) -> Any:
        """One file's facts of a collector, or None: from the scan, or for an on-demand collector
        computed now (the file is parsed again, once)."""
        if path is None:
            return None
        found = self.facts.get(collector, {}).get(path)
        if found is None and self.on_demand is not None and collector in self.on_demand.collectors:
            return self.on_demand.get(collector, path)
        return found

    def anchor(self) -> Location:
        """Where project-level findings point: the first app creation, else the first file."""
        if self.apps:
            return self.apps[0].location
        first = min(self.files) if self.files else "."
        return Location(first, 1, 1)


@dataclass(frozen=True)
class RouteInventory:
    """Every route a scan sees, as `prodready routes` shows it (see `pipeline.routes`)."""

    root: str
    routes: tuple[Route, ...]
    health: Mapping[tuple[str, int, str], str] = field(default_factory=dict)  # (path, first line, handler) -> class
    warnings: tuple[Any, ...] = ()  # model.findings.ScanWarning

    def health_of(self, route: Route) -> str:
        """The health family's class of a route's handler ("" when it is not health-ish)."""
        return self.health.get((route.location.path, route.location.start_line, route.handler), "")
