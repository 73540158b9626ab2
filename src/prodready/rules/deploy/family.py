"""The deploy family: what the probes of the deployment files call, and what is wrong with it."""

from __future__ import annotations

from typing import Any, Iterator

from prodready.model.config import Config
from prodready.model.deployment import COMPOSE, DOCKERFILE, HEALTHCHECK, LIVENESS, READINESS, STARTUP, Probe
from prodready.model.findings import Finding, Location
from prodready.model.project import ProjectModel
from prodready.rules.base import RuleFamily
from prodready.rules.deploy.liveness_checks_dependencies import DeployLivenessChecksDependencies
from prodready.rules.deploy.liveness_route_dependencies import LivenessRouteChecksDependencies
from prodready.rules.deploy.liveness_without_readiness import DeployLivenessWithoutReadiness
from prodready.rules.deploy.no_readiness_probe import DeployNoReadinessProbe
from prodready.rules.deploy.paths import probe_kinds, segments
from prodready.rules.deploy.probe_never_fails import DeployProbeNeverFails
from prodready.rules.deploy.probe_unrouted import DeployProbeUnrouted
from prodready.rules.deploy.probe_wired import DeployProbe
from prodready.rules.deploy.targets import Target, TargetIndex
from prodready.rules.deploy.wiring import Wire, group_key, is_orchestrated, serves_http, wires
from prodready.rules.health.family import health_routes

AREA = "deployment-wiring"
HEALTH_AREA = "health-monitoring"
LIVENESS_WORDS = frozenset({"live", "livez", "liveness", "alive", "healthz"})
NOT_READINESS_WORDS = frozenset({"healthz"})  # liveness by convention, unless a readiness probe uses it


def probe_label(probe: Probe) -> str:
    """`readinessProbe`, `healthcheck` (compose), `HEALTHCHECK` (Dockerfile)."""
    if probe.source == DOCKERFILE:
        return "HEALTHCHECK"
    if probe.source == COMPOSE:
        return "healthcheck"
    return f"{probe.kind}Probe"


def _where(probe: Probe) -> str:
    container = f" (container {probe.container})" if probe.container and probe.kind != HEALTHCHECK else ""
    return f"{probe_label(probe)} of {probe.workload}{container} at {probe.location.label()}"


def _handler(target: Target) -> str:
    return f"`{target.handler}` ({target.location.label()})"


def _related(target: Target | None, fallback: Location | None = None) -> tuple[Location, ...]:
    if target is not None:
        location = target.location
        message = location.message or f"handler `{target.handler}`"
        return (Location(location.path, location.start_line, location.end_line, message=message),)
    return (fallback,) if fallback is not None else ()


def _symbol(probe: Probe) -> str:
    return f"{probe.workload}:{probe.container}:{probe.kind}"


def _title(probe: Probe) -> str:
    path = probe.http.path if probe.http is not None and probe.http.path else ""
    return f"`{path}` {probe_label(probe)}" if path else f"{probe_label(probe)} of {probe.workload}"


class DeployFamily(RuleFamily):
    """Probes joined to handlers: never-failing readiness, liveness on dependencies, unrouted
    probes, missing readiness; liveness routes that check dependencies; one record per probe."""

    name = "deploy"

    def check(self, project: ProjectModel, config: Any) -> Iterator[Finding]:
        """Findings of PR501-PR507."""
        index = TargetIndex(project)
        joined = list(wires(project, index))
        app = self.app_location(project)
        for wire in joined:
            yield self.record(wire)
            yield from self.problems(wire, app)
        yield from self.missing_readiness(project, joined, app)
        yield from self.liveness_routes(project, config, index, joined)

    def app_location(self, project: ProjectModel) -> Location | None:
        """The application the routes were searched in (the related end of project-level findings)."""
        if not project.apps:
            return None
        location = project.anchor()
        return Location(location.path, location.start_line, location.end_line, message="the service's application")

    def record(self, wire: Wire) -> Finding:
        """PR507: the probe and what it calls."""
        probe, target = wire.probe, wire.target
        if target is not None:
            calls = f"calls {_handler(target)}" + (f" ({target.status})" if target.status else "")
        else:
            calls = f"reaches no route: {wire.problem}" if wire.problem else f"not traced: {wire.note}"
        details = [f"Request: {wire.request}", f"Code: {calls}", *(target.details if target else ())]
        extra = (
            ("probe", probe.kind), ("workload", probe.workload), ("request", wire.request),
            ("path", probe.http.path if probe.http is not None else ""),
            ("handler", target.handler if target else ""), ("handler_location", target.location.label() if target else ""),
            ("handler_status", target.status if target else ""), ("note", wire.problem or wire.note),
            ("yaml_path", probe.yaml_path), ("label", probe_label(probe)),
        )
        return DeployProbe.finding(
            probe.location, f"{_where(probe)} {calls}", related=_related(target), symbol=_symbol(probe), area=AREA,
            title=_title(probe), details=tuple(details), extra=extra,
        )

    def problems(self, wire: Wire, app: Location | None) -> Iterator[Finding]:
        """PR501, PR502 and PR503 of one probe."""
        probe, target = wire.probe, wire.target
        common = dict(symbol=_symbol(probe), area=AREA, title=_title(probe))
        if wire.problem:
            searched = f" (routes of the application at {app.label()})" if app else ""
            yield DeployProbeUnrouted.finding(
                probe.location, f"{_where(probe)} requests {wire.request}, but {wire.problem}{searched}",
                related=_related(None, app), details=(f"Request: {wire.request}", wire.problem), **common)
            return
        if target is None:
            return
        if target.never_fails and (probe.kind in (READINESS, STARTUP) or (
                probe.kind == HEALTHCHECK and target.status == "fake")):
            consequence = ("the container reports healthy whatever its dependencies do" if probe.kind == HEALTHCHECK
                           else "traffic is sent to pods whose dependencies are down")
            yield DeployProbeNeverFails.finding(
                probe.location,
                f"{_where(probe)} calls {_handler(target)}, which can never fail ({target.status}): {consequence}",
                related=_related(target), details=target.details, **common)
        if probe.kind == LIVENESS and target.checks_dependencies:
            named = ", ".join(target.dependencies)
            yield DeployLivenessChecksDependencies.finding(
                probe.location,
                f"{_where(probe)} calls {_handler(target)}, which fails when {named} "
                f"{'fails' if len(target.dependencies) == 1 else 'fail'}: "
                "a database outage restarts every pod",
                related=_related(target), details=(f"Checks {named}", *target.details), **common)

    def missing_readiness(self, project: ProjectModel, joined: list[Wire], app: Location | None) -> Iterator[Finding]:
        """PR504 and PR505: containers of long-running Kubernetes workloads, overlays merged."""
        groups: dict[tuple[str, str, str, str], list[Any]] = {}
        for workload in project.deployment.workloads:
            if is_orchestrated(workload):
                for container in workload.containers:
                    groups.setdefault(group_key(workload, container), []).append((workload, container))
        by_probe = {id(w.probe): w for w in joined}
        for members in groups.values():
            probes = [p for _, c in members for p in c.probes]
            kinds = {p.kind for p in probes}
            if READINESS in kinds:
                continue
            workload, container = members[0]
            if LIVENESS in kinds:
                probe = next(p for p in probes if p.kind == LIVENESS)
                wire = by_probe.get(id(probe))
                target = wire.target if wire else None
                calls = f" (it calls {_handler(target)})" if target else (f" (the application at {app.label()})"
                                                                            if app else "")
                yield DeployLivenessWithoutReadiness.finding(
                    probe.location,
                    f"{_where(probe)}{calls} has no readiness probe beside it: pods get traffic while they start "
                    "and while their dependencies are down",
                    related=_related(target, app), symbol=_symbol(probe), area=AREA,
                    title=f"{workload.label} readiness")
            elif any(serves_http(c, project.deployment) for _, c in members):
                yield DeployNoReadinessProbe.finding(
                    container.location,
                    f"Container {container.name or '(unnamed)'} of {workload.label} at {container.location.label()} "
                    f"serves HTTP{f' (the application at {app.label()})' if app else ''} but declares no readiness "
                    "probe",
                    related=(app,) if app else (), symbol=f"{workload.label}:{container.name}", area=AREA,
                    title=f"{workload.label} readiness")

    def liveness_routes(self, project: ProjectModel, config: Any, index: TargetIndex,
                        joined: list[Wire]) -> Iterator[Finding]:
        """PR506: liveness-named routes whose handler checks dependencies and no liveness probe calls."""
        pairs = [(w.probe.kind, w.probe.http.path) for w in joined if w.probe.http is not None and w.probe.http.path]
        patterns = (config or Config()).health_patterns
        for route in health_routes(project, patterns):
            parts = segments(route.path)
            last = parts[-1].lower() if parts else ""
            if last not in LIVENESS_WORDS:
                continue
            kinds = probe_kinds(pairs, route.path)
            if LIVENESS in kinds or (last in NOT_READINESS_WORDS and {READINESS, STARTUP} & set(kinds)):
                continue
            target = index.target(route)
            if not target.checks_dependencies:
                continue
            named = ", ".join(target.dependencies)
            yield LivenessRouteChecksDependencies.finding(
                route.location,
                f"Liveness route `{route.path}` fails when {named} "
                f"{'fails' if len(target.dependencies) == 1 else 'fail'}: a liveness probe on it restarts every "
                "pod during that dependency's outage",
                symbol=route.handler, area=HEALTH_AREA, title=f"`{route.path}` Endpoint",
                details=(f"Checks {named}", *target.details), extra=(("path", route.path),))
