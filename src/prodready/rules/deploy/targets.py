"""What a probe's request reaches in the code: a route's handler (classified as the health family
classifies it) or a probe route of `prodready_kit.health`."""

from __future__ import annotations

from dataclasses import dataclass

from prodready.engine import imports
from prodready.frameworks.testfiles import is_test_file
from prodready.model.findings import Location
from prodready.model.project import ProjectModel, Route
from prodready.rules.deploy.kit_routes import kit_mounts
from prodready.rules.deploy.paths import exactness, matches
from prodready.rules.health.classify import REAL, STATIC
from prodready.rules.health.family import dependency_of, judge
from prodready.rules.health.summary import ResponseIndex

PROBE_METHODS = frozenset({"GET", "HEAD"})
KIT = "prodready_kit.health"


@dataclass(frozen=True)
class Target:
    """The code end of a probe: a handler (or a kit probe route) and how it answers."""

    path: str  # the route path as served
    handler: str  # qualified handler name, or "prodready_kit.health <probe>"
    location: Location  # handler span, or the line mounting the kit's routes
    status: str = ""  # fake, body-only-failure, static-liveness, real; "" when the handler was not found
    details: tuple[str, ...] = ()
    dependencies: tuple[str, ...] = ()  # what it calls that can fail it ("`db.execute` (SQLAlchemy)")

    @property
    def never_fails(self) -> bool:
        """True for handlers that answer 200 whatever happens (fake or static)."""
        return self.status in ("fake", STATIC)

    @property
    def checks_dependencies(self) -> bool:
        """True when a dependency's failure fails the probe."""
        return self.status == REAL and bool(self.dependencies)


class TargetIndex:
    """The project's served routes and kit probe routes, judged when a probe reaches them."""

    def __init__(self, project: ProjectModel) -> None:
        self.project = project
        self.responses = ResponseIndex(project)
        self.routes = [r for r in project.routes if r.mounted and _probe_method(r)
                       and not is_test_file(r.location.path)]
        self.kit = [(path, mount, route_path, probe) for path, mount in kit_mounts(project)
                    for route_path, probe in mount.routes()]
        self._judged: dict[tuple[str, str], Target] = {}

    @property
    def empty(self) -> bool:
        """True when the code serves no route prodready can see."""
        return not self.routes and not self.kit

    def find(self, request: str) -> Target | None:
        """The target a request path reaches, preferring literal segments over parameters."""
        for path, mount, route_path, probe in self.kit:
            if matches(request, route_path):
                return _kit_target(path, mount.line, mount.end_line, route_path, probe)
        candidates = [r for r in self.routes if matches(request, r.path)]
        if not candidates:
            return None
        route = max(candidates, key=lambda r: exactness(request, r.path))
        return self.target(route)

    def target(self, route: Route) -> Target:
        """A route as a target, judged once."""
        key = (route.handler, route.path)
        if key not in self._judged:
            self._judged[key] = self._judge(route)
        return self._judged[key]

    def _judge(self, route: Route) -> Target:
        judged = judge(route, self.responses)
        if judged is None:
            return Target(route.path, route.handler, route.location)
        summary, verdict = judged
        calls = [c for c in (summary.propagating_probe, *summary.dependency_calls) if c]
        found = self.responses.function(route.handler, route.location.start_line)
        module = found[0] if found else route.handler.rsplit(".", 1)[0]
        named = tuple(self.named(module, call) for call in dict.fromkeys(calls))
        return Target(route.path, route.handler, route.location, verdict.status, verdict.details, named)

    def named(self, module: str, call: str) -> str:
        """"`redis.ping` (Redis)": a dependency call and the library it belongs to, when known."""
        head = call.split(".", 1)[0]
        home, _ = imports.resolve(self.project, module, head)
        if home == module:  # a local name: nothing says what it talks to
            return f"`{call}`"
        library = dependency_of(home) or self.library_of(home)
        return f"`{call}` ({library})" if library else f"`{call}`"

    def library_of(self, module: str) -> str:
        """The first dependency library a project module imports (`app.cache` -> Redis), else ""."""
        facts = imports.file_imports(self.project, module)
        if facts is None:
            return ""
        return next((found for b in facts.bindings if (found := dependency_of(b.module))), "")


def _probe_method(route: Route) -> bool:
    return not route.methods or bool(PROBE_METHODS & set(route.methods))


def _kit_target(path: str, line: int, end_line: int, route_path: str, probe: str) -> Target:
    location = Location(path, line, end_line, message=f"{KIT} {probe} route")
    if probe == "liveness":
        return Target(route_path, f"{KIT} liveness", location, STATIC,
                      ("The kit's liveness probe: answers while the process runs, checks no dependency",))
    if probe == "startup":
        return Target(route_path, f"{KIT} startup", location, REAL, ("Fails until start-up completes",))
    return Target(route_path, f"{KIT} readiness", location, REAL,
                  ("Answers 503 when a critical registered check fails",), ("the registry's readiness checks",))
