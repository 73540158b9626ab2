"""The standard library's `http.server`: `BaseHTTPRequestHandler` subclasses answer in `do_GET`,
`do_POST`... by testing `self.path` (`if self.path == "/health":`, `self.path.startswith("/api/")`,
`"health" in path`, `match self.path:`, a dict of path -> handler looked up with the path); each
path the dispatch names is a route of that method, served by the branch (or by the method the
branch calls). A `do_X` without dispatch answers every path. A handler that overrides
`parse_request` may route `do_GET_<name>` methods at `/<name>`. Servers: `HTTPServer((host, port),
Handler)` and `ThreadingHTTPServer`, made by assignment, `with`, inline or
`HTTPServer.__init__(self, address, Handler)` in a subclass.

A table looked up with the path may live in another module: a module-level `ROUTES = {"/status":
handle_status}` is a router of its own (its entries routes of any method), and a registry filled by
`REGISTRY.update(getattr(module, "ROUTES"))` in a loop over `pkgutil.iter_modules(__path__)` mounts
the tables of its package's modules (the `pkg.*` scan).
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass
from typing import Any, Iterator

from prodready.frameworks.astutil import argument, dotted, function_span, last_name, literal_str, str_items
from prodready.frameworks.facts import MountDecl, ObjectDecl, Ref, RouteDecl
from prodready.frameworks.registry import SCAN_ALL, Adapter, FunctionNode, register

FRAMEWORK = "http.server"
HANDLER_BASES = frozenset({"BaseHTTPRequestHandler", "SimpleHTTPRequestHandler", "CGIHTTPRequestHandler"})
SERVERS = ("HTTPServer", "ThreadingHTTPServer")  # socketserver's TCPServer serves other protocols too
VERB_METHOD = re.compile(r"^do_([A-Z]+)$")
ROUTED_METHOD = re.compile(r"^do_([A-Z]+)_(\w+)$")  # `do_GET_liveness` when parse_request dispatches
ANY_PATH = "/{path}"
SELF = "self"
TABLE_WORD = "ROUTES"  # a module-level path table is named for it (`ROUTES`, `API_ROUTES`)
PACKAGE_WALKS = ("iter_modules", "walk_packages")


@dataclass(frozen=True)
class Branch:
    """One path a `do_X` method's dispatch names: where it is tested and what runs for it."""

    path: str
    line: int  # the test (the `if`/`elif`/`case` line)
    end_line: int
    statements: tuple[ast.stmt, ...]  # the branch's own statements
    body: tuple[ast.stmt, ...]  # what runs for the path: the statements around the dispatch, the branch
    guards: tuple[ast.expr, ...] = ()  # the test's other conditions (`self.path == "/x" and DEBUG`: DEBUG)
    served_by: ast.expr | None = None  # the callable the branch hands the request to, if that is all it does


# -- path expressions -------------------------------------------------------------------------
def _is_self_path(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Name) \
        and node.value.id == SELF


def path_names(function: FunctionNode) -> frozenset[str]:
    """Local names bound from `self.path` (`path = self.path.split("?")[0]`, `url = urlparse(self.path)`)."""
    found = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if any(_is_self_path(sub) for sub in ast.walk(node.value)):  # type: ignore[arg-type]
                found.add(node.targets[0].id)
    return frozenset(found)


STRING_METHODS = frozenset({"rstrip", "strip", "lower", "lstrip", "split", "rsplit", "partition"})


def _is_path(node: ast.expr, names: frozenset[str]) -> bool:
    """`self.path`, a name bound from it, `.path` of one of those or of `urlparse(self.path)`, a
    string method on one of those, or an item of its split (`self.path.split("?")[0]`)."""
    if _is_self_path(node) or isinstance(node, ast.Name) and node.id in names:
        return True
    if isinstance(node, ast.Attribute) and node.attr == "path":
        if isinstance(node.value, ast.Name):
            return node.value.id in names
        return isinstance(node.value, ast.Call) and bool(node.value.args) and _is_path(node.value.args[0], names)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in STRING_METHODS:
        return _is_path(node.func.value, names)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call):
        return _is_path(node.value, names)
    return False


def _shown(text: str) -> str:
    return text if text.startswith("/") else "/" + text


def _prefix(text: str) -> str:
    """`startswith("/api/items/")` serves `/api/items/{path}`; `startswith("/metrics")` serves `/metrics`."""
    return _shown(text) + "{path}" if text.endswith("/") else _shown(text)


def test_paths(test: ast.expr, names: frozenset[str]) -> list[str]:
    """The paths an `if` test selects: `==`, `in (...)`, `startswith(...)`, `"x" in path`, and/or."""
    if isinstance(test, ast.BoolOp):
        return [p for value in test.values for p in test_paths(value, names)]
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = test.left, test.ops[0], test.comparators[0]
        if isinstance(op, ast.Eq):
            for subject, value in ((left, right), (right, left)):
                text = literal_str(value)
                if text is not None and _is_path(subject, names):
                    return [_shown(text)]
        if isinstance(op, ast.In):
            if _is_path(left, names):
                return [_shown(t) for t in str_items(right)]
            text = literal_str(left)
            if text is not None and _is_path(right, names):
                return [_shown(text)]
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and test.func.attr == "startswith" \
            and test.args and _is_path(test.func.value, names):
        return [_prefix(t) for t in str_items(test.args[0])]
    return []


# -- dispatch ----------------------------------------------------------------------------------
def _served_by(body: list[ast.stmt]) -> ast.expr | None:
    """The callable a branch hands the request to when that is all it does (`self.handle_health()`,
    `return health(self)`)."""
    statements = [s for s in body if not (isinstance(s, ast.Return) and s.value is None)]
    if len(statements) != 1 or not isinstance(statements[0], (ast.Expr, ast.Return)):
        return None
    call = statements[0].value
    if not isinstance(call, ast.Call):
        return None
    func = call.func
    passes_request = all(isinstance(a, ast.Name) and a.id == SELF for a in call.args) and not call.keywords
    if not passes_request:  # `self._send_json(200, {...})` answers; it does not take the request over
        return None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == SELF:
        return func if not call.args else None
    if isinstance(func, ast.Name) and call.args:
        return func
    return None


def _ends(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise))


_Found = tuple[str, int, int, list[ast.stmt], tuple[ast.expr, ...]]  # path, line, end line, body, guards


def _guards(test: ast.expr, names: frozenset[str]) -> tuple[ast.expr, ...]:
    """The conditions besides the path of `path == "/x" and <condition>`."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return tuple(v for v in test.values if not test_paths(v, names))
    return ()


def _branches_in(statement: ast.stmt, names: frozenset[str]) -> Iterator[_Found]:
    """Every path branch inside one statement, nested ones too."""
    if isinstance(statement, ast.If):
        end = statement.body[-1].end_lineno or statement.lineno
        for path in test_paths(statement.test, names):
            yield path, statement.lineno, end, statement.body, _guards(statement.test, names)
        for block in (statement.body, statement.orelse):
            for inner in block:
                yield from _branches_in(inner, names)
    elif isinstance(statement, ast.Match) and _is_path(statement.subject, names):
        for case in statement.cases:
            end = case.body[-1].end_lineno or case.pattern.lineno
            for path in _case_paths(case.pattern):
                yield path, case.pattern.lineno, end, case.body, ()
    elif isinstance(statement, (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)):
        for field in ("body", "orelse", "finalbody"):
            for inner in getattr(statement, field, None) or []:
                yield from _branches_in(inner, names)
        for handler in getattr(statement, "handlers", None) or []:
            for inner in handler.body:
                yield from _branches_in(inner, names)


def _case_paths(pattern: ast.pattern) -> list[str]:
    if isinstance(pattern, ast.MatchValue):
        text = literal_str(pattern.value)
        return [_shown(text)] if text is not None else []
    if isinstance(pattern, ast.MatchOr):
        return [p for sub in pattern.patterns for p in _case_paths(sub)]
    return []


def path_branches(function: FunctionNode) -> list[Branch]:
    """The paths a `do_X` method dispatches on, each with the statements that run for it: the
    method's other top-level statements (those without dispatch of their own) around the branch."""
    names = path_names(function)
    body = function.body
    found: list[Branch] = []
    dispatching = [any(True for _ in _branches_in(s, names)) for s in body]
    for index, statement in enumerate(body):
        if not dispatching[index]:
            continue
        head = [s for s, d in zip(body[:index], dispatching[:index]) if not d]
        tail = [s for s, d in zip(body[index + 1:], dispatching[index + 1:]) if not d]
        for path, line, end, branch, guards in _branches_in(statement, names):
            runs = [*head, *branch, *([] if _ends(branch) else tail)]
            found.append(Branch(path, line, end, tuple(branch), tuple(runs), guards, _served_by(branch)))
    return found


def lookup_tables(function: FunctionNode) -> list[tuple[ast.expr, int]]:
    """The tables a method looks the path up in (`ROUTES.get(self.path)`, `self.routes[path]`), with the line."""
    names = path_names(function)
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.Subscript) and _is_path(node.slice, names):
            found.append((node.value, node.lineno))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                and node.args and _is_path(node.args[0], names):
            found.append((node.func.value, node.lineno))
    return found


# -- the adapter -------------------------------------------------------------------------------
def _is_handler_class(visitor: Any, cls: ast.ClassDef) -> bool:
    """A `BaseHTTPRequestHandler` subclass (directly, or through a handler class of this file)."""
    local = {o.key for o in visitor.objects if o.framework == FRAMEWORK and o.kind == "router"}
    for base in cls.bases:
        name = dotted(base)
        if last_name(name) in HANDLER_BASES or visitor.key(name) in local or name in local:
            return True
    return False


def _class_table(cls: ast.ClassDef, table: ast.expr) -> ast.expr | None:
    """The dict literal a class-level or `self.` table is bound to in the class body or `__init__`."""
    wanted = table.attr if isinstance(table, ast.Attribute) and dotted(table.value) == SELF else (
        table.id if isinstance(table, ast.Name) else "")
    if not wanted:
        return None
    for statement in cls.body:
        if isinstance(statement, ast.Assign) and any(isinstance(t, ast.Name) and t.id == wanted
                                                     for t in statement.targets):
            return statement.value
        if isinstance(statement, ast.FunctionDef) and statement.name == "__init__":
            for inner in ast.walk(statement):
                if isinstance(inner, ast.Assign) and any(
                        isinstance(t, ast.Attribute) and t.attr == wanted and dotted(t.value) == SELF
                        for t in inner.targets):
                    return inner.value
    return None


class _Handler:
    """Routes of one handler class (the visitor is at the class's enclosing scope)."""

    def __init__(self, visitor: Any, cls: ast.ClassDef) -> None:
        self.visitor = visitor
        self.cls = cls
        self.key = visitor.key(cls.name)
        self.owner = visitor.add_object(cls.name, "router", FRAMEWORK, cls)
        self.methods = {m.name: m for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}

    def add(self, verb: str, path: str, line: int, span: tuple[int, int], method: FunctionNode,
            branch: Branch | None = None) -> None:
        """One route of `verb` at `path`, served by `method` (its `span`), by the branch, or by the
        callable the branch hands the request to; the branch's test and opening guards gate it."""
        handler, handler_ref = f"{self.key}.{method.name}", None
        served_by = branch.served_by if branch is not None else None
        target = self.served_method(served_by)
        if target is not None:
            handler, span, method = f"{self.key}.{target.name}", function_span(target), target
        elif isinstance(served_by, ast.Name):
            handler, handler_ref = "", self.visitor.ref(served_by)
        conditions = tuple(self.visitor.conditions)
        opening = method
        if branch is not None and target is None:
            opening = copy.copy(method)
            opening.body = list(branch.statements)
        if branch is not None:
            conditions += tuple(self.visitor.condition_of(guard) for guard in branch.guards)
        self.visitor.routes.append(RouteDecl(self.owner, FRAMEWORK, (verb,), path, line, handler=handler,
                                             handler_ref=handler_ref, span=span, conditions=conditions,
                                             body_conditions=self.visitor.body_conditions(opening)))

    def served_method(self, node: ast.expr | None) -> FunctionNode | None:
        """The method of this class `self.name` (or a table's "name") denotes."""
        name = ""
        if isinstance(node, ast.Attribute) and dotted(node.value) == SELF:
            name = node.attr
        elif isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            name = node.value
        return self.methods.get(name)

    def table(self, verb: str, method: FunctionNode, table: ast.expr, line: int) -> None:
        """The entries of a path table looked up in `method`."""
        literal = _class_table(self.cls, table)
        if literal is None and isinstance(table, ast.Name):
            literal = self.visitor.bound.get(table.id)
        if literal is None and isinstance(table, ast.Name):
            child = self.visitor.ref(table)  # a table made in another module: its entries are its routes
            if child is not None and not any(m.parent == self.owner and m.child == child for m in self.visitor.mounts):
                self.visitor.mounts.append(MountDecl(self.owner, child, FRAMEWORK, line, line, None,
                                                     conditions=tuple(self.visitor.conditions)))
            return
        if not isinstance(literal, ast.Dict):
            return
        if isinstance(table, ast.Name):
            _drop_table(self.visitor, self.visitor.visible.get(table.id, table.id))  # its routes are this class's
        for key, value in zip(literal.keys, literal.values):
            path = literal_str(key) if key is not None else None
            if path is None:
                continue
            served = self.served_method(value)
            if served is not None:
                self.add(verb, _shown(path), line, function_span(served), served)
            elif isinstance(value, (ast.Name, ast.Attribute)):
                self.visitor.routes.append(RouteDecl(self.owner, FRAMEWORK, (verb,), _shown(path), line,
                                                     handler_ref=self.visitor.ref(value),
                                                     conditions=tuple(self.visitor.conditions)))

    def build(self) -> None:
        """Every route of the class."""
        routed = "parse_request" in self.methods
        for name, method in self.methods.items():
            verb = VERB_METHOD.match(name)
            if verb is not None:
                self.dispatch(verb.group(1), method)
            suffixed = ROUTED_METHOD.match(name) if routed else None
            if suffixed is not None:
                self.add(suffixed.group(1), "/" + suffixed.group(2), method.lineno, function_span(method), method)

    def dispatch(self, verb: str, method: FunctionNode) -> None:
        """The routes of one `do_X` method."""
        branches = path_branches(method)
        tables = lookup_tables(method)
        for branch in branches:
            self.add(verb, branch.path, branch.line, (branch.line, branch.end_line), method, branch)
        for table, line in tables:
            self.table(verb, method, table, line)
        if not branches and not tables:
            self.add(verb, ANY_PATH, method.lineno, function_span(method), method)


def handler_class(visitor: Any, cls: ast.ClassDef) -> None:
    """A request handler class: an object of its own, one route per dispatched path and method."""
    if _is_handler_class(visitor, cls):
        _Handler(visitor, cls).build()


def _is_table(value: ast.expr | None) -> bool:
    """A dict literal of path strings to named handlers (`{"/status": handle_status}`)."""
    return isinstance(value, ast.Dict) and bool(value.keys) and all(
        (literal_str(k) or "").startswith("/") for k in value.keys) and all(
        isinstance(v, (ast.Name, ast.Attribute)) for v in value.values)


def _drop_table(visitor: Any, key: str) -> None:
    """Forget the path table `key` as a router of its own (a handler of its module reads it)."""
    visitor.objects[:] = [o for o in visitor.objects if not (o.key == key and o.framework == FRAMEWORK)]
    visitor.routes[:] = [r for r in visitor.routes if r.owner != Ref(key)]


def path_table(visitor: Any, name: str, value: ast.expr, node: ast.stmt) -> None:
    """`ROUTES = {"/status": handle_status}` at module level: a router of its own, found by the
    package registry that merges it; each entry a route of any method."""
    if TABLE_WORD not in name or not _is_table(value):
        return
    assert isinstance(value, ast.Dict)
    visitor.objects.append(ObjectDecl(visitor.key(name), "router", FRAMEWORK, node.lineno,
                                      node.end_lineno or node.lineno, scanned=True))
    for key, handler in zip(value.keys, value.values):
        visitor.routes.append(RouteDecl(Ref(visitor.key(name)), FRAMEWORK, (), literal_str(key) or "/",
                                        key.lineno if key is not None else node.lineno,
                                        handler_ref=visitor.ref(handler), conditions=tuple(visitor.conditions)))


def registry_update(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`REGISTRY.update(table)` in a loop over `pkgutil.iter_modules(__path__)`: the registry mounts
    the tables of the package's modules."""
    walks = any(isinstance(source, ast.Call) and last_name(dotted(source.func)) in PACKAGE_WALKS
                for source in visitor.loop_sources.values())
    if not (walks and isinstance(owner, ast.Name) and isinstance(visitor.bound.get(owner.id), ast.Dict)):
        return False
    package = visitor.module if visitor.is_package else visitor.module.rpartition(".")[0]
    registry = visitor.add_object(owner.id, "router", FRAMEWORK, owner)
    visitor.add_mount(registry, Ref(package + SCAN_ALL, absolute=True), FRAMEWORK, call, "")
    return True


def serves(visitor: Any, call: ast.Call, made: Ref) -> None:
    """`HTTPServer((host, port), Handler)`: the server serves the handler class."""
    handler = argument(call, 1, "RequestHandlerClass")
    if isinstance(handler, ast.Call) and last_name(dotted(handler.func)) == "partial" and handler.args:
        handler = handler.args[0]  # functools.partial(Handler, directory=...)
    visitor.add_mount(made, visitor.ref(handler), FRAMEWORK, call, "")


def serve_forever(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`HTTPServer(address, Handler).serve_forever()`: the inline server is made (and so serves)."""
    if isinstance(owner, ast.Call) and last_name(dotted(owner.func)) in SERVERS:
        visitor.ref(owner)
        return True
    return False


def server_init(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`HTTPServer.__init__(self, address, Handler)` in a server subclass."""
    if last_name(dotted(owner)) not in SERVERS or len(call.args) < 3:
        return False
    server = visitor.add_object(f"<server@{call.lineno}>", "app", FRAMEWORK, call)
    visitor.add_mount(server, visitor.ref(call.args[2]), FRAMEWORK, call, "")
    return True


HTTP_SERVER = register(
    Adapter(
        framework=FRAMEWORK,
        import_roots=("http",),
        constructors={name: "app" for name in SERVERS},
        needs_import=frozenset(SERVERS),
        calls={"serve_forever": serve_forever, "__init__": server_init, "update": registry_update},
        classes=(handler_class,),
        constructed=serves,
        assignments=(path_table,),
        hints=("HTTPRequestHandler", "HTTPServer", "ROUTES = {", "iter_modules("),
    )
)
