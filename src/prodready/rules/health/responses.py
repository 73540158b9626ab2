"""The `health_responses` collector: how each function can answer, as picklable facts.

For every function it records each way out (`Outcome`): the returned status value(s), the HTTP
status codes, the component fields reported, or the helper whose result is returned; and the
function's dependency behaviour: probes whose errors propagate (a 500), probes whose errors are
swallowed, calls to dependencies at all. Classification happens in `classify` once helpers
across modules can be followed.
"""

from __future__ import annotations

import ast
import builtins
import copy
import functools
import http
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Iterator, Mapping

from prodready.engine.astwalk import nested_blocks
from prodready.frameworks.adapters.stdlib_http import VERB_METHOD, path_branches
from prodready.frameworks.astutil import (
    BLOCKLESS_STATEMENTS,
    callee,
    dotted,
    iter_calls,
    keyword,
    last_name,
    literal_str,
)
from prodready.frameworks.functions import at_line, by_qualname, iter_definitions, module_instances
from prodready.frameworks.words import words
from prodready.model.collector import Collector
from prodready.model.project import ParsedSource

STATUS_KEYS = frozenset({
    "status", "state", "health", "healthy", "overall", "overall_status", "ok", "ready", "alive",
    "live", "is_healthy", "health_status", "result",
})
COMPONENT_WORDS = frozenset({
    "db", "database", "databases", "redis", "cache", "postgres", "postgresql", "pg", "mysql", "mongo",
    "mongodb", "sql", "sqlite", "kafka", "rabbitmq", "rabbit", "amqp", "queue", "queues", "broker",
    "celery", "elasticsearch", "opensearch", "s3", "minio", "storage", "services", "checks",
    "components", "component", "dependencies", "dependency", "connected", "connection", "connections",
    "upstream", "upstreams", "vault", "etcd", "consul", "memcached", "workers", "scheduler",
    "terminusdb", "neo4j", "dynamodb", "cassandra", "clickhouse", "nats", "pubsub", "sentinel",
    "replica", "replicas", "bucket", "disk", "subsystems", "loaded",
})
STATE_KEY_WORDS = frozenset({"ready", "connected", "ok", "healthy", "available", "reachable", "alive", "up",
                             "status", "online", "state", "health"})
SETTING_WORDS = frozenset({"enabled", "disabled", "configured", "required", "optional", "supported",
                           "allowed", "url", "host", "port", "name", "version", "provider", "backend",
                           "driver", "ttl", "timeout", "size", "type", "mode"})
CONFIG_OBJECTS = frozenset({"settings", "config", "conf", "cfg", "app_settings", "os"})
SELF_WORDS = frozenset({"app", "application", "service", "server", "api", "system", "process", "overall",
                        "current", "is", "self", "instance", "node"})
STATE_WORDS = frozenset({"ok", "up", "connected", "healthy", "available", "ready", "online", "running",
                         "alive", "pass", "green", "operational", "true"})
RESPONSE_CLASSES = frozenset({
    "JSONResponse", "ORJSONResponse", "UJSONResponse", "Response", "PlainTextResponse", "HTMLResponse",
    "JsonResponse", "HttpResponse", "make_response", "StreamingResponse", "json_response",
})
STATUS_ARG_CLASSES = frozenset({"JSONResponse", "ORJSONResponse", "UJSONResponse", "PlainTextResponse",
                                "HTMLResponse", "make_response", "Response"})
JSON_WRAPPERS = frozenset({"jsonify", "dict", "dumps"})  # json.dumps({...}) is its argument
SANIC_RESPONSES = frozenset({"json", "text", "html", "empty", "raw", "response.json", "response.text",
                             "response.empty", "sanic.response.json", "sanic.response.text"})
ERROR_CODES = {  # exception responses raised or returned (Pyramid, Falcon, Werkzeug, Litestar, Django) and their codes
    "HTTPServiceUnavailable": 503, "ServiceUnavailable": 503, "HTTPInternalServerError": 500,
    "InternalServerError": 500, "HTTPBadGateway": 502, "HTTPGatewayTimeout": 504,
    "ServiceUnavailableException": 503, "InternalServerException": 500, "Http404": 404, "NotFoundException": 404,
    "TooManyRequestsException": 429, "PermissionDeniedException": 403, "NotAuthorizedException": 401,
}
HTTP_ERRORS = frozenset({"HTTPException", "HTTPError", *ERROR_CODES})
HANDLER_ANSWERS = frozenset({"write", "finish", "set_status", "send_error"})  # Tornado's `self.write(...)`
STATUS_ATTRIBUTES = ("status_code", "status", "status_int")  # `response.status = 503` / Pyramid's status_int
BODY_ATTRIBUTES = frozenset({"media", "text", "body", "data", "json", "json_body"})  # Falcon `resp.media = {...}`
RESPONSE_OBJECTS = frozenset({"resp", "response", "res"})
SEND_STATUS = ("send_response", "send_response_only")  # http.server: the status line
SEND_ERROR = "send_error"  # http.server: an error page with its code
SEND_WORDS = frozenset({"send", "respond", "reply", "write", "json", "response", "answer"})  # `self._send_json(503, {...})`
KIT_READINESS = ("readiness_response", "liveness_response")
KIT_MODULE = "prodready_kit.health"
PROBE_WORDS = frozenset({
    "ping", "execute", "fetch", "fetchval", "fetchrow", "fetchone", "fetchall", "scalar", "query",
    "command", "connect", "connected", "cursor", "check", "checks", "health", "healthy", "healthcheck",
    "probe", "alive", "server", "info", "list", "topics", "exists", "verify", "select", "heartbeat",
    "ready", "reachable", "available",
})
RAISING_PROBES = frozenset({
    "ping", "execute", "fetch", "fetchval", "fetchrow", "fetchone", "fetchall", "scalar", "query",
    "command", "connect", "cursor", "server_info", "list_topics", "bucket_exists", "list_buckets",
    "head_bucket", "info", "raise_for_status", "exec_driver_sql", "ensure_connection", "acquire",
})
HTTP_CLIENT_WORDS = frozenset({"client", "session", "http", "httpx", "requests", "aiohttp"})
HTTP_VERBS = frozenset({"get", "head", "post", "request"})
DEPENDENCY_RECEIVERS = frozenset({  # operations on these raise when the dependency is down
    "db", "database", "redis", "cache", "session", "conn", "connection", "cursor", "engine", "pool",
    "broker", "producer", "consumer", "channel", "mongo", "kafka", "rabbit", "rabbitmq", "s3", "minio",
    "bucket", "es", "elasticsearch", "collection",
})
PREDICATE_PREFIXES = frozenset({"is", "has", "can", "should", "get"})
CLEANUP_METHODS = frozenset({"rollback", "close", "aclose", "release", "disconnect", "dispose", "remove"})
PROGRAMMING_ERRORS = frozenset({
    "ValueError", "KeyError", "TypeError", "AttributeError", "IndexError", "AssertionError",
    "JSONDecodeError", "ImportError", "ModuleNotFoundError", "NotImplementedError", "StopIteration",
})
IGNORED_RECEIVERS = frozenset({"logger", "logging", "log", "time", "datetime", "os", "json", "asyncio", "math"})
BUILTIN_NAMES = frozenset(dir(builtins))
_HTTP_CONSTANT = re.compile(r"HTTP_(\d{3})")
HANDLER_METHOD = re.compile(r"^do_[A-Z]+(_\w+)?$")  # http.server: do_GET, do_GET_liveness
_STATUS_LINE = re.compile(r"^\s*(\d{3})\b")  # "503 Service Unavailable"
DYNAMIC = "<dynamic>"
_BLOCK_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})


@dataclass(frozen=True)
class Outcome:
    """One way a function answers: a returned body (and code), a raise, or a helper's result."""

    line: int
    kind: str  # "body", "raise", "helper", "unknown"
    statuses: tuple[str, ...] = ()  # "key=value" per status key ("status=healthy", "ok=True",
    # "=OK" for a bare string body); value DYNAMIC when computed
    codes: tuple[int, ...] = ()  # literal HTTP codes; empty means the framework default (200)
    code_dynamic: bool = False
    fields: tuple[str, ...] = ()  # component fields reported ("db_connected", "services")
    fields_dynamic: bool = False  # a component field's value is computed
    helper: str = ""  # dotted callee whose result is returned ("build_status")
    kit: bool = False  # prodready_kit.health readiness_response(...)
    tuple_code: bool = False  # the codes come from a Flask-style `return body, 503` tuple


@dataclass(frozen=True)
class FunctionResponses:
    """How one function can answer, and what it does with its dependencies."""

    qualname: str
    line: int
    outcomes: tuple[Outcome, ...] = ()
    propagating_probe: str = ""  # a dependency call whose error escapes (-> HTTP 500)
    swallowed_probe: str = ""  # a dependency call whose error is caught and dropped
    dependency_calls: tuple[str, ...] = ()  # dependency-like calls made at all
    statement_calls: tuple[str, ...] = ()  # calls whose errors are not caught (statements, helper values)

    @property
    def def_line(self) -> int:
        """The line of the `def` statement."""
        return self.line


@dataclass(frozen=True)
class FileResponses:
    """Response facts of every function in one file."""

    module: str
    functions: tuple[FunctionResponses, ...] = field(default=())
    instances: tuple[tuple[str, str], ...] = ()  # module-level `name = SomeClass(...)`: (name, class)

    def instance_class(self, name: str) -> str:
        """The dotted class a module-level instance was created from, else ""."""
        return next((cls for var, cls in self.instances if var == name), "")

    @cached_property
    def _by_name(self) -> dict[str, list[FunctionResponses]]:
        return by_qualname(self.functions)

    def get(self, qualname: str, line: int = 0) -> FunctionResponses | None:
        """The facts of one function by qualified name: the definition at or after `line` (a
        route's first decorator line), else the first."""
        return at_line(self._by_name.get(qualname, []), line)


def status_code_of(node: ast.AST) -> int | None:
    """An HTTP status code written literally: 503, status.HTTP_503_..., HTTPStatus.OK."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        line = _STATUS_LINE.match(node.value)
        return int(line.group(1)) if line else None
    name = dotted(node)
    match = _HTTP_CONSTANT.search(name)
    if match:
        return int(match.group(1))
    last = last_name(name)
    if "HTTPStatus" in name and last in http.HTTPStatus.__members__:
        return int(http.HTTPStatus[last])
    if last.startswith("HTTP_") and last[len("HTTP_"):] in http.HTTPStatus.__members__:  # falcon.HTTP_SERVICE_UNAVAILABLE
        return int(http.HTTPStatus[last[len("HTTP_"):]])
    return None


@functools.lru_cache(maxsize=1 << 14)
def is_probe_call(name: str) -> bool:
    """True when a call looks like it talks to a dependency (db.execute, redis.ping, check_db)."""
    if not name:
        return False
    parts = name.split(".")
    if _ignored(parts) or parts[-1][:1].isupper():  # a class: a model, not a probe
        return False
    last = words(parts[-1])
    if set(last) & PROBE_WORDS:
        return True
    receiver = set(words(".".join(parts[:-1])))
    return bool(last) and last[-1] in HTTP_VERBS and bool(receiver & HTTP_CLIENT_WORDS)


def _ignored(parts: list[str]) -> bool:
    """Calls on loggers, clocks and the like never probe a dependency."""
    return parts[0] in IGNORED_RECEIVERS or any("log" in part.lower() for part in parts[:-1])


@functools.lru_cache(maxsize=1 << 14)
def raises_when_down(name: str) -> bool:
    """True for calls that raise when the dependency is unavailable (execute, ping, fetch...)."""
    parts = name.split(".")
    if len(parts) < 2 or _ignored(parts):
        return False
    last = parts[-1]
    if last in RAISING_PROBES:
        return True
    if last in CLEANUP_METHODS or last.startswith("from_"):  # cleanup (`session.rollback()`) and
        return False  # alternate constructors (`redis.Redis.from_url()`) do not talk to the dependency
    receiver = set(words(".".join(parts[:-1])))
    if last in HTTP_VERBS and receiver & HTTP_CLIENT_WORDS:
        return True
    return bool(receiver & DEPENDENCY_RECEIVERS) and not _is_predicate(last)


def _is_predicate(method: str) -> bool:
    """`is_connected()`, `connection_status()`: queries that answer rather than raise."""
    method_words = words(method)
    return bool(method_words) and (method_words[0] in PREDICATE_PREFIXES or bool(set(method_words) & STATE_KEY_WORDS))


class _Function:
    """Analysis of one function body (nested functions and classes are not entered)."""

    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.node = node
        self.assigned: dict[str, list[ast.expr | None]] = {}  # None: bound without a visible value
        self.keyed: dict[str, list[tuple[str, ast.expr]]] = {}  # name["key"] = value
        self.params = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
        self.outcomes: list[Outcome] = []
        self.propagating = ""
        self.swallowed = ""
        self.catching = 0  # depth of try blocks whose handlers answer instead of re-raising
        self.calls: dict[str, None] = {}
        self.statement_calls: dict[str, None] = {}
        for statement in _statements(node.body):
            self.collect_assignment(statement)

    # -- local data flow -------------------------------------------------------------------
    def collect_assignment(self, statement: ast.stmt) -> None:
        """Record what a statement assigns to local names and dict keys."""
        if isinstance(statement, (ast.Assign, ast.AnnAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                self.bind(target, statement.value)
        elif isinstance(statement, ast.AugAssign):
            self.bind(statement.target, None)
        elif isinstance(statement, (ast.For, ast.AsyncFor)):
            self.bind(statement.target, None)
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            for item in statement.items:
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, None)
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            self.collect_update(statement.value)

    def collect_update(self, call: ast.Call) -> None:
        """`result.update({"status": ...})` / `result.update(status=...)` adds keyed values."""
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "update" and isinstance(func.value, ast.Name)):
            return
        keyed = self.keyed.setdefault(func.value.id, [])
        for arg in call.args:
            if isinstance(arg, ast.Dict):
                keyed.extend((key, value) for key, value in
                             ((literal_str(k), v) for k, v in zip(arg.keys, arg.values)) if key)
        keyed.extend((kw.arg, kw.value) for kw in call.keywords if kw.arg)

    def bind(self, target: ast.expr, value: ast.expr | None) -> None:
        """Record `target = value` (None: a value the analysis cannot see)."""
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind(element, None)
        elif isinstance(target, ast.Subscript):
            root, key = _subscript_root(target)
            if root and key is not None and value is not None:
                self.keyed.setdefault(root, []).append((key, value))

    def values_of(self, name: str) -> list[ast.expr | None]:
        """Every value assigned to a local name (None entries: unknown)."""
        return self.assigned.get(name, [None])

    # -- status values and codes -----------------------------------------------------------
    def statuses(self, node: ast.expr | None, seen: frozenset[str] = frozenset()) -> set[str]:
        """Literal values a status expression can take (DYNAMIC when computed)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bool, int)):
            return {str(node.value)}
        if isinstance(node, ast.IfExp):
            return self.statuses(node.body, seen) | self.statuses(node.orelse, seen)
        if isinstance(node, ast.Attribute) and node.attr.isupper():
            return {dotted(node) or node.attr}
        if isinstance(node, ast.Name):
            if node.id in self.assigned and node.id not in seen:
                found: set[str] = set()
                for value in self.values_of(node.id):
                    found |= self.statuses(value, seen | {node.id}) if value is not None else {DYNAMIC}
                return found
            if node.id.isupper() and node.id not in self.params:
                return {node.id}
        return {DYNAMIC}

    def codes(self, node: ast.expr | None, seen: frozenset[str] = frozenset()) -> tuple[set[int], bool]:
        """(literal codes, whether some code is computed) of a status-code expression."""
        if node is None:
            return set(), False
        code = status_code_of(node)
        if code is not None:
            return {code}, False
        if isinstance(node, ast.IfExp):
            a, b = self.codes(node.body, seen), self.codes(node.orelse, seen)
            return a[0] | b[0], a[1] or b[1]
        if isinstance(node, ast.Name) and node.id in self.assigned and node.id not in seen:
            found: set[int] = set()
            dynamic = False
            for value in self.values_of(node.id):
                if value is None:
                    dynamic = True
                    continue
                more, more_dynamic = self.codes(value, seen | {node.id})
                found |= more
                dynamic = dynamic or more_dynamic
            return found, dynamic
        return set(), True

    # -- bodies ----------------------------------------------------------------------------
    def body_outcome(self, node: ast.expr | None, line: int, codes: set[int], code_dynamic: bool,
                     seen: frozenset[str] = frozenset()) -> Outcome:
        """What returning `node` reports."""
        if isinstance(node, ast.Await):
            node = node.value
        if node is None or isinstance(node, ast.Constant):
            statuses = (f"={node.value}",) if isinstance(node, ast.Constant) and node.value is not None else ()
            return Outcome(line, "body", statuses, tuple(sorted(codes)), code_dynamic)
        if isinstance(node, ast.Dict):
            return self.dict_outcome(list(zip(node.keys, node.values)), line, codes, code_dynamic, seen)
        if isinstance(node, ast.Name) and node.id in self.assigned and node.id not in seen:
            return self.name_outcome(node.id, line, codes, code_dynamic, seen)
        if isinstance(node, ast.Call):
            return self.call_outcome(node, line, codes, code_dynamic, seen)
        return Outcome(line, "unknown", codes=tuple(sorted(codes)), code_dynamic=code_dynamic)

    def name_outcome(self, name: str, line: int, codes: set[int], code_dynamic: bool,
                     seen: frozenset[str]) -> Outcome:
        """Returning a local variable: every value assigned to it, and its keys."""
        parts = [self.body_outcome(v, line, codes, code_dynamic, seen | {name}) if v is not None
                 else Outcome(line, "unknown") for v in self.values_of(name)]
        keyed = self.keyed.get(name, [])
        if keyed:
            extra = self.dict_outcome([(ast.Constant(k), v) for k, v in keyed], line, codes, code_dynamic, seen)
            parts.append(extra)
        merged = _merge(parts, line)
        if any(p.kind == "unknown" for p in parts) and not any(p.statuses or p.fields for p in parts):
            return Outcome(line, "unknown", codes=tuple(sorted(codes)), code_dynamic=code_dynamic)
        return merged

    def dict_outcome(self, items: list[tuple[ast.expr | None, ast.expr]], line: int, codes: set[int],
                     code_dynamic: bool, seen: frozenset[str]) -> Outcome:
        """A returned mapping: its status keys, component fields and spread helper."""
        statuses: set[str] = set()
        fields: list[str] = []
        fields_dynamic = False
        helper = ""
        for key_node, value in items:
            if key_node is None:  # **spread
                helper = helper or callee(value)
                continue
            key = literal_str(key_node)
            if key is None:
                continue
            if key.lower() in STATUS_KEYS:
                statuses |= {f"{key.lower()}={v}" for v in self.statuses(value, seen)}
            elif _is_component(key) and _reports_state(value):
                fields.append(key)
                fields_dynamic = fields_dynamic or not _literal(value)
            if isinstance(value, ast.Dict):
                nested = self.dict_outcome(list(zip(value.keys, value.values)), line, set(), False, seen)
                fields.extend(nested.fields)
                fields_dynamic = fields_dynamic or nested.fields_dynamic
        return Outcome(line, "body", tuple(sorted(statuses)), tuple(sorted(codes)), code_dynamic,
                       tuple(dict.fromkeys(fields)), fields_dynamic, helper)

    def call_outcome(self, call: ast.Call, line: int, codes: set[int], code_dynamic: bool,
                     seen: frozenset[str]) -> Outcome:
        """A returned call: a response class, jsonify, a model, the kit, or a helper."""
        name = dotted(call.func)
        short = last_name(name)
        if short in KIT_READINESS or name.startswith(KIT_MODULE):
            return Outcome(line, "body", kit=True)
        if short in ERROR_CODES:  # Pyramid views may return an exception response: `return HTTPServiceUnavailable()`
            return Outcome(line, "code", codes=(ERROR_CODES[short],))
        if short in RESPONSE_CLASSES or name in SANIC_RESPONSES:
            code_node = keyword(call, "status_code", "status", "status_int")
            if code_node is None and (short in STATUS_ARG_CLASSES or name in SANIC_RESPONSES) and len(call.args) > 1:
                code_node = call.args[1]
            more, more_dynamic = self.codes(code_node)
            body = call.args[0] if call.args else keyword(call, "content", "response", "data", "json_body", "json",
                                                           "body", "text")
            inner = self.body_outcome(body, line, codes | more, code_dynamic or more_dynamic, seen)
            return inner
        if short in JSON_WRAPPERS:
            if call.args:
                return self.body_outcome(call.args[0], line, codes, code_dynamic, seen)
            items = [(ast.Constant(k.arg), k.value) for k in call.keywords if k.arg]
            return self.dict_outcome(items, line, codes, code_dynamic, seen)
        if call.keywords and not call.args:  # a model: HealthResponse(status="ok", database=...)
            items = [(ast.Constant(k.arg), k.value) for k in call.keywords if k.arg]
            outcome = self.dict_outcome(items, line, codes, code_dynamic, seen)
            return Outcome(**{**outcome.__dict__, "kind": "body", "helper": name})
        if not call.args and short[:1].isupper() and short not in HTTP_ERRORS:  # LivenessResponse(): its defaults
            return Outcome(line, "body", codes=tuple(sorted(codes)), code_dynamic=code_dynamic, helper=name)
        return Outcome(line, "helper", codes=tuple(sorted(codes)), code_dynamic=code_dynamic, helper=name)

    # -- statements ------------------------------------------------------------------------
    def walk(self, body: list[ast.stmt], swallowing: bool) -> None:
        """Analyse a block (`swallowing`: inside a try whose handlers drop errors)."""
        for statement in body:
            self.statement(statement, swallowing)

    def statement(self, node: ast.stmt, swallowing: bool) -> None:
        """Analyse one statement: returns, raises, aborts, status-code assignments, calls."""
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return
        self.note_calls(node, swallowing)
        if isinstance(node, ast.Return):
            self.returned(node)
        elif isinstance(node, ast.Raise):
            self.raised(node)
        elif isinstance(node, ast.Expr) and last_name(callee(node.value)) == "abort":
            call = node.value.value if isinstance(node.value, ast.Await) else node.value
            codes, dynamic = self.codes(call.args[0] if call.args else None)  # type: ignore[union-attr]
            codes = codes or {500}
            self.outcomes.append(Outcome(node.lineno, "raise", codes=tuple(sorted(codes)), code_dynamic=dynamic))
        elif isinstance(node, ast.Expr) and (answer := _handler_answer(node.value)) is not None:
            self.handler_answered(node.lineno, answer)
        elif isinstance(node, ast.Expr) and isinstance(_unawaited(node.value), ast.Call):
            self.sent(_unawaited(node.value), node.lineno)  # type: ignore[arg-type]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr in STATUS_ATTRIBUTES:
                    codes, dynamic = self.codes(node.value)
                    self.outcomes.append(Outcome(node.lineno, "code", codes=tuple(sorted(codes)), code_dynamic=dynamic))
                elif _is_body_attribute(target) and node.value is not None:
                    self.outcomes.append(self.body_outcome(node.value, node.lineno, set(), False))
        if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            swallows = all(_swallows(h) for h in node.handlers) and bool(node.handlers)  # type: ignore[attr-defined]
            answers = not swallows and _answers_errors(node.handlers)  # type: ignore[attr-defined]
            self.catching += answers
            self.walk(node.body, swallowing or swallows)  # type: ignore[attr-defined]
            self.catching -= answers
            for handler in node.handlers if not _cannot_raise(node.body) else ():  # type: ignore[attr-defined]
                self.walk(handler.body, swallowing)
            self.walk(node.orelse, swallowing)  # type: ignore[attr-defined]
            self.walk(node.finalbody, swallowing)  # type: ignore[attr-defined]
            return
        if isinstance(node, (ast.With, ast.AsyncWith)) and any(
            last_name(callee(item.context_expr)) == "suppress" for item in node.items
        ):  # contextlib.suppress(Exception) swallows whatever the block raises
            self.walk(node.body, True)
            return
        for name in ("body", "orelse", "finalbody"):
            self.walk(getattr(node, name, None) or [], swallowing)
        for case in getattr(node, "cases", None) or []:
            self.walk(case.body, swallowing)

    def note_calls(self, node: ast.stmt, swallowing: bool) -> None:
        """Record dependency calls of this statement's own expressions (not its sub-blocks)."""
        expressions = [getattr(node, k, None) for k in node._fields if k not in _BLOCK_FIELDS]
        for call in _calls(expressions):
            name = dotted(call.func)
            if not is_probe_call(name) and not raises_when_down(name):
                statement = isinstance(node, ast.Expr) and call is _unawaited(node.value)
                if name and not swallowing and not self.catching and (statement or _may_be_helper(name)):
                    self.statement_calls[name] = None
                continue
            self.calls[name] = None
            if swallowing:
                self.swallowed = self.swallowed or name
            elif self.catching:
                continue  # an except block turns the error into an answer of its own
            elif raises_when_down(name) or isinstance(node, ast.Expr):
                # `await redis.ping()` anywhere raises when Redis is down (-> 500); a bool-returning
                # check (`db.is_connected()`) only fails the request when called for its effect
                self.propagating = self.propagating or name
            else:  # `"redis": await redis_ping()`: a project helper may still let the error escape
                self.statement_calls[name] = None

    def handler_answered(self, line: int, call: ast.Call) -> None:
        """Tornado-style answers made on the handler: `self.write(body)`/`self.finish(body)` (a body),
        `self.set_status(503)` (a code) and `self.send_error(503)` (an error answer, 500 by default)."""
        method = call.func.attr  # type: ignore[attr-defined]
        if method in ("write", "finish"):
            if call.args:
                self.outcomes.append(self.body_outcome(call.args[0], line, set(), False))
            return
        codes, dynamic = self.codes(call.args[0] if call.args else keyword(call, "status_code"))
        if method == "send_error" and not codes and not dynamic:
            codes = {500}
        kind = "raise" if method == "send_error" else "code"
        self.outcomes.append(Outcome(line, kind, codes=tuple(sorted(codes)), code_dynamic=dynamic))

    def returned(self, node: ast.Return) -> None:
        """A `return` statement (Flask `body, code` tuples included)."""
        value = node.value
        codes: set[int] = set()
        dynamic = False
        if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
            codes, dynamic = self.codes(value.elts[1])
            value = value.elts[0]
        outcome = self.body_outcome(value, node.lineno, codes, dynamic)
        self.outcomes.append(replace(outcome, tuple_code=True) if value is not node.value else outcome)

    def raised(self, node: ast.Raise) -> None:
        """A `raise`: an HTTP error with its code, anything else is a 500."""
        exc = node.exc
        codes: set[int] = {500}
        dynamic = False
        short = last_name(dotted(exc.func if isinstance(exc, ast.Call) else exc)) if exc is not None else ""
        if short in ERROR_CODES and not (isinstance(exc, ast.Call) and keyword(exc, "status_code", "code") is not None):
            codes = {ERROR_CODES[short]}  # `raise ServiceUnavailableException("db down")`
        elif isinstance(exc, ast.Call) and short in HTTP_ERRORS:
            code_node = keyword(exc, "status_code", "code") or (exc.args[0] if exc.args else None)
            found, dynamic = self.codes(code_node)
            codes = found or ({500} if not dynamic else set())
        self.outcomes.append(Outcome(node.lineno, "raise", codes=tuple(sorted(codes)), code_dynamic=dynamic))

    def sent(self, call: ast.Call, line: int) -> None:
        """Answers written by calls: http.server's `send_response(503)` / `send_error(503)`,
        `self.wfile.write(body)`, and helpers handed a status code (`self._send_json(503, {...})`)."""
        name = dotted(call.func)
        short = last_name(name)
        if short in SEND_STATUS or short == SEND_ERROR:
            codes, dynamic = self.codes(call.args[0] if call.args else None)
            kind = "raise" if short == SEND_ERROR else "code"
            self.outcomes.append(Outcome(line, kind, codes=tuple(sorted(codes)), code_dynamic=dynamic))
        elif short == "write" and name.endswith("wfile.write") and call.args:
            self.outcomes.append(self.body_outcome(_written(call.args[0]), line, set(), False))
        elif set(words(short)) & SEND_WORDS:
            for index, arg in enumerate(call.args[:2]):
                codes, dynamic = self.codes(arg)
                if codes or dynamic and _looks_like_status(arg):
                    body = call.args[index + 1] if len(call.args) > index + 1 else None
                    outcome = self.body_outcome(_written(body), line, codes, dynamic) if body is not None else \
                        Outcome(line, "code", codes=tuple(sorted(codes)), code_dynamic=dynamic)
                    self.outcomes.append(outcome)
                    return

    def facts(self, qualname: str) -> FunctionResponses:
        """Analyse the body and return the facts."""
        self.walk(self.node.body, False)
        return FunctionResponses(qualname, self.node.lineno, tuple(self.outcomes), self.propagating,
                                 self.swallowed, tuple(self.calls), tuple(self.statement_calls))


def _handler_answer(node: ast.expr) -> ast.Call | None:
    """`self.write(...)`, `await self.finish(...)`, `self.set_status(...)`, `self.send_error(...)`."""
    call = _unawaited(node)
    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in HANDLER_ANSWERS
            and isinstance(call.func.value, ast.Name) and call.func.value.id == "self"):
        return call
    return None


def _is_body_attribute(target: ast.expr) -> bool:
    """`resp.media` / `response.text` / `request.response.json_body`: a response body set by assignment."""
    return (isinstance(target, ast.Attribute) and target.attr in BODY_ATTRIBUTES
            and last_name(dotted(target.value)) in RESPONSE_OBJECTS)


def _written(node: ast.expr) -> ast.expr:
    """What a written payload carries: `json.dumps(x).encode()` -> `json.dumps(x)`, `b"ok"` -> "ok"."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "encode":
        node = node.func.value
    if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
        return ast.Constant(node.value.decode("utf-8", "replace"))
    return node


def _may_be_helper(name: str) -> bool:
    """`build_report()` / `checks.run_all()`: a call that may be a project function, not a
    builtin, a class or a method of a local object."""
    parts = name.split(".")
    return (len(parts) <= 2 and not _ignored(parts) and not parts[-1][:1].isupper()
            and not (len(parts) == 1 and name in BUILTIN_NAMES))


def _unawaited(node: ast.expr) -> ast.expr:
    return node.value if isinstance(node, ast.Await) else node


def _merge(parts: list[Outcome], line: int) -> Outcome:
    statuses = tuple(sorted({s for p in parts for s in p.statuses}))
    codes = tuple(sorted({c for p in parts for c in p.codes}))
    fields = tuple(dict.fromkeys(f for p in parts for f in p.fields))
    helper = next((p.helper for p in parts if p.helper), "")
    kind = "body" if any(p.kind == "body" for p in parts) else parts[0].kind if parts else "unknown"
    return Outcome(line, kind, statuses, codes, any(p.code_dynamic for p in parts), fields,
                   any(p.fields_dynamic for p in parts), helper, any(p.kit for p in parts))


def _is_component(key: str) -> bool:
    """A key naming a component ("redis", "services") or a thing's state ("openai_ready"), not a
    setting about it ("cache_enabled", "db_configured")."""
    key_words = words(key)
    if key_words and key_words[-1] in SETTING_WORDS:
        return False
    if set(key_words) & COMPONENT_WORDS:
        return True
    subject = set(key_words[:-1]) - SELF_WORDS
    return len(key_words) > 1 and key_words[-1] in STATE_KEY_WORDS and bool(subject)


def _reports_state(value: ast.expr) -> bool:
    """A computed value, a boolean or a state word ("connected"); not a name like "postgres" nor
    a configuration value (`settings.DATABASE_NAME`, `DB_HOST`)."""
    if isinstance(value, ast.Constant):
        return isinstance(value.value, bool) or str(value.value).lower() in STATE_WORDS
    if isinstance(value, ast.Name):
        return not value.id.isupper()
    if isinstance(value, (ast.Attribute, ast.Subscript)):
        parts = dotted(value.value if isinstance(value, ast.Subscript) else value).split(".")
        return parts[0] not in CONFIG_OBJECTS and "config" not in parts[1:2]  # app.config["DB"]
    return True


def _literal(value: ast.expr) -> bool:
    """A constant, or a dict/list/tuple built only of constants (`{"status": "online"}`)."""
    if isinstance(value, ast.Dict):
        return all(k is not None and _literal(k) for k in value.keys) and all(_literal(v) for v in value.values)
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return all(_literal(e) for e in value.elts)
    return isinstance(value, ast.Constant)


def _subscript_root(node: ast.Subscript) -> tuple[str, str | None]:
    """`data["status"]` -> ("data", "status"); `data["checks"]["db"]` -> ("data", "checks")."""
    while isinstance(node.value, ast.Subscript):
        node = node.value
    if isinstance(node.value, ast.Name):
        return node.value.id, literal_str(node.slice)
    return "", None


def _swallows(handler: ast.ExceptHandler) -> bool:
    """True when an except block neither re-raises, returns, nor aborts."""
    for node in _statements(handler.body):
        if isinstance(node, (ast.Raise, ast.Return)):
            return False
        if isinstance(node, ast.Expr) and last_name(callee(node.value)) == "abort":
            return False
    return True


def _answers_errors(handlers: list[ast.ExceptHandler]) -> bool:
    """True when the except blocks catch dependency errors and none re-raises: the failure
    becomes the handler's own answer (`except Exception: return {"status": "down"}`)."""
    if not handlers or any(isinstance(n, ast.Raise) for h in handlers for n in _statements(h.body)):
        return False
    return any(_catches_dependency_errors(h.type) for h in handlers)


def _catches_dependency_errors(caught: ast.expr | None) -> bool:
    """A bare except, Exception, or an error class that is not a programming error."""
    if caught is None:
        return True
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(last_name(dotted(n)) not in PROGRAMMING_ERRORS for n in names)


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """Every statement in `body`, nested blocks included (each statement, then its body, orelse,
    finalbody, handlers and cases), nested functions/classes excluded."""
    found: list[ast.stmt] = []
    _add_statements(body, found)
    return found


def _add_statements(body: list[ast.stmt], found: list[ast.stmt]) -> None:
    for node in body:
        if type(node) in BLOCKLESS_STATEMENTS:
            found.append(node)
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        found.append(node)
        for block in nested_blocks(node):
            _add_statements(block, found)


_NOT_ENTERED = (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)


def _calls(nodes: list[object]) -> Iterator[ast.Call]:
    flat: list[object] = []
    for node in nodes:
        flat.extend(node if isinstance(node, list) else [node])
    return iter_calls(flat, _NOT_ENTERED)


def _empty(body: list[ast.stmt]) -> bool:
    """A body of only `pass`, `...` or a docstring: a Tornado or Falcon handler method like that
    answers the framework's empty 200, whatever happens."""
    return all(isinstance(n, ast.Pass) or (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
               for n in body)


def _answers(statement: ast.stmt) -> bool:
    """A statement that answers without returning: a status or body assigned to the response
    (`resp.status = falcon.HTTP_503`, `resp.media = {...}`) or an answer sent (`self.send_response(503)`)."""
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        return any(isinstance(t, ast.Attribute) and t.attr in STATUS_ATTRIBUTES or _is_body_attribute(t)
                   for t in targets)
    if isinstance(statement, ast.Expr) and _handler_answer(statement.value) is not None:
        return True
    if isinstance(statement, ast.Expr) and isinstance(_unawaited(statement.value), ast.Call):
        name = dotted(_unawaited(statement.value).func)  # type: ignore[attr-defined]
        short = last_name(name)
        call: ast.Call = _unawaited(statement.value)  # type: ignore[assignment]
        return short in SEND_STATUS or short == SEND_ERROR or name.endswith("wfile.write") or bool(
            set(words(short)) & SEND_WORDS) and any(_looks_like_status(a) for a in call.args[:2])
    return False


def _looks_like_status(node: ast.expr) -> bool:
    """A status code argument: `503`, `HTTPStatus.OK`, `status_code`, `200 if ok else 503`."""
    if isinstance(node, ast.IfExp):
        return _looks_like_status(node.body) or _looks_like_status(node.orelse)
    if isinstance(node, ast.Name):
        return bool(set(words(node.id)) & {"code", "status"})
    return status_code_of(node) is not None


def _branch(node: ast.FunctionDef | ast.AsyncFunctionDef, line: int,
            body: tuple[ast.stmt, ...]) -> ast.FunctionDef | ast.AsyncFunctionDef:
    """The method as it runs for one dispatched path: its `def` at the branch's line, the branch's statements."""
    branch = copy.copy(node)
    branch.body = list(body)
    branch.lineno = line
    return branch


class HealthResponsesCollector(Collector):
    """Per file: the possible answers and dependency behaviour of every function with a return
    (or an empty body)."""

    name = "health_responses"
    on_demand = True  # only the modules of health handlers and the helpers they call

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> FileResponses | None:
        """Response facts of one file's functions, or None when it has no function."""
        found = []
        for qualname, node in iter_definitions(source.tree.body):
            if isinstance(node, ast.ClassDef):
                continue
            if not HANDLER_METHOD.match(node.name) and not _empty(node.body) and not any(
                    isinstance(n, (ast.Return, ast.Raise)) or _answers(n) for n in _statements(node.body)):
                continue
            found.append(_Function(node).facts(qualname))
            if VERB_METHOD.match(node.name):  # http.server: each dispatched path answers on its own
                found += [_Function(_branch(node, b.line, b.body)).facts(qualname)
                          for b in sorted(path_branches(node), key=lambda b: b.line)]
        instances = module_instances(source.tree)
        return FileResponses(source.module, tuple(found), instances) if found or instances else None


def _cannot_raise(body: list[ast.stmt]) -> bool:
    """A try body that only returns literals (`try: return {"status": "OK"}`): its handlers never run."""
    for statement in body:
        if isinstance(statement, ast.Pass):
            continue
        if not isinstance(statement, ast.Return):
            return False
        try:
            ast.literal_eval(statement.value) if statement.value is not None else None
        except (ValueError, TypeError):
            return False
    return True
