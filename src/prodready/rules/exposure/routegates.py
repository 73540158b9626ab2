"""Gates the linked route does not carry: the signed-in user a FastAPI handler takes, and the
environment test a handler (or the helper it hands over to) opens its body with."""

from __future__ import annotations

from dataclasses import replace

from prodready.frameworks.bodygates import BodyGate, FileBodyGates, FunctionGatesCollector
from prodready.frameworks.functions import FunctionInfo
from prodready.frameworks.linking import ProjectRoutes
from prodready.model.project import Gate, Route
from prodready.rules.exposure.tokens import signed_in_parameter


def with_signed_in_gate(index: ProjectRoutes, route: Route) -> Route:
    """A FastAPI route whose handler takes the signed-in user (`current_user: CurrentUser`) is
    behind that auth dependency even when it hides in an `Annotated` alias."""
    if route.framework != "fastapi" or any(g.kind == "auth" for g in route.gates):
        return route
    param = signed_in_parameter(index, route.handler, route.location.start_line)
    if not param:
        return route
    return replace(route, gates=(*route.gates, Gate("auth", param, route.location)))


def _body_gate(index: ProjectRoutes, module: str, info: FunctionInfo) -> BodyGate | None:
    facts = index.project.facts_at(FunctionGatesCollector.name, index.paths.get(module))
    return facts.functions.get((info.qualname, info.def_line)) if isinstance(facts, FileBodyGates) else None


def with_body_gates(index: ProjectRoutes, route: Route) -> Route:
    """The route with the environment tests its handler body opens with (`if not
    app.config["DEV_AUTH_ENABLED"]: abort(404)`, or all under `if DEV_AUTH: ... else: raise`),
    also one helper deep (`return _dev_auth_login(uid)`), as condition gates, and a view class's
    `permission_classes` (not `AllowAny`) or auth mixins as an auth gate."""
    found = index.function(route.handler, route.location.start_line)
    if found is None:
        return route
    module, info = found
    gate = _body_gate(index, module, info)
    if gate is None:
        return route
    gates = index.condition_gates(module, gate.conditions)
    if gate.permissions:
        location = index.location(module, gate.line, message="gate")
        gates.append(Gate("auth", f"permission_classes ({', '.join(gate.permissions)})", location))
    if gate.delegate:
        helper = index.function(index.name_in(module, gate.delegate, info.qualname.rpartition(".")[0]))
        inner = _body_gate(index, *helper) if helper is not None and helper[1] is not info else None
        if helper is not None and inner is not None:
            gates += index.condition_gates(helper[0], inner.conditions)
    if not gates:
        return route
    return replace(route, gates=tuple(dict.fromkeys((*route.gates, *gates))))
