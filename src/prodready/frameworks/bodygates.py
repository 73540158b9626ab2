"""The on-demand `function_gates` collector: conditions a function body opens with that stop it
(`if not app.config["DEV_AUTH_ENABLED"]: abort(404)`, or the whole body under `if DEV_AUTH: ...
else: raise NotFound`), and the helper a body hands its work to (`return _dev_login(uid)`), so a
route whose handler or delegated helper refuses outside development counts as gated."""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from typing import Any, Mapping

from prodready.frameworks.astutil import SourceText, callee, condition, dotted, last_name, literal_str
from prodready.frameworks.facts import Condition
from prodready.frameworks.functions import iter_definitions
from prodready.frameworks.gates import is_auth_name
from prodready.frameworks.words import words
from prodready.model.collector import Collector
from prodready.model.project import ParsedSource

OPENING_STATEMENTS = 6  # a gate is among the first statements of a body
REFUSING_CALLS = frozenset({"abort", "not_found", "NotFound", "Http404", "HTTPException", "forbidden"})
REFUSING_STATUSES = frozenset({401, 403, 404})
UNAUTHORISED_STATUSES = frozenset({401, 403})
UNAUTHORISED_NAMES = frozenset({  # `status.HTTP_401_UNAUTHORIZED`, `raise PermissionDenied`
    "HTTP_401_UNAUTHORIZED", "HTTP_403_FORBIDDEN", "UNAUTHORIZED", "FORBIDDEN", "Unauthorized", "Forbidden",
    "PermissionDenied", "NotAuthenticated", "AuthenticationFailed",
})
SIGNED_IN_SOURCES = frozenset({"g", "request", "self", "current_user", "flask_login.current_user"})
CALLER_WORDS = frozenset({"user", "credentials", "principal", "identity", "authenticated"})
CREDENTIAL_PARAMETER_WORDS = frozenset({"credentials", "principal", "identity", "authorization", "auth"})
#: What names the caller's network address (`request.remote_addr`, `client_ip`, `request.client.host`,
#: `X-Forwarded-For`) and what names a list of allowed ones (`is_ip_allowed`, `ALLOWED_DEV_SUBNETS`).
ADDRESS_WORDS = frozenset({"ip", "ips", "addr", "address", "remote", "forwarded", "subnet", "subnets", "cidr"})
ALLOW_LIST_WORDS = frozenset({"allowed", "allow", "allowlist", "whitelist", "whitelisted", "trusted", "permitted",
                              "internal", "local", "localhost", "loopback", "private"})


@dataclass(frozen=True)
class BodyGate:
    """How one function's body stops outside its condition."""

    conditions: tuple[Condition, ...] = ()  # negated: the body goes on when the test is false
    delegate: str = ""  # callee of the final `return helper(...)` when nothing returns before it
    permissions: tuple[str, ...] = ()  # a view class's `permission_classes` and auth mixins, a view's decorators
    line: int = 0  # where the permissions are declared
    signed_in: tuple[Condition, ...] = ()  # `if not g.user: return ..., 401`: refuses callers not signed in
    allow_listed: tuple[Condition, ...] = ()  # `if not is_ip_allowed(client_ip, ...): return ..., 403`


@dataclass(frozen=True)
class FileBodyGates:
    """Body gates of one file's functions, by (qualified name, `def` line)."""

    functions: Mapping[tuple[str, int], BodyGate]


def _refuses(body: list[ast.stmt]) -> bool:
    """True when a block ends by refusing: raise, abort(...), or a return with 401/403/404."""
    last = body[-1] if body else None
    if isinstance(last, ast.Raise):
        return True
    if isinstance(last, ast.Expr) and last_name(callee(last.value)) in REFUSING_CALLS:
        return True
    if isinstance(last, ast.Return) and last.value is not None:
        return any(isinstance(n, ast.Constant) and type(n.value) is int and n.value in REFUSING_STATUSES
                   for n in ast.walk(last.value))
    return False


def _stops(body: list[ast.stmt]) -> bool:
    last = body[-1] if body else None
    return isinstance(last, (ast.Raise, ast.Return)) or _refuses(body)


def _refuses_unauthorised(body: list[ast.stmt]) -> bool:
    """True when a block ends by refusing with 401/403 (a status, or an exception named for it)."""
    last = body[-1] if body else None
    if not isinstance(last, (ast.Raise, ast.Return, ast.Expr)):
        return False
    for node in ast.walk(last):
        if isinstance(node, ast.Constant) and type(node.value) is int and node.value in UNAUTHORISED_STATUSES:
            return True
        if isinstance(node, (ast.Name, ast.Attribute)) and last_name(dotted(node)) in UNAUTHORISED_NAMES:
            return True
    return False


def _reads_caller(test: ast.expr, params: set[str]) -> bool:
    """True when a test reads who is calling from outside the body: `g.user`, `request.user`,
    `current_user.is_authenticated`, or a parameter a dependency fills (`credentials`)."""
    for node in ast.walk(test):
        text = dotted(node) if isinstance(node, (ast.Name, ast.Attribute)) else ""
        if not text or not CALLER_WORDS & set(words(text)):
            continue
        root = text.split(".")[0]
        if root in SIGNED_IN_SOURCES or text in SIGNED_IN_SOURCES or (
                root in params and CREDENTIAL_PARAMETER_WORDS & set(words(root))):
            return True
    return False


def _tests_caller_address(test: ast.expr) -> bool:
    """True when a test checks the caller's address against allowed ones: `is_ip_allowed(client_ip,
    subnets)`, `request.remote_addr not in TRUSTED_IPS`, `request.client.host in ADMIN_HOSTS`."""
    found: set[str] = set()
    membership = False
    for node in ast.walk(test):
        if isinstance(node, (ast.Name, ast.Attribute)):
            found.update(words(dotted(node)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.update(words(node.value))
        elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
            membership = True
    names_address = bool(found & ADDRESS_WORDS) or {"client", "host"} <= found
    return names_address and (bool(found & ALLOW_LIST_WORDS) or membership)


def _opening(statements: list[ast.stmt]) -> list[ast.stmt]:
    """The statements a body opens with, its docstring left out."""
    first = statements[0] if statements else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        statements = statements[1:]
    return statements[:OPENING_STATEMENTS]


OPEN_PERMISSIONS = frozenset({"AllowAny"})
PERMISSION_ATTRIBUTES = frozenset({"permission_classes", "permission_required"})


def class_permissions(node: ast.ClassDef) -> BodyGate:
    """A class-based view's `permission_classes = (IsAdminUser,)` and auth-like base classes
    (`LoginRequiredMixin`); `AllowAny` opens the view."""
    found = [dotted(base) for base in node.bases if is_auth_name(dotted(base))]
    line = node.lineno
    for statement in node.body:
        if isinstance(statement, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in PERMISSION_ATTRIBUTES for t in statement.targets):
            values = statement.value.elts if isinstance(statement.value, (ast.Tuple, ast.List)) else [statement.value]
            names = [dotted(v) or (literal_str(v) or "") for v in values]
            if any(n.rsplit(".", 1)[-1] in OPEN_PERMISSIONS for n in names):
                return BodyGate()
            found += [n for n in names if n]
            line = statement.lineno
    return BodyGate(permissions=tuple(found), line=line)


def decorator_permissions(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, ...]:
    """A function view's `@permission_classes([IsAuthenticated])` (not `AllowAny`) and auth
    decorators (`@login_required`), which hold wherever a URL list names the view."""
    found: list[str] = []
    for decorator in node.decorator_list:
        name = dotted(decorator.func) if isinstance(decorator, ast.Call) else dotted(decorator)
        if isinstance(decorator, ast.Call) and last_name(name) in PERMISSION_ATTRIBUTES:
            values = [e for a in decorator.args for e in (a.elts if isinstance(a, (ast.List, ast.Tuple)) else [a])]
            names = [dotted(v) or (literal_str(v) or "") for v in values]
            if not any(n.rsplit(".", 1)[-1] in OPEN_PERMISSIONS for n in names):
                found += [n for n in names if n]
        elif name and is_auth_name(name):
            found.append(name)
    return tuple(found)


def body_gate(node: ast.FunctionDef | ast.AsyncFunctionDef, text: SourceText) -> BodyGate:
    """The opening gates of one function body and the helper it delegates to."""
    found: list[Condition] = []
    signed_in: list[Condition] = []
    allow_listed: list[Condition] = []
    params = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
    statements = _opening(node.body)
    for statement in statements:
        if not isinstance(statement, ast.If):
            continue
        if not statement.orelse and _refuses_unauthorised(statement.body) and _reads_caller(statement.test, params):
            signed_in.append(condition(statement.test, text))
        elif not statement.orelse and _refuses(statement.body) and _tests_caller_address(statement.test):
            allow_listed.append(condition(statement.test, text))
        if _stops(statement.body) and not statement.orelse:  # if not DEV: raise NotFound
            found.append(replace(condition(statement.test, text), negated=True))
        elif statement.orelse and _refuses(statement.orelse) and statement is node.body[-1]:
            found.append(condition(statement.test, text))  # if DEV: <everything> else: raise NotFound
    last = node.body[-1] if node.body else None
    delegate = ""
    if isinstance(last, ast.Return) and last.value is not None and callee(last.value):
        earlier = node.body[:-1]
        if not any(isinstance(n, (ast.Return, ast.Raise)) for s in earlier for n in ast.walk(s)):
            delegate = callee(last.value)
    permissions = decorator_permissions(node)
    line = node.decorator_list[0].lineno if permissions else 0
    return BodyGate(tuple(found), delegate, permissions, line, tuple(signed_in), tuple(allow_listed))


class FunctionGatesCollector(Collector):
    """Per file: the opening gates and delegated helper of every function (asked for dev-looking
    route handlers and the helpers they hand over to)."""

    name = "function_gates"
    on_demand = True

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> FileBodyGates | None:
        """The body gates of one file's functions, or None when none has any."""
        text = SourceText(source.text)
        found = {}
        for qualname, node in iter_definitions(source.tree.body):
            gate = class_permissions(node) if isinstance(node, ast.ClassDef) else body_gate(node, text)
            if gate.conditions or gate.delegate or gate.permissions or gate.signed_in or gate.allow_listed:
                found[(qualname, node.lineno)] = gate
        return FileBodyGates(found) if found else None
