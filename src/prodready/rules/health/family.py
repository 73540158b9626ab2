"""The health family: classify every health-ish route, then check the project has readiness."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Iterable, Iterator

from prodready.engine.imports import FileImports, ImportsCollector
from prodready.frameworks.collector import RoutesCollector
from prodready.frameworks.facts import FileRouteFacts
from prodready.frameworks.gates import is_auth_name
from prodready.frameworks.library_routes import provided_view
from prodready.frameworks.testfiles import is_test_file
from prodready.frameworks.words import words
from prodready.model.config import Config
from prodready.model.findings import Finding
from prodready.model.project import ProjectModel, Route
from prodready.rules.base import Rule, RuleFamily
from prodready.rules.health.body_only_failure import HealthBodyOnlyFailure
from prodready.rules.health.classify import BODY_ONLY, FAKE, REAL, STATIC, Verdict, classify
from prodready.rules.health.fake import HealthFake
from prodready.rules.health.matching import health_word, is_readiness
from prodready.rules.health.no_readiness_check import NoReadinessCheck
from prodready.rules.health.real import HealthReal
from prodready.rules.health.static_liveness import HealthStaticLiveness
from prodready.rules.health.summary import HandlerSummary, ResponseIndex

AREA = "health-monitoring"
RULES: dict[str, type[Rule]] = {
    FAKE: HealthFake, BODY_ONLY: HealthBodyOnlyFailure, STATIC: HealthStaticLiveness, REAL: HealthReal,
}
MESSAGES = {
    FAKE: "Health endpoint `{path}` can never report failure: it always answers {answer} with HTTP 200",
    BODY_ONLY: "Health endpoint `{path}` reports failure only in the body; every path answers HTTP 200",
    STATIC: "Health endpoint `{path}` returns a constant answer and checks no dependency (liveness only)",
    REAL: "Health endpoint `{path}` reflects real checks and can fail",
}
DEPENDENCY_MODULES = {
    "redis": "Redis", "aioredis": "Redis", "sqlalchemy": "SQLAlchemy", "psycopg": "PostgreSQL",
    "psycopg2": "PostgreSQL", "asyncpg": "PostgreSQL", "pymongo": "MongoDB", "motor": "MongoDB",
    "httpx": "HTTP client", "requests": "HTTP client", "aiohttp": "HTTP client", "kafka": "Kafka",
    "aiokafka": "Kafka", "confluent_kafka": "Kafka", "pika": "RabbitMQ", "aio_pika": "RabbitMQ",
    "celery": "Celery", "kombu": "message broker", "elasticsearch": "Elasticsearch", "pymysql": "MySQL",
    "aiomysql": "MySQL", "mysql": "MySQL", "databases": "database", "tortoise": "database",
    "peewee": "database", "boto3": "AWS", "minio": "MinIO", "cassandra": "Cassandra", "neo4j": "Neo4j",
    "nats": "NATS", "pymemcache": "Memcached", "django.db": "database",
}
KIT_READINESS_PROVIDERS = ("health_router", "health_blueprint", "health_urls", "health_routes",
                           "readiness_response", "HealthASGIApp", "HealthWSGIApp")
KIT_HEALTH = "prodready_kit.health"
HEALTH_LIBRARIES = ("health_check", "fastapi_health", "flask_healthz", "healthcheck", "aiohttp_healthcheck")
DEPENDENCY_CHECK_WORDS = frozenset({"check", "ping", "probe", "health", "healthy", "ready", "readiness",
                                    "alive", "connected"})
TUPLE_BLIND_FRAMEWORKS = frozenset({  # `return body, 503` is a body
    "fastapi", "starlette", "django", "aiohttp", "pyramid", "cornice", "falcon", "http.server", "litestar", "tornado",
})
_DEPENDS = re.compile(r"(?:Depends|Security)\(\s*([\w.]+)")


def dependency_probe(route: Route) -> str:
    """A route dependency that checks something (`Depends(check_database)`): it can fail the route."""
    for text in route.dependencies:
        match = _DEPENDS.search(text)
        name = match.group(1) if match else ""
        if name and set(words(name.rsplit(".", 1)[-1])) & DEPENDENCY_CHECK_WORDS and not is_auth_name(name):
            return name
    return ""


def framework_answers(route: Route, summary: HandlerSummary) -> HandlerSummary:
    """The summary as the route's framework answers: FastAPI, Starlette, Django and aiohttp send a
    `return body, 503` tuple as a 200 body, only Flask-like frameworks read its code."""
    if route.framework not in TUPLE_BLIND_FRAMEWORKS:
        return summary
    outcomes = tuple(replace(o, codes=(), code_dynamic=False) if o.tuple_code else o for o in summary.outcomes)
    return replace(summary, outcomes=outcomes)


def health_routes(project: ProjectModel, patterns: Iterable[str]) -> list[Route]:
    """Health-ish routes, one per (handler, effective path)."""
    seen: dict[tuple[str, str], Route] = {}
    for route in project.routes:
        if health_word(route, patterns):
            seen.setdefault((route.handler, route.path), route)
    return list(seen.values())


def dependency_imports(project: ProjectModel) -> list[tuple[str, str, int]]:
    """(library, path, line) for each dependency library the service's own code imports."""
    found: dict[str, tuple[str, str, int]] = {}
    for path, facts in sorted(project.facts_of(ImportsCollector.name).items()):
        if not isinstance(facts, FileImports) or is_test_file(path, facts):
            continue
        for binding in facts.bindings:
            library = dependency_of(binding.module)
            if library and library not in found:
                found[library] = (library, path, binding.line)
    return list(found.values())


def dependency_of(module: str) -> str:
    """The dependency a module belongs to (its shortest listed package prefix), else ""."""
    parts = module.split(".")
    for end in range(1, len(parts) + 1):
        label = DEPENDENCY_MODULES.get(".".join(parts[:end]))
        if label:
            return label
    return ""


def uses_health_library(project: ProjectModel) -> bool:
    """True when the service answers probes through prodready_kit.health or a health-check
    library (django-health-check's `include("health_check.urls")`, fastapi-health, ...)."""
    for path, facts in project.facts_of(ImportsCollector.name).items():
        if isinstance(facts, FileImports) and not is_test_file(path, facts):
            for binding in facts.bindings:
                if binding.module.startswith(KIT_HEALTH) and binding.attr in KIT_READINESS_PROVIDERS:
                    return True
                if binding.module.split(".")[0] in HEALTH_LIBRARIES:
                    return True
    for facts in project.facts_of(RoutesCollector.name).values():
        if isinstance(facts, FileRouteFacts):
            if any(m.child.absolute and m.child.text.split(".")[0] in HEALTH_LIBRARIES for m in facts.mounts):
                return True
    return False


MOUNT_NOT_RESOLVED = " (mount not resolved)"
MOUNT_UNRESOLVED_DETAIL = ("Mount not resolved: the router is registered by code a static reader cannot follow; "
                           "the path shown is the route's own, without the prefixes it is served under")


def _unresolved_note(route: Route) -> str:
    """" (mount not resolved)" for a route whose mount prodready cannot tell, else ""."""
    return MOUNT_NOT_RESOLVED if route.mount_unresolved else ""


def judge(route: Route, index: ResponseIndex) -> tuple[HandlerSummary, Verdict] | None:
    """The handler's summary (as its framework answers) and class, None when it is not found."""
    line = route.location.start_line
    summary = (index.summarise(route.handler, line=line)
               or index.summarise(f"{route.handler}.get", line=line))  # class views
    if summary is None:
        return library_verdict(route)
    summary = framework_answers(route, summary)
    probe = dependency_probe(route)
    if probe and not summary.propagating_probe:
        summary = replace(summary, propagating_probe=probe)
    return summary, classify(summary, is_readiness(route))


def library_verdict(route: Route) -> tuple[HandlerSummary, Verdict] | None:
    """The class of a health route a library serves (Dockerflow's `/__heartbeat__`), from the
    library table: its view is not in the scanned code (None for other handlers)."""
    provided = provided_view(route.handler)
    if provided is None or not provided.health:
        return None
    return HandlerSummary(outcomes=()), Verdict(provided.health, (f"Served by the library view `{route.handler}`",
                                                                  provided.why))


def _finding(route: Route, verdict: Verdict) -> Finding:
    rule = RULES[verdict.status]
    return rule.finding(
        route.location,
        MESSAGES[verdict.status].format(path=route.path, answer=verdict.answer) + _unresolved_note(route),
        related=tuple(m.location for m in route.mounts),
        symbol=route.handler,
        area=AREA,
        title=f"`{route.path}` Endpoint",
        details=verdict.details + ((MOUNT_UNRESOLVED_DETAIL,) if route.mount_unresolved else ()),
        extra=(("path", route.path), ("methods", ",".join(route.methods))),
    )


class HealthFamily(RuleFamily):
    """Fake, body-only-failure, static-liveness and real health endpoints; missing readiness."""

    name = "health"

    def check(self, project: ProjectModel, config: Any) -> Iterator[Finding]:
        """Findings of PR101-PR105."""
        patterns = (config or Config()).health_patterns
        index = ResponseIndex(project)
        real = False
        for route in health_routes(project, patterns):
            judged = judge(route, index)
            if judged is None:
                continue
            verdict = judged[1]
            real = real or verdict.status == REAL
            yield _finding(route, verdict)
        if real or not project.routes or uses_health_library(project):
            return
        dependencies = dependency_imports(project)
        if dependencies:
            labels = ", ".join(dict.fromkeys(label for label, _, _ in dependencies))
            yield NoReadinessCheck.finding(
                project.anchor(),
                f"The service uses {labels} but no route can report them failing",
                area=AREA,
                title="Readiness Check",
                details=tuple(f"{label} imported at {path}:{line}" for label, path, line in dependencies),
            )
