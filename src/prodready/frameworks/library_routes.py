"""Routes a third-party library serves once the service wires it in, with no route of the
service's own: the table of those libraries, their wirings and the routes each wiring serves.

A wiring is found by `frameworks.adapters.libraries` (a Django `include()` of a library's urls by the
Django adapter); its routes are located at the wiring line
(the MIDDLEWARE entry, the `Dockerflow(app)` call, the `include_router`), and their handlers are
the library's views, whose health class is known here rather than read from code prodready does
not scan.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from prodready.frameworks.facts import Ref, RouteDecl

MIDDLEWARE = "middleware"  # a Django MIDDLEWARE entry
EXTENSION = "extension"  # a class given the app: `Dockerflow(app)`, or `ext = Dockerflow()` + `ext.init_app(app)`
ROUTER = "router"  # a router the app includes: `app.include_router(dockerflow_router)`
URLCONF = "urlconf"  # a Django urls module included: `path("health/", include("health_check.urls"))`
REAL, STATIC = "real", "static-liveness"


@dataclass(frozen=True)
class ProvidedRoute:
    """One route a library serves: its path, methods (() for any), view and health class."""

    path: str
    methods: tuple[str, ...]
    view: str  # qualified name of the library view that answers
    health: str = ""  # REAL, STATIC or "" (not a health route)
    why: str = ""  # the evidence behind `health`, shown in findings


@dataclass(frozen=True)
class Wiring:
    """A way of wiring a library into a service, and the routes it then serves."""

    origin: str  # dotted name of what is wired: a middleware path, a class, a router
    kind: str  # MIDDLEWARE, EXTENSION or ROUTER
    routes: tuple[ProvidedRoute, ...]


_HEARTBEAT = "Runs the registered checks ({checks}) and answers HTTP 500 when one fails"
_LBHEARTBEAT = "Constant HTTP 200 for load balancers: checks no dependency (liveness only)"


def _dockerflow(package: str, methods: tuple[str, ...], checks: str) -> tuple[ProvidedRoute, ...]:
    """Dockerflow's three routes as `dockerflow.<package>` serves them."""
    views = f"dockerflow.{package}.views"
    return (
        ProvidedRoute("/__heartbeat__", methods, f"{views}.heartbeat", REAL, _HEARTBEAT.format(checks=checks)),
        ProvidedRoute("/__lbheartbeat__", methods, f"{views}.lbheartbeat", STATIC, _LBHEARTBEAT),
        ProvidedRoute("/__version__", methods, f"{views}.version"),
    )


_GET = ("GET", "HEAD")
WIRINGS = (
    Wiring("dockerflow.django.middleware.DockerflowMiddleware", MIDDLEWARE,
           _dockerflow("django", (), "Django system checks, the database and migrations among them")),
    Wiring("dockerflow.flask.Dockerflow", EXTENSION, _dockerflow("flask", _GET, "database, Redis, migrations")),
    Wiring("dockerflow.sanic.Dockerflow", EXTENSION, _dockerflow("sanic", _GET, "Redis and the checks registered")),
    Wiring("dockerflow.fastapi.router", ROUTER, _dockerflow("fastapi", _GET, "the checks registered")),
    Wiring("health_check.urls", URLCONF, (ProvidedRoute(
        "", ("GET",), "health_check.views.MainView", REAL,
        "Runs the installed django-health-check backends (database, cache, storage, ...) and answers HTTP 500 "
        "when one fails"),)),
)
ROOTS = frozenset(w.origin.split(".")[0] for w in WIRINGS if w.kind != URLCONF)


def wiring(origin: str, kind: str) -> Wiring | None:
    """The wiring of `kind` a dotted name (as imported: `dockerflow.flask.app.Dockerflow` too) is, else None."""
    for found in WIRINGS:
        if found.kind != kind:
            continue
        package, _, name = found.origin.rpartition(".")
        if origin == found.origin or origin.startswith(package + ".") and origin.endswith("." + name):
            return found
    return None


def provided_view(handler: str) -> ProvidedRoute | None:
    """The library route whose view is `handler` (a route's qualified handler), else None."""
    return next((r for w in WIRINGS for r in w.routes if r.view == handler), None)


def serve(visitor: Any, owner: Ref, found: Wiring, framework: str, node: ast.expr, prefix: str = "") -> None:
    """Record on `owner` the routes `found` serves (under `prefix`), located at the wiring `node`."""
    for route in found.routes:
        visitor.routes.append(RouteDecl(
            owner, framework, route.methods, prefix.rstrip("/") + route.path if route.path else prefix,
            node.lineno, handler_ref=Ref(route.view, absolute=True), conditions=tuple(visitor.conditions),
            span=(node.lineno, node.end_lineno or node.lineno),
        ))
