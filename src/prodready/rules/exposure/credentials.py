"""The on-demand `credentials` collector: per function, the calls whose results it uses (with the
words of where each result goes and the claims it encodes), the credential-looking keys of what
it returns, and the evidence that it checks a credential first. Facts only: `tokens` decides."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from prodready.frameworks.astutil import NESTED_SCOPES, dotted
from prodready.frameworks.functions import iter_definitions
from prodready.frameworks.words import words
from prodready.model.collector import Collector
from prodready.model.project import ParsedSource
from prodready.rules.exposure.verifying import checks_credential, key_text

AUTHORITY_CLAIMS = frozenset({
    "role", "roles", "scope", "scopes", "scp", "permissions", "perms", "groups", "is_admin", "admin",
    "is_superuser", "is_staff", "superuser",
})
IDENTITY_CLAIMS = frozenset({"sub", "user", "username", "email", "uid", "user_id", "identity", "subject"})
CLAIM_KEYWORDS = IDENTITY_CLAIMS | AUTHORITY_CLAIMS | {"additional_claims", "user_claims", "fresh", "expires_delta"}
TEST_IDENTITY_WORDS = frozenset({"test", "testing", "dev", "demo", "fake", "mock", "e2e", "dummy", "sample"})
PRINCIPAL_WORDS = frozenset({"user", "admin", "superuser", "account", "principal", "member", "staff", "identity"})
CREDENTIAL_PARAMS = frozenset({
    "password", "passwd", "credentials", "form_data", "refresh_token", "code", "otp", "api_key", "secret",
    "client_secret", "authorization_code",
})
SESSION_IDENTITY_WORDS = frozenset({"user", "uid", "account", "logged", "auth", "admin", "role", "impersonate"})
SESSION_KEY_WORDS = SESSION_IDENTITY_WORDS | {  # `session["user_id"]`, not `session["pending_sso_user_id"]`
    "id", "in", "is", "authenticated", "roles", "impersonated", "impersonating", "current", "username", "email",
    "member", "principal", "name", "key",
}
VALUE_NODES = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.JoinedStr, ast.Await, ast.BinOp)
RESPONSE_BUILDERS = frozenset({"dict", "jsonify", "json_response", "make_response", "tolerant_jsonify"})
SENDING_WORDS = frozenset({"send", "mail", "email", "sms", "notify", "deliver"})
TO_CALLER_WORDS = frozenset({"json", "response", "websocket", "ws", "socket", "bytes", "text"})  # `ws.send_json`


@dataclass(frozen=True)
class CallSite:
    """A call of a function body and where its result goes."""

    name: str  # dotted callee as written
    line: int
    context: tuple[str, ...] = ()  # words of the targets, keys, keywords and cookies its result flows into
    claims: tuple[str, ...] = ()  # literal claim keys of the payloads it is given
    claims_known: bool = True  # False when a payload is built somewhere this function cannot see
    authority_from: tuple[str, ...] = ()  # parameters (or "request") that feed authority claims
    caller_args: tuple[str, ...] = ()  # positions ("0") and keywords of arguments taken from the caller
    fixed_identity: str = ""  # a literal test identity among the claims ("test-admin")
    stored: bool = False  # the result is only stored on an object, not handed out
    sent: bool = False  # the result is sent out of band (mailed, texted) and not returned


@dataclass(frozen=True)
class FunctionCredentials:
    """What one function may issue and what it checks."""

    calls: tuple[CallSite, ...]
    response_keys: tuple[tuple[str, int], ...] = ()  # returned or cookie keys with non-constant values
    session_keys: tuple[tuple[str, int], ...] = ()  # `session["user_id"] = ...`
    verified: tuple[str, ...] = ()  # evidence that a credential is checked ("compares `data.password`")
    takes: tuple[str, ...] = ()  # parameters named for credentials (a handler's are the caller's input)


@dataclass(frozen=True)
class FileCredentials:
    """The credential facts of one file's functions, by (qualified name, `def` line)."""

    functions: Mapping[tuple[str, int], FunctionCredentials]


class LazyCredentials(Mapping[tuple[str, int], "FunctionCredentials"]):
    """Functions' credential facts, each worked out the first time a rule asks for it (a file holds
    many functions; the rules ask about its handlers and the helpers they call)."""

    def __init__(self, nodes: Mapping[tuple[str, int], ast.FunctionDef | ast.AsyncFunctionDef]) -> None:
        self._nodes = nodes
        self._done: dict[tuple[str, int], FunctionCredentials] = {}

    def __getitem__(self, key: tuple[str, int]) -> FunctionCredentials:
        if key not in self._done:
            self._done[key] = function_credentials(self._nodes[key])
        return self._done[key]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)


def _walk(nodes: list[ast.stmt]) -> Iterator[tuple[ast.AST, ast.AST | None]]:
    """(node, parent) for everything in a body, not entering nested functions, classes or lambdas."""
    stack: list[tuple[ast.AST, ast.AST | None]] = [(node, None) for node in reversed(nodes)]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        for child in reversed(list(ast.iter_child_nodes(node))):
            if not isinstance(child, NESTED_SCOPES):
                stack.append((child, node))


def _is_constant(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant)


class _Body:
    """One function body, read once."""

    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        self.params = [a.arg for a in args]
        self.caller_params = {  # what the caller sends, not the signed-in user a dependency fills in
            p for p in self.params if not set(words(p)) & PRINCIPAL_WORDS and p not in ("self", "cls")}
        self.nodes = list(_walk(node.body))
        self.parents = {id(child): parent for child, parent in self.nodes}
        self.dicts: dict[str, list[ast.AST]] = {}  # name -> dict literals / keyword calls built into it
        self.returned = {name for child, _ in self.nodes if isinstance(child, ast.Return) and child.value is not None
                         for name in _names_kept(child.value)}
        self.flows: dict[str, set[str]] = {}  # name -> the names its assigned values read
        for child, _ in self.nodes:
            if isinstance(child, ast.Assign):
                read = {n.id for n in ast.walk(child.value) if isinstance(n, ast.Name)}
                for target in child.targets:
                    if isinstance(target, ast.Name):
                        self.flows.setdefault(target.id, set()).update(read)
        self.mailed = {n.id for child, _ in self.nodes if isinstance(child, ast.Call) and _sends(child)
                       for arg in [*child.args, *(k.value for k in child.keywords)]
                       for n in ast.walk(arg) if isinstance(n, ast.Name)}
        self.sinks: dict[str, list[str]] = {}  # name -> keys, keywords and cookies it is put into
        for child, parent in self.nodes:
            self._note(child)

    def _note(self, node: ast.AST) -> None:
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Dict, ast.Call)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.dicts.setdefault(target.id, []).append(node.value)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if not isinstance(target, ast.Subscript):
                    continue
                if isinstance(node.value, ast.Name):
                    self.sinks.setdefault(node.value.id, []).append(key_text(target.slice))
                if isinstance(target.value, ast.Name):
                    self.dicts.setdefault(target.value.id, []).append(ast.Dict([target.slice], [node.value]))
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(value, ast.Name) and key is not None:
                    self.sinks.setdefault(value.id, []).append(key_text(key))
        elif isinstance(node, ast.Call):
            for kw in node.keywords:
                if isinstance(kw.value, ast.Name) and kw.arg:
                    self.sinks.setdefault(kw.value.id, []).append(kw.arg)
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "update" and isinstance(func.value, ast.Name):
                self.dicts.setdefault(func.value.id, []).append(node)
            if isinstance(func, ast.Attribute) and func.attr == "set_cookie" and len(node.args) > 1:
                if isinstance(node.args[1], ast.Name):
                    self.sinks.setdefault(node.args[1].id, []).append(key_text(node.args[0]))

    # -- where a value goes ---------------------------------------------------------------
    def destination(self, call: ast.Call) -> ast.AST | None:
        """What the call's result is put into: a keyword, dict, assignment (else None)."""
        node: ast.AST = call
        for _ in range(4):
            parent = self.parents.get(id(node))
            if isinstance(parent, (ast.Await, ast.FormattedValue, ast.JoinedStr, ast.BinOp)) or (
                    isinstance(parent, ast.Call) and node in parent.args) or (
                    isinstance(parent, ast.Attribute) and parent.value is node):  # uuid4().hex
                node = parent
                continue
            return parent
        return None

    def sent(self, call: ast.Call) -> bool:
        """True when the result goes into a mail or text message (`send_email(..., code)`, or a
        message built from it that is sent) and the function does not return it: it reaches the
        address on file, not the caller."""
        node: ast.AST = call
        while isinstance(parent := self.parents.get(id(node)), ast.expr):
            if isinstance(parent, ast.Call) and _sends(parent):
                return True
            node = parent
        if not isinstance(parent, ast.Assign):
            return False
        names = {n.id for t in parent.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        names |= {name for name, read in self.flows.items() if read & names}
        return bool(names & self.mailed) and not names & self.returned

    def stored(self, call: ast.Call) -> bool:
        """True when the result is only stored on an object (`wallet.adminkey = uuid4().hex`)."""
        parent = self.destination(call)
        return isinstance(parent, ast.Assign) and all(isinstance(t, ast.Attribute) for t in parent.targets)

    def context(self, call: ast.Call) -> tuple[str, ...]:
        """Words of where the call's result goes."""
        found: list[str] = []
        node: ast.AST = call
        for _ in range(4):
            parent = self.parents.get(id(node))
            if isinstance(parent, (ast.Await, ast.FormattedValue, ast.JoinedStr, ast.BinOp)) or (
                    isinstance(parent, ast.Call) and node in parent.args) or (
                    isinstance(parent, ast.Attribute) and parent.value is node):
                node = parent
                continue
            if isinstance(parent, ast.keyword) and parent.arg:
                found.append(parent.arg)
            elif isinstance(parent, ast.Dict):
                found += [key_text(k) for k, v in zip(parent.keys, parent.values) if v is node and k is not None]
            elif isinstance(parent, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
                for target in targets:
                    found += self._target_words(target)
            break
        return tuple(dict.fromkeys(w for text in found for w in words(text)))

    def _target_words(self, target: ast.AST) -> list[str]:
        if isinstance(target, ast.Name):
            return [target.id, *self.sinks.get(target.id, [])]
        if isinstance(target, ast.Attribute):
            return [target.attr]
        if isinstance(target, ast.Subscript):
            return [key_text(target.slice)]
        if isinstance(target, (ast.Tuple, ast.List)):
            return [w for element in target.elts for w in self._target_words(element)]
        return []

    # -- what a call encodes --------------------------------------------------------------
    def payloads(self, call: ast.Call) -> tuple[list[tuple[str, ast.AST]], bool]:
        """(claim key, value) pairs of the dicts a call is given, and whether all of them are known."""
        pairs: list[tuple[str, ast.AST]] = []
        known = True
        for arg in call.args:
            found, complete = self._dict_items(arg)
            pairs += found
            known = known and complete
        for kw in call.keywords:
            if kw.arg in CLAIM_KEYWORDS:
                pairs.append((kw.arg, kw.value))
                found, _ = self._dict_items(kw.value)
                pairs += found
        return pairs, known

    def _dict_items(self, node: ast.AST, depth: int = 0) -> tuple[list[tuple[str, ast.AST]], bool]:
        if isinstance(node, ast.Dict):
            items = [(key_text(k), v) for k, v in zip(node.keys, node.values) if k is not None]
            return items, all(k is not None for k in node.keys)
        if isinstance(node, ast.Call):
            items = [(kw.arg, kw.value) for kw in node.keywords if kw.arg]
            complete = dotted(node.func) in ("dict",) or dotted(node.func).endswith(".update")
            for arg in node.args:
                found, inner = self._dict_items(arg, depth + 1) if depth < 3 else ([], False)
                items += found
                complete = complete and inner
            return items, complete
        if isinstance(node, ast.Name) and depth < 3:
            built = self.dicts.get(node.id)
            if not built:
                return [], _is_constant(node)
            items, complete = [], True
            for value in built:
                found, inner = self._dict_items(value, depth + 1)
                items += found
                complete = complete and inner
            return items, complete
        return [], _is_constant(node)

    def from_caller(self, node: ast.AST) -> str:
        """The caller input (a parameter, or "request") an expression reads, else ""."""
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and (inner.id in self.caller_params or inner.id == "request"):
                return inner.id
        return ""

    def call_site(self, call: ast.Call, name: str) -> CallSite:
        pairs, known = self.payloads(call)
        authority = tuple(dict.fromkeys(
            source for key, value in pairs if key.lower() in AUTHORITY_CLAIMS and (source := self.from_caller(value))))
        fixed = next((value.value for key, value in pairs if key.lower() in IDENTITY_CLAIMS | AUTHORITY_CLAIMS
                      and isinstance(value, ast.Constant) and isinstance(value.value, str)
                      and set(words(value.value)) & TEST_IDENTITY_WORDS), "")
        caller_args = tuple(str(i) for i, arg in enumerate(call.args) if self.from_caller(arg))
        caller_args += tuple(kw.arg for kw in call.keywords if kw.arg and self.from_caller(kw.value))
        return CallSite(name, call.lineno, self.context(call), tuple(dict.fromkeys(k for k, _ in pairs)), known,
                        authority, caller_args, fixed, self.stored(call), self.sent(call))

    # -- what it returns ------------------------------------------------------------------
    def response_keys(self) -> tuple[tuple[str, int], ...]:
        """Keys of returned dicts and keywords (nested too) and cookie names, with non-constant values."""
        found: dict[tuple[str, int], None] = {}
        for node, _ in self.nodes:
            if isinstance(node, ast.Return) and node.value is not None:
                for inner in ast.walk(node.value):
                    found.update(dict.fromkeys(self._keys_of(inner)))
                if isinstance(node.value, ast.Name):
                    for built in self.dicts.get(node.value.id, []):
                        found.update(dict.fromkeys(self._keys_of(built)))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "set_cookie":
                key = key_text(node.args[0]) if node.args else key_text(next(
                    (kw.value for kw in node.keywords if kw.arg == "key"), None))
                value = node.args[1] if len(node.args) > 1 else next(
                    (kw.value for kw in node.keywords if kw.arg == "value"), None)
                if key and value is not None and not _is_constant(value):
                    found[(key, node.lineno)] = None
        return tuple(found)

    @staticmethod
    def _keys_of(node: ast.AST) -> list[tuple[str, int]]:
        """Keys of a dict or of a response/model constructor's keywords whose values are data."""
        if isinstance(node, ast.Dict):
            return [(key_text(k), k.lineno) for k, v in zip(node.keys, node.values)
                    if k is not None and key_text(k) and isinstance(v, VALUE_NODES)]
        if isinstance(node, ast.Call) and _builds_response(dotted(node.func)):
            return [(kw.arg, kw.value.lineno) for kw in node.keywords if kw.arg and isinstance(kw.value, VALUE_NODES)]
        return []

    def session_keys(self) -> tuple[tuple[str, int], ...]:
        """`session["user_id"] = ...` (Flask/Django sessions) naming an identity."""
        found = []
        for node, _ in self.nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Subscript) and dotted(target.value).rsplit(".", 1)[-1] == "session":
                        key_words = set(words(key_text(target.slice)))
                        key = key_text(target.slice)
                        if key_words & SESSION_IDENTITY_WORDS and key_words <= SESSION_KEY_WORDS:
                            found.append((key, node.lineno))
        return tuple(found)

    # -- what it checks -------------------------------------------------------------------
    def verified(self) -> tuple[str, ...]:
        """Evidence that the function checks a credential before going on."""
        found = []
        for node, _ in self.nodes:
            evidence = checks_credential(node)
            if evidence:
                found.append(evidence)
        return tuple(dict.fromkeys(found))


def _names_kept(node: ast.AST) -> set[str]:
    """The names an expression reads, but for what it mails (`return send_email(to, code)` keeps `to`)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        inner = stack.pop()
        if isinstance(inner, ast.Name):
            found.add(inner.id)
        elif isinstance(inner, ast.Call) and _sends(inner):
            continue
        stack.extend(ast.iter_child_nodes(inner))
    return found


def _sends(call: ast.Call) -> bool:
    """True for a call that mails or texts something (`send_email_identifier`, `mail.send`), not
    one that answers the caller (`websocket.send_json`)."""
    found = set(words(dotted(call.func)))
    return bool(found & SENDING_WORDS) and not found & TO_CALLER_WORDS


def _builds_response(name: str) -> bool:
    """True for response and model constructors (`JSONResponse`, `TokenOut`, `jsonify`)."""
    last = name.rsplit(".", 1)[-1]
    return last in RESPONSE_BUILDERS or last[:1].isupper()


def function_credentials(node: ast.FunctionDef | ast.AsyncFunctionDef) -> FunctionCredentials:
    """The credential facts of one function."""
    body = _Body(node)
    calls = {}
    for child, _ in body.nodes:
        if isinstance(child, ast.Call):
            name = dotted(child.func)
            if name:
                site = body.call_site(child, name)
                calls.setdefault((site.name, site.context, site.claims), site)
    takes = tuple(p for p in body.params if p in CREDENTIAL_PARAMS)
    return FunctionCredentials(tuple(calls.values()), body.response_keys(), body.session_keys(), body.verified(), takes)


class CredentialsCollector(Collector):
    """Per file: what each function may issue as a credential and what it checks (asked for
    dev-looking and credential-issuing route handlers and their helpers)."""

    name = "credentials"
    on_demand = True

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> FileCredentials | None:
        """The credential facts of one file's functions, or None when it defines none."""
        nodes = {(qualname, node.lineno): node
                 for qualname, node in iter_definitions(source.tree.body) if not isinstance(node, ast.ClassDef)}
        return FileCredentials(LazyCredentials(nodes)) if nodes else None
