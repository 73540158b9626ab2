"""The probe routes `prodready_kit.health` serves where a project mounts them: `health_router`,
`health_routes`, `health_blueprint`, `health_urls`, `HealthASGIApp`/`HealthWSGIApp`, with their
`prefix` and the prefix of the call that mounts them (`include_router(..., prefix=...)`,
`register_blueprint(..., url_prefix=...)`, `path("ops/", include(...))`)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Mapping

from prodready.engine.imports import FileImports, ImportsCollector
from prodready.frameworks.testfiles import is_test_file
from prodready.model.collector import Collector
from prodready.model.project import ParsedSource, ProjectModel

KIT_HEALTH = "prodready_kit.health"
PREFIX_KEYWORDS = {"health_blueprint": "url_prefix"}
PROVIDERS = ("health_router", "health_routes", "health_blueprint", "health_urls", "HealthASGIApp", "HealthWSGIApp")
DEFAULT_PREFIXES = {"health_urls": "health/"}
MOUNT_PREFIXES = {"include_router": "prefix", "register_blueprint": "url_prefix", "mount": ""}
PROBES = (("", "readiness"), ("/live", "liveness"), ("/ready", "readiness"), ("/startup", "startup"))


@dataclass(frozen=True)
class KitMount:
    """One place the kit's probe routes are served from."""

    provider: str  # health_router, HealthASGIApp, ...
    line: int
    end_line: int
    prefix: str  # the full prefix the probes sit under ("/health", "/ops/health")
    include_root: bool = True

    def routes(self) -> tuple[tuple[str, str], ...]:
        """(path, probe) of every probe route: {prefix}, /live, /ready, /startup."""
        base = "/" + self.prefix.strip("/") if self.prefix.strip("/") else ""
        return tuple((f"{base}{suffix}" or "/", probe) for suffix, probe in PROBES if suffix or self.include_root)


def _literal(node: ast.AST | None) -> Any:
    return node.value if isinstance(node, ast.Constant) else None


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _callee(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class KitMountsCollector(Collector):
    """Per file (asked for files importing the kit's health adapters): where it mounts them."""

    name = "kit_health_mounts"
    on_demand = True
    requires = (ImportsCollector.name,)

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> tuple[KitMount, ...] | None:
        """The kit mounts of one file, or None."""
        imports = earlier.get(ImportsCollector.name)
        names = _kit_names(imports) if isinstance(imports, FileImports) else {}
        if not names:
            return None
        parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(source.tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        found = []
        for node in ast.walk(source.tree):
            if isinstance(node, ast.Call) and _callee(node.func) in names:
                provider = names[_callee(node.func)]
                own = _literal(_keyword(node, PREFIX_KEYWORDS.get(provider, "prefix")))
                prefix = own if isinstance(own, str) else DEFAULT_PREFIXES.get(provider, "/health")
                root = _literal(_keyword(node, "include_root"))
                outer = _outer_prefix(node, parents)
                found.append(KitMount(provider, node.lineno, node.end_lineno or node.lineno,
                                      f"{outer.rstrip('/')}/{prefix.strip('/')}", root is not False))
        return tuple(found) or None


def _kit_names(imports: FileImports) -> dict[str, str]:
    """Local names of the kit's providers bound by the file's imports -> provider."""
    found = {}
    for binding in imports.bindings:
        if binding.module.startswith(KIT_HEALTH):
            if binding.attr in PROVIDERS:
                found[binding.local] = binding.attr
            elif binding.attr is None:
                found.update({p: p for p in PROVIDERS})  # `import prodready_kit.health.fastapi as kit`
    return found


def _outer_prefix(node: ast.Call, parents: dict[ast.AST, ast.AST]) -> str:
    """The prefix of the call mounting the provider's result, when it is written literally."""
    parent = parents.get(node)
    if isinstance(parent, ast.Call) and _callee(parent.func) == "include" and node in parent.args:
        grand = parents.get(parent)  # path("ops/", include(health_urls(registry)))
        if isinstance(grand, ast.Call) and grand.args and isinstance(_literal(grand.args[0]), str):
            return _literal(grand.args[0])
        return ""
    if isinstance(parent, ast.Call) and _callee(parent.func) in MOUNT_PREFIXES:
        keyword = MOUNT_PREFIXES[_callee(parent.func)]
        value = _literal(_keyword(parent, keyword)) if keyword else (
            _literal(parent.args[0]) if parent.args and parent.args[0] is not node else None)
        return value if isinstance(value, str) else ""
    return ""


def kit_mounts(project: ProjectModel) -> list[tuple[str, KitMount]]:
    """(path, mount) of every kit probe mount in the service's own code."""
    found = []
    for path, facts in sorted(project.facts_of(ImportsCollector.name).items()):
        if isinstance(facts, FileImports) and not is_test_file(path, facts) and _kit_names(facts):
            for mount in project.facts_at(KitMountsCollector.name, path) or ():
                found.append((path, mount))
    return found
