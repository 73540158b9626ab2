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


def _enclosing_class(index: ProjectRoutes, module: str, info: FunctionInfo) -> BodyGate | None:
    """The body gate (permissions, auth bases) of the class a method is defined in, else None."""
    owner = info.qualname.rpartition(".")[0]
    if not owner:
        return None
    found = index.function(f"{module}.{owner}")
    return _body_gate(index, *found) if found is not None and found[1].is_class else None


def with_body_gates(index: ProjectRoutes, route: Route) -> Route:
    """The route with the environment tests its handler body opens with (`if not
    app.config["DEV_AUTH_ENABLED"]: abort(404)`, or all under `if DEV_AUTH: ... else: raise`),
    also one helper deep (`return _dev_auth_login(uid)`), as condition gates; a view class's
    `permission_classes` (not `AllowAny`) or auth bases, a function view's `@permission_classes`
    or auth decorators (`@login_required`), also the class a method handler is defined
    in (`class AdminDebugController(BaseAdminController)`), and an opening refusal of callers not
    signed in (`if not g.user: return ..., 401`) as auth gates; an opening refusal of callers whose
    address is not allowed (`if not is_ip_allowed(client_ip, subnets): return ..., 403`) as a
    network gate."""
    found = index.function(route.handler, route.location.start_line)
    if found is None:
        return route
    module, info = found
    gate = _body_gate(index, module, info) or BodyGate()
    gates = index.condition_gates(module, gate.conditions)
    gates += [Gate("auth", c.expression, index.location(module, c.line, c.end_line, message="gate"))
              for c in gate.signed_in]
    gates += [Gate("network", c.expression, index.location(module, c.line, c.end_line, message="gate"))
              for c in gate.allow_listed]
    owner = _enclosing_class(index, module, info)
    for permissions in (gate, owner):
        if permissions is not None and permissions.permissions:
            location = index.location(module, permissions.line, message="gate")
            gates.append(Gate("auth", f"permission_classes ({', '.join(permissions.permissions)})", location))
    if gate.delegate:
        helper = index.function(index.name_in(module, gate.delegate, info.qualname.rpartition(".")[0]))
        inner = _body_gate(index, *helper) if helper is not None and helper[1] is not info else None
        if helper is not None and inner is not None:
            gates += index.condition_gates(helper[0], inner.conditions)
    if not gates:
        return route
    return replace(route, gates=tuple(dict.fromkeys((*route.gates, *gates))))
