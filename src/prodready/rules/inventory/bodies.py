"""Classify function bodies: stubs, verifications that always pass, constant users."""

from __future__ import annotations

import ast
import re

from prodready.rules.inventory.astnames import dotted_name

TODO_MARKERS = re.compile(r"\b(TODO|FIXME|XXX|not implemented|placeholder)\b", re.I)
USER_KEYS = frozenset({
    "sub", "user", "username", "user_id", "userid", "uid", "email", "roles", "role",
    "permissions", "scopes", "is_admin", "is_superuser", "tenant_id", "principal",
})
USER_CLASS = re.compile(r"user|principal|identity|account|claims|subject", re.I)
LOGGING_CALL = re.compile(r"(^|\.)(log|logger|logging|_log|_logger|print|warn|warnings)(\.|$)|^print$", re.I)

_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def split_docstring(body: list[ast.stmt]) -> tuple[str, list[ast.stmt]]:
    """The docstring of a body ("" if none) and the statements after it."""
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        value = body[0].value.value
        if isinstance(value, str):
            return value, body[1:]
    return "", body


def _is_constant(node: ast.expr, value: object) -> bool:
    return isinstance(node, ast.Constant) and node.value is value


def stub_kind(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """How a function is only a stub ("pass", "ellipsis", "not-implemented", "return-true",
    "return-none", "docstring", "todo"), or "" when its body does real work."""
    docstring, body = split_docstring(func.body)
    if not body:
        return "todo" if TODO_MARKERS.search(docstring) else "docstring"
    if all(isinstance(stmt, ast.Pass) for stmt in body):
        return "pass"
    if len(body) != 1:
        return ""
    stmt = body[0]
    if isinstance(stmt, ast.Expr) and _is_constant(stmt.value, Ellipsis):
        return "ellipsis"
    if isinstance(stmt, ast.Raise) and stmt.exc is not None:
        exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
        if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
            return "not-implemented"
    if isinstance(stmt, ast.Return):
        if stmt.value is None or _is_constant(stmt.value, None):
            return "return-none"
        if _is_constant(stmt.value, True):
            return "return-true"
    return ""


def _is_literal(node: ast.expr) -> bool:
    """True for constants and containers of constants."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(_is_literal(item) for item in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _is_literal(k) for k in node.keys) and all(
            _is_literal(v) for v in node.values
        )
    return False


def _callee_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def is_constant_user(node: ast.expr) -> bool:
    """A literal user: a dict of constants with user keys, or User(...) built from constants."""
    if isinstance(node, ast.Dict) and _is_literal(node):
        keys = {k.value.lower() for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        return bool(keys & USER_KEYS)
    if isinstance(node, ast.Call) and USER_CLASS.search(_callee_name(node.func)):
        arguments = [*node.args, *(kw.value for kw in node.keywords)]
        return bool(arguments) and all(_is_literal(arg) for arg in arguments)
    return False


def _return_kind(node: ast.Return) -> str:
    value = node.value
    if value is None or _is_constant(value, None):
        return "none"
    if _is_constant(value, True):
        return "true"
    if _is_constant(value, False):
        return "false"
    if is_constant_user(value):
        return "constant-user"
    return "other"


class _Profile:
    """Returns, raises and exception-propagating calls of one function body."""

    def __init__(self) -> None:
        self.returns: set[str] = set()
        self.raises = False
        self.propagating_call = False

    def visit(self, node: ast.AST, guarded: bool) -> None:
        """Profile `node` and everything under it except nested scopes; `guarded`: inside a try body."""
        stack = [(node, guarded)]
        while stack:
            current, inside_try = stack.pop()
            if isinstance(current, _NESTED_SCOPES):
                continue
            if isinstance(current, ast.Return):
                self.returns.add(_return_kind(current))
            elif isinstance(current, (ast.Raise, ast.Assert)):
                self.raises = True
            elif isinstance(current, ast.Call) and not inside_try:
                if not LOGGING_CALL.search(dotted_name(current.func)):
                    self.propagating_call = True
            if isinstance(current, ast.Try) and current.handlers:
                stack.extend((child, True) for child in current.body)
                for handlers in (current.handlers, current.orelse, current.finalbody):
                    stack.extend((child, inside_try) for child in handlers)
                continue
            stack.extend((child, inside_try) for child in ast.iter_child_nodes(current))


def return_behaviour(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """"always-true" when every path returns True and nothing can fail, "constant-user" when
    every return is the same literal user, else "" (only functions ending in such a return)."""
    last = func.body[-1]
    if not isinstance(last, ast.Return) or last.value is None:
        return ""
    if not (_is_constant(last.value, True) or is_constant_user(last.value)):
        return ""
    profile = _Profile()
    for stmt in func.body:
        profile.visit(stmt, False)
    if profile.returns == {"constant-user"}:
        return "constant-user"
    ends_true = _is_constant(last.value, True)
    if profile.returns == {"true"} and ends_true and not profile.raises and not profile.propagating_call:
        return "always-true"
    return ""
