"""The exposure family: dev and token-minting routes by how they are mounted; debug mode."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, Iterator

from prodready.engine.imports import FileImports, ImportsCollector
from prodready.frameworks.gates import is_gate_condition
from prodready.frameworks.linking import ProjectRoutes, project_routes
from prodready.frameworks.words import words
from prodready.model.config import Config
from prodready.model.findings import Confidence, Finding, Location, Severity
from prodready.model.project import ProjectModel, Route
from prodready.rules.base import RuleFamily
from prodready.rules.exposure.debug_mode import DebugModeEnabled
from prodready.rules.exposure.devwords import STRUCTURAL, dev_word_evidences, domain_terms, title_of
from prodready.rules.exposure.exposed import DevRouteExposed
from prodready.rules.exposure.gated import DevRouteGated
from prodready.rules.exposure.mount_unresolved import DevRouteMountUnresolved, mount_unresolved_details
from prodready.rules.exposure.routegates import with_body_gates, with_signed_in_gate
from prodready.rules.exposure.tokens import Minting, minting, verification
from prodready.rules.exposure.unmounted import DevRouteUnmounted

DEV_ROUTES_AREA, AUTH_AREA, CONFIG_AREA = "dev-routes", "authentication", "dev-routes"
DJANGO_SETTINGS_NAMES = frozenset({"INSTALLED_APPS", "ROOT_URLCONF", "MIDDLEWARE", "SECRET_KEY", "DATABASES"})
SIGN_UP_WORDS = frozenset({"register", "registration", "signup"})
DEV_SETTINGS_WORDS = frozenset({"dev", "develop", "development", "local", "test", "tests", "testing", "ci", "debug"})


def _state(route: Route) -> int:
    """0 exposed, 1 gated, 2 unmounted: lower is worse."""
    if not route.mounted:
        return 2
    return 1 if route.gates else 0


def _describe(route: Route) -> str:
    methods = ",".join(route.methods) if route.methods else "ANY"
    return f"`{methods} {route.path}`"


class ExposureFamily(RuleFamily):
    """PR201-PR205."""

    name = "exposure"

    def check(self, project: ProjectModel, config: Any) -> Iterator[Finding]:
        """Findings for dev routes and debug switches."""
        config = config or Config()
        index = project_routes(project, config)
        routes = list(project.routes)  # linked by the pipeline with this config
        worst: dict[tuple[str, str], Route] = {}
        for route in routes:
            key = (route.handler, route.local_path)
            if key not in worst or _state(route) < _state(worst[key]):
                worst[key] = route
        domain = domain_terms(routes, config.dev_route_words)
        for route in worst.values():
            finding = self.route_finding(index, with_signed_in_gate(index, route), config, domain)
            if finding is not None:
                yield finding
        yield from self.debug_findings(project, index, config)

    def route_finding(self, index: ProjectRoutes, route: Route, config: Config,
                      domain: frozenset[tuple[str, str]] = frozenset()) -> Finding | None:
        """The PR201/202/203 finding of one route, or None when it is not a dev route."""
        line = route.location.start_line  # the handler's definition when a name is defined twice
        evidences = dev_word_evidences(route, config.dev_route_words, domain) + _docstring_evidence(index, route)
        evidence = evidences[0][1] if evidences else ""
        mint = minting(index, route.handler, line)
        if mint is None and not evidence:
            return None
        route = with_body_gates(index, route)
        if mint is not None and not evidence and _issued_to_checked_callers(index, route, mint):
            return None  # a login, refresh, SSO callback or API-key page: authentication, not a test route
        confidence = _confidence(mint, evidences)
        mints = mint.via if mint is not None else ""
        kind = "Token-minting route" if mints else "Test/development route"
        details = [f"Mints tokens via `{mints}`"] if mints else []
        if evidence:
            details.append(f"Its {evidence}")
        details.append(f"Defined at {route.location.label()}")
        fields: dict[str, Any] = dict(
            symbol=route.handler,
            area=AUTH_AREA if mints else DEV_ROUTES_AREA,
            title=title_of(route),
            confidence=confidence,
            extra=(("path", route.path), ("methods", ",".join(route.methods))),
        )
        mounts = tuple(m.location for m in route.mounts)
        state = _state(route)
        if route.mount_unresolved and not route.mounted:
            return DevRouteMountUnresolved.finding(
                route.location, f"{kind} {_describe(route)} is registered dynamically: mount not resolved",
                related=mounts, details=tuple(details) + mount_unresolved_details(route), **fields,
            )
        if state == 2:
            commented = [m.location.label() for m in route.mounts if m.commented_out]
            details += [f"Commented-out mount at {label}" for label in commented] or ["Never mounted on an application"]
            return DevRouteUnmounted.finding(
                route.location,
                f"{kind} {_describe(route)} is defined but never mounted: remove it from production code",
                related=mounts, details=tuple(details), **fields,
            )
        if state == 1:
            gates = tuple(g.location for g in route.gates)
            details += [f"Gated ({g.kind}) by `{g.expression}` at {g.location.label()}" for g in route.gates]
            first = route.gates[0]
            return DevRouteGated.finding(
                route.location,
                f"{kind} {_describe(route)} is gated by `{first.expression}` ({first.location.label()})",
                related=tuple(dict.fromkeys(gates + mounts)), details=tuple(details), **fields,
            )
        where = f" (mounted at {mounts[-1].label()})" if mounts else " (defined on the application)"
        details += [f"Mounted at {m.location.label()}" + (f' with prefix "{m.prefix}"' if m.prefix else "")
                    for m in route.mounts]
        details.append("Should be disabled in production" if not mints else "Anyone can obtain tokens in production")
        return DevRouteExposed.finding(
            route.location,
            f"{kind} {_describe(route)} is mounted unconditionally{where}",
            severity=Severity.CRITICAL if mints else None,
            related=mounts, details=tuple(details), **fields,
        )

    def debug_findings(self, project: ProjectModel, index: ProjectRoutes, config: Config) -> Iterator[Finding]:
        """PR204 for literal debug switches outside environment conditions."""
        imports_facts = project.facts_of(ImportsCollector.name)
        for module, facts in index.files.items():
            path = index.paths[module]
            for obj in facts.objects:
                gated = any(is_gate_condition(c, config.gate_names) for c in obj.conditions)
                if obj.debug and not gated:
                    yield self.debug_finding(Location(path, obj.line, obj.end_line), f"{obj.framework} app `{obj.key}`",
                                             f"{obj.key} = {obj.framework}(debug=True)")
            for decl in facts.debug:
                if any(is_gate_condition(c, config.gate_names) for c in decl.conditions):
                    continue
                if decl.kind == "settings" and not _production_settings(path, imports_facts.get(path)):
                    continue
                if decl.kind != "settings" and not any(index.is_app(index.resolve(module, t)) for t in decl.targets):
                    continue  # `self.debug = True` on some other object
                yield self.debug_finding(Location(path, decl.line, decl.end_line), decl.expression, decl.expression)

    @staticmethod
    def debug_finding(location: Location, subject: str, expression: str) -> Finding:
        """One PR204 finding."""
        return DebugModeEnabled.finding(
            location,
            f"Debug mode is switched on unconditionally: {subject}",
            area=CONFIG_AREA,
            title="Debug Mode",
            details=(f"`{expression}` at {location.label()}", "Tracebacks and internals are served to clients"),
        )


def _issued_to_checked_callers(index: ProjectRoutes, route: Route, mint: Minting) -> bool:
    """True when only signed-in callers reach the route, or it issues the credential after
    verifying one (password, refresh token, OAuth code, SSO assertion, invite token) for an
    identity the caller does not simply pick."""
    if any(g.kind == "auth" for g in route.gates):
        return True
    if mint.caller_chosen or mint.fixed_identity:
        return False
    return _signs_up(route) or bool(verification(index, route.handler, route.location.start_line))


def _signs_up(route: Route) -> bool:
    """True for a sign-up route (`POST /accounts/register`, `def signup`): the credential it hands
    out is for the account it has just created, not one the caller takes over."""
    found = set(words(route.path)) | set(words(route.handler.rsplit(".", 1)[-1]))
    return bool(found & SIGN_UP_WORDS) or {"sign", "up"} <= found


def _docstring_evidence(index: ProjectRoutes, route: Route) -> list[tuple[str, str]]:
    """("docstring", ...) when the handler's docstring says it is for development or testing only."""
    found = index.function(route.handler, route.location.start_line)
    note = found[1].dev_note if found is not None else ""
    return [("docstring", f'docstring says "{note}"')] if note else []


def _confidence(mint: Minting | None, evidences: list[tuple[str, str]]) -> Confidence:
    """High when the route issues a credential for sure or its router/module/tags say dev; a
    route that is a dev route only by a word of its path or handler name is medium."""
    said = Confidence.HIGH if any(where in STRUCTURAL for where, _ in evidences) else Confidence.MEDIUM
    if mint is None:
        return said
    return max(mint.confidence, said) if evidences else mint.confidence


def _production_settings(path: str, facts: Any) -> bool:
    """True for a Django settings module that is not named for development."""
    if not isinstance(facts, FileImports) or not DJANGO_SETTINGS_NAMES & set(facts.defined):
        return False
    stem_words = set(words(PurePosixPath(path).stem))
    return not stem_words & DEV_SETTINGS_WORDS
