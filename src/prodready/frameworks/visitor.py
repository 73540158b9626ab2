"""The shared route visitor: one pass over a module with a scope stack (functions/classes), the
stack of enclosing `if` tests and `for` loops over literal lists, recording apps, routers,
routes, mounts, aliases, guards and debug switches as picklable facts.

The statement shapes common to many frameworks (`@owner.get("/x")` decorators, `name = Ctor(...)`,
route lists, debug switches, guards) live here; each framework's own shapes live in its adapter
module under `frameworks/adapters/`, called through the hooks of `frameworks.registry.Adapter`.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import replace
from collections.abc import Mapping
from typing import Callable, Iterator

from prodready.engine.astwalk import nested_blocks
from prodready.frameworks.constants import module_constants
from prodready.frameworks.dynamic import (
    attribute_chain, defines_functions, imported_name, is_import_call, iterations, string_value,
)
from prodready.engine.imports import FileImports
from prodready.frameworks.astutil import (
    BLOCKLESS_STATEMENTS,
    SourceText,
    argument,
    callee,
    condition,
    condition_names,
    dotted,
    function_span,
    is_true,
    keyword,
    last_name,
    literal_str,
    str_items,
)
from prodready.frameworks.facts import (
    AliasDecl,
    CollectionDecl,
    Condition,
    ConditionalCall,
    DebugDecl,
    Dependency,
    GuardDecl,
    HandingCall,
    MountDecl,
    ObjectDecl,
    Ref,
    ReturnDecl,
    RouteDecl,
    ViewDecl,
)
from prodready.frameworks.registry import (
    ADAPTERS,
    HTTP_METHOD_DECORATORS,
    NAME_ENTRY,
    TUPLE_ENTRY,
    FunctionNode,
    constructor,
)
from prodready.model.project import ParsedSource

GUARD_CALLS = ("guard_blueprint", "guard_router")
BEFORE_REQUEST_HOOKS = ("before_request", "before_app_request")
APP_ARGUMENT_NAMES = ("app", "application", "api", "router", "api_router")
DEPENDENCY_CALLS = ("Depends", "Security")
LIST_GROWTH = ("append", "extend", "insert")  # routes.append(Route(...)), urlpatterns.extend(router.urls)
PREFIX_ATTRIBUTES = ("prefix", "url_prefix")  # `app.router.prefix = "/api"` sets the object's prefix
INLINE_DISCARDED = ("objects", "routes", "views", "aliases", "collections", "returns", "guards", "debug",
                    "conditional_calls", "handing_calls")  # facts a helper's body gave when defined: only its mounts depend on the call
EXPRESSION_MARK = "$"  # path_text marks an expression piece `${settings.X}`; linking shows `{settings.X}`


class RouteVisitor:
    """Walks one module and records its route facts (see the module docstring)."""

    def __init__(self, source: ParsedSource, imports: FileImports) -> None:
        self.text = SourceText(source.text)
        self.imports = imports
        self.import_roots = frozenset(b.module.split(".")[0] for b in imports.bindings)
        self.module = source.module
        self.is_package = source.is_package
        self.scope: list[str] = []
        self.params: list[dict[str, str]] = []
        self.conditions: list[Condition] = []
        self.loop_values: dict[str, ast.expr] = {}  # loop variable -> its value on this pass of a literal loop
        self.loop_sources: dict[str, ast.expr] = {}  # loop variable -> the non-literal iterable it walks
        self.objects: list[ObjectDecl] = []
        self.routes: list[RouteDecl] = []
        self.views: list[ViewDecl] = []
        self.mounts: list[MountDecl] = []
        self.aliases: list[AliasDecl] = []
        self.collections: list[CollectionDecl] = []
        self.returns: list[ReturnDecl] = []
        self.guards: list[GuardDecl] = []
        self.debug: list[DebugDecl] = []
        self.root_urlconf = ""
        self.dependency_aliases: dict[str, tuple[Dependency, ...]] = {}  # module-level Annotated dependency aliases
        self.settings: dict[str, str] = {}  # Django settings module: UPPERCASE name -> string value
        self.conditional_calls: list[ConditionalCall] = []
        self.handing_calls: list[HandingCall] = []
        self.constants = module_constants(source.tree)
        self.bound: dict[str, ast.expr] = {}  # scoped key -> last value assigned to a plain name
        self.rebound = _rebound_names(source.tree)  # module-level name bound twice or more -> last line
        self.visible: dict[str, str] = {}  # module-level name -> key of its binding visible now
        self.defined_here: set[str] = set()  # module-level names defined so far (def, class, assignment)
        self.pending: dict[str, list[tuple[ast.Call, list[Condition]]]] = {}  # empty list -> growth before a claim
        self.helpers: dict[str, FunctionNode] = {}  # module-level functions defined so far, by name

    # -- scopes and references -------------------------------------------------------------
    @property
    def scope_name(self) -> str:
        """Qualified name of the enclosing function/class ("" at module level)."""
        return ".".join(self.scope)

    def key(self, name: str) -> str:
        """The file-local key of a name bound in the current scope."""
        return f"{self.scope_name}.{name}" if self.scope else name

    def binding(self, name: str, value: ast.expr, line: int) -> str:
        """The name to key a module-level binding by: the name itself for its last binding (or
        when `value` builds on the old one: `app = Middleware(app)`, `urlpatterns = urlpatterns + [...]`),
        else `name@line` (the binding visible to the statements that follow)."""
        last = self.rebound.get(name)
        if self.scope or last is None:
            return name
        if _mentions(value, name):
            return self.visible.get(name, name)
        return f"{name}@{line}" if line != last else name

    def visible_name(self, name: str) -> str:
        """A dotted name written at module level, its head replaced by the key of the binding
        visible at this statement."""
        if self.scope:
            return name
        head, dot, rest = name.partition(".")
        key = self.visible.get(head, head)
        return f"{key}{dot}{rest}" if key != head else name

    def imported_here(self, name: str, line: int) -> bool:
        """True when the head of `name` is bound at this module-level statement by an import that a
        later definition rebinds (`from api import health` ... `def health():`)."""
        head = name.partition(".")[0]
        if self.scope or head in self.defined_here or head not in self.imports.defined:
            return False
        binding = self.imports.binding(head)
        return binding is not None and binding.top_level and binding.line <= line

    def ref(self, node: ast.expr | None) -> Ref | None:
        """A reference to the object `node` names (creating inline apps/routers), or None."""
        if node is None:
            return None
        dynamic = self.dynamic_ref(node)
        if dynamic is not None:
            return dynamic
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if not name:
                return None
            if name.endswith(".as_view"):
                factory = node.func.value if isinstance(node.func, ast.Attribute) else None
                if isinstance(factory, ast.Call):  # view_class_for(settings).as_view(): the class it returns
                    return Ref(dotted(factory.func), self.scope_name, is_call=True)
                return self.named_ref(name[: -len(".as_view")], node.lineno)
            made = self.make_object(node, f"<obj@{node.lineno}>")
            if made:
                return Ref(made, self.scope_name)
            return Ref(name, self.scope_name, is_call=True)
        name = dotted(node)
        if not name:
            return None
        head = name.split(".")[0]
        for params in reversed(self.params):
            if head in params:
                return Ref(name, self.scope_name, parameter=params[head] or head)
        return self.named_ref(name, node.lineno)

    def dynamic_ref(self, node: ast.expr) -> Ref | None:
        """What a loop variable, `import_module("pkg.mod").router`, `import_string("pkg.mod:bp")`
        or `getattr(module, "router")` names with literal inputs; a reference to each item of a
        collection for a loop over one (`for bp in settings.BLUEPRINTS`); None for other shapes."""
        if isinstance(node, ast.Name) and node.id not in self.loop_values:
            bound = self.value_of(node)  # `router = getattr(module, "router", None)`, then `router`
            if bound is not None and _uses_getattr(bound) and not _mentions(bound, node.id):
                named = self.dynamic_ref(bound)
                if named is not None and not named.is_call:
                    return named
        base, attrs = attribute_chain(node)
        suffix = "".join(f".{a}" for a in attrs)
        if isinstance(base, ast.Name) and base.id in self.loop_values:
            inner = self.ref(self.loop_values[base.id])
            return replace(inner, text=inner.text + suffix) if inner is not None and not inner.is_call else inner
        call = base if is_import_call(base) else self.value_of(base) if isinstance(base, ast.Name) else None
        if call is not None and is_import_call(call):
            assert isinstance(call, ast.Call)
            name = imported_name(call, self.string_of, self.module, self.is_package)
            if name is not None:
                return Ref(name + suffix, self.scope_name, absolute=True)
            argument_node = call.args[0] if call.args else None
            if isinstance(argument_node, ast.Name) and argument_node.id in self.loop_sources:
                return self.each_ref(self.loop_sources[argument_node.id], suffix)
            return Ref(dotted(call.func), self.scope_name, is_call=True)
        if isinstance(base, ast.Name) and base.id in self.loop_sources:
            return self.each_ref(self.loop_sources[base.id], suffix)
        if base is not node and _uses_getattr(node):  # getattr(module, "router")
            inner = self.ref(base)
            return replace(inner, text=inner.text + suffix) if inner is not None and not inner.is_call else inner
        return None

    def each_ref(self, iterable: ast.expr, suffix: str) -> Ref | None:
        """A reference to `suffix` of each item of the collection `iterable` names."""
        name = dotted(iterable) if not isinstance(iterable, ast.Call) else ""
        if not name:  # what a call returns: not known to a static reader
            return Ref(dotted(iterable) or "<dynamic>", self.scope_name, is_call=True, each=True)
        found = self.named_ref(name, iterable.lineno)
        return replace(found, each=True, attribute=suffix.lstrip("."))

    def value_of(self, node: ast.expr) -> ast.expr | None:
        """The last value assigned to a plain name in this scope or at module level."""
        if not isinstance(node, ast.Name):
            return None
        return self.bound.get(self.key(node.id)) or self.bound.get(node.id)

    def string_of(self, node: ast.expr) -> str | None:
        """The string an expression holds here (literals, constants, loop values, the values local
        names hold at this statement, f-strings)."""
        return string_value(node, _VisibleValues(self), self.constants)

    def named_ref(self, name: str, line: int) -> Ref:
        """A reference to a dotted name as bound at this statement."""
        if self.imported_here(name, line):
            return Ref(name, self.scope_name, imported=True)
        return Ref(self.visible_name(name), self.scope_name)

    def refs(self, node: ast.expr | None) -> list[Ref]:
        """References named by `node` (a list of one, or none)."""
        found = self.ref(node)
        return [found] if found else []

    def path_text(self, node: ast.expr | None) -> str | None:
        """A path or prefix as written: literals and module constants resolved, anything else
        shown as `${expression}` ("${settings.API_V1_STR}/users"); None when absent."""
        if node is None:
            return None
        literal = literal_str(node)
        if literal is not None:
            return literal
        if isinstance(node, ast.Name) and node.id in self.loop_values:
            return self.path_text(self.loop_values[node.id])
        if isinstance(node, ast.Name) and node.id in self.constants:
            return self.constants[node.id]
        if isinstance(node, ast.Name) and self.scope and self.key(node.id) in self.bound:
            held = self.string_of(self.bound[self.key(node.id)])  # `route = "{}{}".format(prefix, path)`, then `add_route(route, ...)`
            if held is not None:
                return held
        if isinstance(node, ast.JoinedStr):
            return "".join(
                str(part.value) if isinstance(part, ast.Constant) else self.path_text(part.value) or ""
                for part in node.values
            )
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.path_text(node.left), self.path_text(node.right)
            return None if left is None or right is None else left + right
        if isinstance(node, ast.Constant):
            return None
        default = self.setting_default(node)
        if default is not None:
            return default
        formatted = self.string_of(node)  # "/api/v1.0/{}".format(route) over a literal loop
        if formatted is not None:
            return formatted
        return EXPRESSION_MARK + "{" + self.text.segment(node) + "}"

    def self_key(self, node: ast.expr) -> str:
        """`self.handlers` in a method: the key of that attribute of the enclosing class
        ("JupyterHub.handlers"); "" for other expressions."""
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"
                and len(self.scope) >= 2):
            return ".".join([*self.scope[:-1], node.attr])
        return ""

    def setting_default(self, node: ast.expr) -> str | None:
        """`self.hub_prefix` where the class body gives it a literal path default (`hub_prefix = "/hub/"`,
        a traitlets setting `hub_prefix = Unicode("/hub/").tag(config=True)`): that literal, else None."""
        key = self.self_key(node)
        value = self.bound.get(key) if key else None
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Call):
            value = value.func.value  # `Unicode("/").tag(config=True)`
        if isinstance(value, ast.Call) and value.args:
            value = value.args[0]
        text = literal_str(value) if value is not None else None
        return text if text is not None and text.startswith("/") else None

    def dependencies(self, node: ast.expr | None) -> tuple[Dependency, ...]:
        """The entries of a `dependencies=[...]` list."""
        if not isinstance(node, (ast.List, ast.Tuple)):
            return ()
        return tuple(self.dependency(e) for e in node.elts)

    def dependency(self, node: ast.expr) -> Dependency:
        """One dependency: its source text and what it depends on."""
        target = node
        if isinstance(node, ast.Call) and last_name(dotted(node.func)) in DEPENDENCY_CALLS and node.args:
            target = node.args[0]
        name = dotted(target.func) if isinstance(target, ast.Call) else dotted(target)
        return Dependency(self.text.segment(node), name, self.scope_name, node.lineno)

    # -- statements ----------------------------------------------------------------------
    def visit_module(self, tree: ast.Module) -> None:
        """The adapters' module hooks, then the module's statements."""
        for adapter in ADAPTERS.values():
            for hook in adapter.modules:
                hook(self, tree)
        self.visit_body(tree.body)

    def visit_body(self, body: list[ast.stmt]) -> None:
        """Visit statements; after `if <cond>: return` inside a function, the rest of the block
        runs only when the condition is false, so it is under that condition too."""
        guards = 0
        for statement in body:
            self.visit(statement)
            if self.scope and _returns_early(statement):
                after = replace(self.condition_of(statement.test), negated=True)  # type: ignore[attr-defined]
                self.conditions.append(after)
                guards += 1
        if guards:
            del self.conditions[-guards:]

    def visit(self, node: ast.stmt) -> None:
        """Dispatch one statement."""
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.visit_function(node)
        elif isinstance(node, ast.ClassDef):
            for adapter in ADAPTERS.values():
                for hook in adapter.classes:
                    hook(self, node)
            if not self.scope:
                self.defined_here.add(node.name)
                self.visible.pop(node.name, None)
            self.scope.append(node.name)
            self.visit_body(node.body)
            self.scope.pop()
        elif isinstance(node, ast.If):
            test = self.condition_of(node.test)
            self.conditions.append(test)
            self.visit_body(node.body)
            self.conditions[-1] = replace(test, negated=True)
            self.visit_body(node.orelse)
            self.conditions.pop()
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.visit_loop(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            self.visit_assign(node)
        elif isinstance(node, ast.AugAssign):
            if isinstance(node.target, ast.Name) and isinstance(node.op, ast.Add):
                framework = self.list_framework(node.target)
                if framework:  # urlpatterns += router.urls
                    self.add_route_items(self.ref(node.target) or Ref(node.target.id), node.value, framework)
                else:
                    self.route_list(self.visible_name(node.target.id), node.value, node.lineno)
        elif isinstance(node, ast.Expr):
            value = node.value.value if isinstance(node.value, ast.Await) else node.value
            if isinstance(value, ast.Call):
                self.visit_call(value)
        elif isinstance(node, ast.Return) and self.scope:
            self.visit_return(node)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:  # `with Configurator() as config:` creates the object like `config = ...`
                if isinstance(item.optional_vars, ast.Name) and isinstance(item.context_expr, ast.Call):
                    self.make_object(item.context_expr, item.optional_vars.id)
            self.visit_body(node.body)
        else:
            for block in nested_blocks(node):
                self.visit_body(block)

    def condition_of(self, test: ast.expr) -> Condition:
        """The `if` test's condition, with the names behind a flag it tests
        (`demo = os.environ.get("DEMO_MODE") == "1"` ... `if demo:` also names `environ`)."""
        found = condition(test, self.text)
        values = [self.bound.get(self.key(n)) or self.bound.get(n) for n in found.names if "." not in n]
        extra = [n for v in values if v is not None for n in condition_names(v)]
        return replace(found, names=tuple(dict.fromkeys((*found.names, *extra)))) if extra else found

    def visit_loop(self, node: ast.For | ast.AsyncFor) -> None:
        """A loop over a literal list (`for bp, prefix in [(a.bp, "/a"), (b.bp, "/b")]:`) is visited
        once per element with its variables bound to that element; any other loop once, its
        variable standing for each item of what it walks (`for bp in settings.BLUEPRINTS:`)."""
        passes = iterations(node, self.value_of)
        if passes is None:
            names = [t for t in ast.walk(node.target) if isinstance(t, ast.Name)]
            saved = {n.id: self.loop_sources.get(n.id) for n in names[:1]}
            self.loop_sources.update({n.id: node.iter for n in names[:1]})
            self.visit_body(node.body)
            _restore(self.loop_sources, saved)
        for bindings in passes or ():
            saved_values = {name: self.loop_values.get(name) for name in bindings}
            self.loop_values.update(bindings)
            self.visit_body(node.body)
            _restore(self.loop_values, saved_values)
        self.visit_body(node.orelse)

    def visit_function(self, node: FunctionNode) -> None:
        """Route decorators and login hooks of a function, then its body in its own scope."""
        for decorator in node.decorator_list:
            if not self.route_decorator(node, decorator):
                self.framework_decorator(node, decorator)
            if isinstance(decorator, ast.Attribute) and decorator.attr in BEFORE_REQUEST_HOOKS:
                self.add_guard(decorator.value, node.name, decorator.lineno)
        if not self.scope:
            self.defined_here.add(node.name)
            self.visible.pop(node.name, None)
            self.helpers[node.name] = node
        self.scope.append(node.name)
        self.params.append(_parameters(node))
        self.visit_body(node.body)
        self.params.pop()
        self.scope.pop()

    def inline_helper(self, call: ast.Call) -> None:
        """`_include("routes.debug")`, or `_include(path)` in a loop over literal strings: a
        module-level function of this file called with literal strings mounts, at each call, what
        its body mounts with those parameters bound to them (the body's other facts were recorded
        when it was defined)."""
        function = self.helpers.get(call.func.id) if isinstance(call.func, ast.Name) else None
        if function is None or function.name in self.scope or defines_functions(function.body):
            return
        bindings = _literal_arguments(function, call, self.string_of)
        if not bindings:
            return
        kept = {name: getattr(self, name) for name in INLINE_DISCARDED}
        for name in kept:
            setattr(self, name, [])
        saved = {name: self.loop_values.get(name) for name in bindings}
        self.loop_values.update(bindings)
        self.scope.append(function.name)
        self.params.append({k: v for k, v in _parameters(function).items() if k not in bindings})
        self.visit_body(function.body)
        self.params.pop()
        self.scope.pop()
        _restore(self.loop_values, saved)
        for name, value in kept.items():
            setattr(self, name, value)

    def visit_return(self, node: ast.Return) -> None:
        """`return app` in a factory, `return [Route(...), ...]` in a routes builder: what the
        function returns."""
        if node.value is None:
            return
        if isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute):
            self.visit_call(node.value)  # `return app.add_routes([...])`
        if _may_list_routes(node.value) and self.route_list(f"<return@{node.lineno}>", node.value, node.lineno):
            self.returns.append(ReturnDecl(self.scope_name, Ref(f"<return@{node.lineno}>", self.scope_name)))
            return
        target = self.ref(node.value)
        if target is not None and not target.is_call:
            self.returns.append(ReturnDecl(self.scope_name, target))

    def visit_assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        """App/router creation, aliases, route lists and debug switches."""
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = node.value
        if isinstance(node, ast.Assign) and len(targets) > 1 and all(isinstance(t, ast.Name) for t in targets):
            self.chained_assign(node)  # `app = application = falcon.App()`
            return
        if value is None or len(targets) != 1:
            return
        target = targets[0]
        if isinstance(target, ast.Name):
            self.bound[self.key(target.id)] = value
            self.dependency_alias(target.id, value)
            key = self.binding(target.id, value, node.lineno)
            self.assign_name(key, value, node)
            if not self.scope:
                self.visible[target.id] = key
                self.defined_here.add(target.id)
        elif isinstance(target, ast.Attribute) and target.attr == "debug" and is_true(value):
            self.add_debug("attribute", node, target.value)
        elif isinstance(target, ast.Attribute) and target.attr in PREFIX_ATTRIBUTES:
            self.set_prefix(target.value, value)
        elif isinstance(target, ast.Attribute) and isinstance(value, ast.Call):
            key = self.self_key(target)  # `self.handlers = add_url_prefix(prefix, handlers)`
            if not (key and self.assigned_call(key, value)):
                self.make_object(value, f"<obj@{value.lineno}>")  # `self.app = tornado.web.Application(handlers)`
        elif isinstance(target, ast.Subscript) and literal_str(target.slice) == "DEBUG" and is_true(value):
            if isinstance(target.value, ast.Attribute) and target.value.attr == "config":
                self.add_debug("config", node, target.value.value)

    def set_prefix(self, owner: ast.expr, value: ast.expr) -> None:
        """`app.router.prefix = "/api"`, `bp.url_prefix = "/v1"`: the prefix of an object of this file."""
        if isinstance(owner, ast.Attribute) and owner.attr == "router":
            owner = owner.value
        prefix = self.path_text(value)
        if not isinstance(owner, ast.Name) or prefix is None:
            return
        keys = {self.key(owner.id), self.visible_name(owner.id)}
        for position in range(len(self.objects) - 1, -1, -1):
            if self.objects[position].key in keys:
                self.objects[position] = replace(self.objects[position], prefix=prefix)
                return

    def chained_assign(self, node: ast.Assign) -> None:
        """`a = b = value`: `a` is assigned as usual, the other names alias it."""
        first, *others = node.targets
        single = copy.copy(node)
        single.targets = [first]
        self.visit_assign(single)
        for other in others:
            self.bound[self.key(other.id)] = node.value  # type: ignore[attr-defined]
            self.aliases.append(AliasDecl(self.key(other.id), Ref(first.id, self.scope_name)))  # type: ignore[attr-defined]

    def assign_name(self, name: str, value: ast.expr, node: ast.stmt) -> None:
        """`name = <value>` (`name` keyed as `binding` says): an object, a route list, an alias,
        DEBUG or ROOT_URLCONF."""
        plain = name.partition("@")[0]
        if not self.scope and plain == "DEBUG" and is_true(value):
            self.add_debug("settings", node)
        if not self.scope and plain == "ROOT_URLCONF":
            self.root_urlconf = literal_str(value) or ""
        if not self.scope:
            for adapter in ADAPTERS.values():
                for hook in adapter.assignments:
                    hook(self, name, value, node)
        if isinstance(value, ast.Call) and (self.make_object(value, name) or self.assigned_call(self.key(name), value)):
            return
        if self.route_list(name, value, node.lineno):
            return
        if not self.scope and isinstance(value, (ast.List, ast.Tuple)):
            self.collection(name, value)
            return
        if isinstance(value, ast.Await) and isinstance(value.value, ast.Call):
            value = value.value  # `sub_app = await create_sub_app(config)`: what the factory returns
        elif not isinstance(value, (ast.Name, ast.Attribute)) and not (isinstance(value, ast.Call) and not self.scope):
            return
        target = self.ref(value)
        if target is not None:
            self.aliases.append(AliasDecl(self.key(name), target))

    def assigned_call(self, key: str, call: ast.Call) -> bool:
        """Hand `key = call(...)` to the adapters' assignment hooks, until one of them takes it."""
        return any(hook(self, key, call) for adapter in ADAPTERS.values() for hook in adapter.call_assignments)

    def collection(self, name: str, value: ast.List | ast.Tuple) -> None:
        """A module-level list of objects or import strings (of a tuple, its first such element)."""
        items = [self.collection_item(e) for e in value.elts]
        found = tuple(item for item in items if item is not None)
        if found and name != "__all__":
            self.collections.append(CollectionDecl(name, found))

    def collection_item(self, node: ast.expr) -> Ref | None:
        """One element of a collection: a name, an import string, or a tuple's first of those."""
        if isinstance(node, (ast.Tuple, ast.List)):
            return next((r for r in (self.collection_item(e) for e in node.elts) if r is not None), None)
        text = literal_str(node)
        if text is not None:
            dotted_text = text.replace(":", ".")
            valid = "." in dotted_text and all(part.isidentifier() for part in dotted_text.split("."))
            return Ref(dotted_text, absolute=True) if valid else None
        if isinstance(node, (ast.Name, ast.Attribute)) or is_import_call(node):
            found = self.ref(node)
            return found if found is not None and not found.is_call else None
        return None

    def add_debug(self, kind: str, node: ast.AST, *owners: ast.expr | None) -> None:
        """Record a debug switch; `owners` are the expressions that may name the app it is on."""
        targets = tuple(r for r in (self.ref(o) for o in owners if o is not None) if r is not None)
        self.debug.append(
            DebugDecl(kind, self.text.segment(node), node.lineno, node.end_lineno or node.lineno,
                      tuple(self.conditions), self.scope_name, targets)
        )

    # -- objects --------------------------------------------------------------------------
    def make_object(self, call: ast.Call, name: str) -> str:
        """Record an app/router created by `call` under `name`; returns its key or ""."""
        found = constructor(dotted(call.func), self.imports)
        if found is None:
            return ""
        adapter, kind = found
        key = self.key(name)
        prefix = ""
        for keyword_name in adapter.prefix_keywords:
            prefix = self.path_text(keyword(call, keyword_name)) or prefix
        if adapter.prefix_from_name and kind == "router" and not prefix:
            prefix = "/" + (literal_str(argument(call, 0, "name")) or "")
        debug_node = keyword(call, "debug")
        self.objects.append(
            ObjectDecl(
                key=key,
                kind=kind,
                framework=adapter.framework,
                line=call.lineno,
                end_line=call.end_lineno or call.lineno,
                prefix=prefix,
                dependencies=self.dependencies(keyword(call, "dependencies")),
                tags=str_items(keyword(call, "tags")),
                debug=True if is_true(debug_node) else None,
                conditions=tuple(self.conditions),
            )
        )
        if adapter.constructed is not None:
            adapter.constructed(self, call, Ref(key))
        return key

    def route_list(self, name: str, value: ast.expr, line: int) -> bool:
        """`urlpatterns = [path(...), ...]` / `routes = [Route(...), Mount(...)] + other_routes` /
        `route = Route(...)`: a list of route entries (other lists it adds are mounted on it)."""
        items = list_items(value) or ([value] if isinstance(value, ast.Call) else [])
        names = frozenset(entry_key(e) for e in items)
        adapter = next((a for a in ADAPTERS.values() if a.lists is not None and a.lists(self, name, names)), None)
        if adapter is None:
            return False
        key = self.key(name)
        self.objects.append(ObjectDecl(key, "list", adapter.framework, line, line))  # entries carry their ifs
        self.add_route_items(Ref(key), value, adapter.framework)
        return True

    def list_framework(self, node: ast.expr) -> str:
        """The framework of the route list a plain name (or a `self.` attribute of the enclosing
        class) holds here ("" when it holds none)."""
        if isinstance(node, ast.Name):
            keys = {self.key(node.id), self.visible_name(node.id)}
        elif self.self_key(node):
            keys = {self.self_key(node)}
        else:
            return ""
        return next((o.framework for o in reversed(self.objects) if o.kind == "list" and o.key in keys), "")

    def add_route_items(self, owner: Ref, value: ast.expr, framework: str) -> None:
        """Entries of `[...] + [...] + other` added to the route list `owner`: each literal
        list's entries, each other operand (a list name, `router.urls`, `build_routes()`) mounted on it."""
        if isinstance(value, ast.Call) and entry_key(value) in ADAPTERS[framework].entries:
            self.entries(owner, ast.List(elts=[value], ctx=ast.Load()), framework)
            return
        for node in list_operands(value):
            if isinstance(node, (ast.List, ast.Tuple)):
                self.entries(owner, node, framework)
            else:
                self.add_mount(owner, self.ref(node), framework, node, "")  # type: ignore[arg-type]

    def imports_from(self, *roots: str) -> bool:
        """True when the file imports from one of the packages `roots`."""
        return not self.import_roots.isdisjoint(roots)

    # -- route entries (Starlette Route/Mount, Django path/include) ------------------------
    def entries(self, owner: Ref, node: ast.List | ast.Tuple, framework: str) -> None:
        """The entries of a route list of `framework`, each handed to its adapter's entry hook;
        other items (`*auth_routes`, `get_metrics_route()`, `router.urls`) are mounted on it."""
        hooks = ADAPTERS[framework].entries
        for item in node.elts:
            hook = hooks.get(entry_key(item))
            if hook is not None:
                hook(self, owner, item)
            elif isinstance(item, (ast.Starred, ast.Name, ast.Attribute, ast.Call)):
                inner = item.value if isinstance(item, ast.Starred) else item
                self.add_mount(owner, self.ref(inner), framework, item, "")  # type: ignore[arg-type]

    def mount(self, parent: Ref, child: Ref, framework: str, call: ast.Call, prefix: str | None,
              dependencies: tuple[Dependency, ...] = (), tags: tuple[str, ...] = ()) -> MountDecl:
        """A MountDecl under the current conditions."""
        return MountDecl(parent, child, framework, call.lineno, call.end_lineno or call.lineno, prefix,
                         dependencies, tags, tuple(self.conditions))

    def add_mount(self, parent: Ref | None, child: Ref | None, framework: str, call: ast.Call,
                  prefix: str | None, dependencies: tuple[Dependency, ...] = (), tags: tuple[str, ...] = ()) -> None:
        """Record `child` mounted on `parent` by `call` (nothing when either is unknown)."""
        if parent is not None and child is not None:
            self.mounts.append(self.mount(parent, child, framework, call, prefix, dependencies, tags))

    def add_object(self, name: str, kind: str, framework: str, node: ast.expr, prefix: str = "") -> Ref:
        """Record an object the framework makes without a constructor call (a `Mount(routes=[...])`,
        an `include([...])` list); its entries carry their own conditions."""
        key = self.key(name)
        self.objects.append(ObjectDecl(key, kind, framework, node.lineno, node.end_lineno or node.lineno, prefix=prefix))
        return Ref(key)

    def add_route(self, owner: Ref | None, framework: str, methods: tuple[str, ...], path: str | None,
                  call: ast.Call, handler: ast.expr | None, **extra: object) -> None:
        """Record a route registered by `call` on `owner` for the handler expression `handler`
        (a lambda is its own handler)."""
        if isinstance(handler, ast.Lambda):
            extra = {**extra, "handler": self.key(f"<lambda@{handler.lineno}>"),
                     "span": (handler.lineno, handler.end_lineno or handler.lineno)}
            handler_ref = None
        else:
            handler_ref = self.ref(handler)
            if handler_ref is None:
                return
        if owner is None or path is None:
            return
        self.routes.append(RouteDecl(owner, framework, methods, path, call.lineno, handler_ref=handler_ref,
                                     name=literal_str(keyword(call, "name")) or "",
                                     conditions=tuple(self.conditions), **extra))  # type: ignore[arg-type]

    def add_registered_route(self, owner_node: ast.expr, call: ast.Call, path: ast.expr | None,
                             handler: ast.expr | None, default: tuple[str, ...]) -> None:
        """`owner.add_api_route(path, endpoint, methods=[...])` and the calls shaped like it."""
        methods = tuple(m.upper() for m in str_items(keyword(call, "methods"))) or default
        self.add_route(self.ref(owner_node), "", methods, self.path_text(path), call, handler,
                       dependencies=self.dependencies(keyword(call, "dependencies")),
                       tags=str_items(keyword(call, "tags")))

    # -- decorators and registration calls -------------------------------------------------
    def route_decorator(self, function: FunctionNode, decorator: ast.expr) -> bool:
        """`@app.get("/x")`, `@bp.route("/x", methods=[...])`, `@router.api_route(...)`: True when
        the decorator has that shape."""
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
            return False
        method = decorator.func.attr
        if method in HTTP_METHOD_DECORATORS:
            methods: tuple[str, ...] = (method.upper(),)
        elif method in ("route", "api_route"):
            methods = tuple(m.upper() for m in str_items(keyword(decorator, "methods"))) or ("GET",)
        elif method == "websocket":  # @app.websocket("/ws"): its handshake is a GET
            methods = ("GET",)
        else:
            return False
        path = self.path_text(argument(decorator, 0, "path", "rule"))
        owner = self.ref(decorator.func.value)
        if path is None or owner is None:
            return False
        qualname = self.key(function.name)
        others = self.decorator_dependencies(function.decorator_list, decorator)
        self.routes.append(
            RouteDecl(
                owner=owner,
                framework="",
                methods=methods,
                path=path,
                line=decorator.lineno,
                handler=qualname,
                span=function_span(function),
                dependencies=(self.dependencies(keyword(decorator, "dependencies"))
                              + self.parameter_dependencies(function)),
                annotations=self.alias_annotations(function),
                decorators=others,
                tags=str_items(keyword(decorator, "tags")),
                name=literal_str(keyword(decorator, "name", "endpoint")) or "",
                conditions=tuple(self.conditions),
                body_conditions=self.body_conditions(function),
            )
        )
        return True

    def framework_decorator(self, function: FunctionNode, decorator: ast.expr) -> None:
        """Hand a decorator of another shape to the adapters, until one of them takes it."""
        for adapter in ADAPTERS.values():
            for hook in adapter.decorators:
                if hook(self, function, decorator):
                    return

    def decorator_dependencies(self, decorators: list[ast.expr], route: ast.expr) -> tuple[Dependency, ...]:
        """The decorators other than the route's own, as dependencies (`@login_required`)."""
        return tuple(
            Dependency(self.text.segment(d), dotted(d.func) if isinstance(d, ast.Call) else dotted(d),
                       self.scope_name, d.lineno)
            for d in decorators if d is not route
        )

    def parameter_dependencies(self, function: FunctionNode) -> tuple[Dependency, ...]:
        """`user = Depends(get_current_user)` defaults and `Annotated[..., Depends(...)]` hints."""
        found: list[Dependency] = []
        arguments = [*function.args.args, *function.args.kwonlyargs]
        defaults = [*function.args.defaults, *function.args.kw_defaults]
        for node in [*defaults, *(a.annotation for a in arguments)]:
            for call in _dependency_calls(node):
                found.append(self.dependency(call))
        return tuple(found)

    def alias_annotations(self, function: FunctionNode) -> tuple[Dependency, ...]:
        """Parameter annotations that name a capitalised alias (`_: ApiKeyDep`, `user: deps.CurrentUser`):
        maybe an `Annotated[..., Depends(...)]` alias, which linking looks up."""
        found = []
        for arg in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]:
            name = dotted(arg.annotation) if isinstance(arg.annotation, (ast.Name, ast.Attribute)) else ""
            if name and last_name(name)[:1].isupper():
                found.append(Dependency(name, name, self.scope_name, arg.lineno))
        return tuple(found)

    def dependency_alias(self, name: str, value: ast.expr) -> None:
        """`CurrentUser = Annotated[User, Depends(get_current_user)]` at module level: an alias whose
        dependencies hold wherever a parameter is annotated with it."""
        if self.scope or not (isinstance(value, ast.Subscript) and last_name(dotted(value.value)) == "Annotated"):
            return
        found = tuple(self.dependency(call) for call in _dependency_calls(value.slice))
        if found:
            self.dependency_aliases[name] = found

    def body_conditions(self, function: FunctionNode) -> tuple[Condition, ...]:
        """`if not settings.DEBUG: raise HTTPException(404)` opening the handler body."""
        found = []
        for statement in function.body[:4]:
            if isinstance(statement, ast.If) and statement.body and isinstance(
                statement.body[-1], (ast.Raise, ast.Return)
            ) or isinstance(statement, ast.If) and _ends_with_abort(statement.body):
                found.append(replace(condition(statement.test, self.text), negated=True))
        return tuple(found)

    def visit_call(self, call: ast.Call) -> None:
        """Registration, mount, guard and debug calls made as statements."""
        name = dotted(call.func)
        short = last_name(name)
        if self.conditions and name and self.passes_app(call):
            self.conditional_calls.append(ConditionalCall(Ref(name, self.scope_name), call.lineno,
                                                          tuple(self.conditions)))
        for adapter in ADAPTERS.values():
            for hook in adapter.call_statements:
                hook(self, call)
        self.inline_helper(call)
        self.handing_call(call)
        if short in GUARD_CALLS and call.args:
            self.add_guard(call.args[0], name, call.lineno)
            return
        if short in BEFORE_REQUEST_HOOKS and call.args and isinstance(call.func, ast.Attribute):
            self.add_guard(call.func.value, dotted(call.args[0]), call.lineno)
            return
        if not isinstance(call.func, ast.Attribute):
            return
        owner_node = call.func.value
        if short in LIST_GROWTH and call.args and self.grow_list(owner_node, call):
            return
        if any(a.calls[short](self, owner_node, call) for a in ADAPTERS.values() if short in a.calls):
            return
        if short == "run" and is_true(keyword(call, "debug")):  # app.run / socketio.run(app, ...)
            self.add_debug("run", call, owner_node, call.args[0] if call.args else None)
        elif short in ("update", "from_mapping") and is_true(keyword(call, "DEBUG")):
            if isinstance(owner_node, ast.Attribute) and owner_node.attr == "config":
                self.add_debug("config", call, owner_node.value)

    def grow_list(self, owner: ast.expr, call: ast.Call) -> bool:
        """`routes.append(Route(...))`, `handlers.extend([...])`, `handlers.insert(-1, (...))`,
        `urlpatterns.extend(router.urls)` on a route list of this file: the new entries, under the
        current conditions (a list or object it adds is mounted on it)."""
        if not isinstance(call.func, ast.Attribute):
            return False
        framework = self.list_framework(owner) or self.claim_grown(owner, call)
        if not framework:
            return False
        self.add_grown(owner, call, framework)
        return True

    def add_grown(self, owner: ast.expr, call: ast.Call, framework: str) -> None:
        """The entries one `append`/`extend`/`insert` call adds to the route list `owner`."""
        added = call.args[-1]
        items = added if call.func.attr == "extend" else ast.List(elts=[added], ctx=ast.Load())  # type: ignore[attr-defined]
        self.add_route_items(self.ref(owner) or Ref(dotted(owner)), items, framework)

    def claim_grown(self, owner: ast.expr, call: ast.Call) -> str:
        """An empty list (`h = []`) becomes a route list when a framework's entries are added to it
        (`h.append((r"/logo", LogoHandler))`); what was added to it before is added then, under the
        conditions it was added in. The framework, or "" while none claims it."""
        if not isinstance(owner, ast.Name) or not _empty_list(self.value_of(owner)):
            return ""
        key = self.key(self.visible_name(owner.id))
        added = call.args[-1]
        items = list_items(added) if call.func.attr == "extend" else [added]  # type: ignore[attr-defined]
        names = frozenset(entry_key(e) for e in items) - {NAME_ENTRY, ""}
        adapter = next((a for a in ADAPTERS.values() if names and a.lists is not None and a.lists(self, owner.id, names)),
                       None)
        if adapter is None:
            self.pending.setdefault(key, []).append((call, list(self.conditions)))
            return ""
        self.objects.append(ObjectDecl(key, "list", adapter.framework, call.lineno, call.lineno))
        current = self.conditions
        for earlier, conditions in self.pending.pop(key, []):
            self.conditions = conditions
            self.add_grown(owner, earlier, adapter.framework)
        self.conditions = current
        return adapter.framework

    def handing_call(self, call: ast.Call) -> None:
        """Record a call that hands apps or routers to a function (not a method of one of them)."""
        known = self.known_object_names()
        arguments = [(str(i), a) for i, a in enumerate(call.args)] + [(k.arg, k.value) for k in call.keywords if k.arg]
        handed = tuple((key, found) for key, node in arguments
                       if isinstance(node, ast.Name) and node.id in known and (found := self.ref(node)) is not None)
        if not handed:
            return
        name = dotted(call.func) if isinstance(call.func, (ast.Name, ast.Attribute)) else ""
        if name and name.partition(".")[0] in known:
            return  # `app.register_blueprint(bp)`: the adapters' registration calls
        dynamic = not name or name.partition(".")[0] in self.loop_sources or any(
            name.partition(".")[0] in params for params in self.params)
        callee = None if dynamic else self.ref(call.func)
        self.handing_calls.append(HandingCall(callee, call.lineno, handed))

    def known_object_names(self) -> set[str]:
        """Plain names of this file's apps and routers, and the names apps are usually passed as."""
        return {o.key.rsplit(".", 1)[-1].partition("@")[0] for o in self.objects} | set(APP_ARGUMENT_NAMES)

    def passes_app(self, call: ast.Call) -> bool:
        """True when a call hands over an app or router (`register_debug_routes(app)`)."""
        known = self.known_object_names()
        return any(isinstance(a, ast.Name) and a.id in known for a in call.args)

    def add_guard(self, target_node: ast.expr, hook: str, line: int) -> None:
        """A guard or before-request hook protecting the object `target_node` names."""
        target = self.ref(target_node)
        if target is not None and hook:
            self.guards.append(GuardDecl(target, hook, line))


def _may_list_routes(value: ast.expr) -> bool:
    """A returned value that may be route entries: a list, a `+` of lists, or an entry call."""
    if isinstance(value, (ast.List, ast.Tuple, ast.BinOp)):
        return True
    return isinstance(value, ast.Call) and any(entry_key(value) in a.entries for a in ADAPTERS.values())


def _empty_list(node: ast.expr | None) -> bool:
    """`[]` or `list()`."""
    return (isinstance(node, ast.List) and not node.elts
            or isinstance(node, ast.Call) and dotted(node.func) == "list" and not node.args)


def _uses_getattr(node: ast.expr) -> bool:
    """True when an attribute chain goes through `getattr(x, "name")`."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"


def _literal_arguments(function: FunctionNode, call: ast.Call,
                       string_of: Callable[[ast.expr], str | None]) -> dict[str, ast.expr]:
    """The parameters of `function` that `call` gives a known string, bound to it."""
    params = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    given = [(params[i], arg) for i, arg in enumerate(call.args[:len(params)]) if not isinstance(arg, ast.Starred)]
    given += [(k.arg, k.value) for k in call.keywords if k.arg]
    found = {}
    for name, node in given:
        text = string_of(node)
        if text is not None:
            found[name] = ast.Constant(value=text)
    return found


def _restore(bindings: dict[str, ast.expr], saved: dict[str, ast.expr | None]) -> None:
    """Put loop bindings back as they were before a loop."""
    for name, value in saved.items():
        if value is None:
            bindings.pop(name, None)
        else:
            bindings[name] = value


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _rebound_names(tree: ast.Module) -> dict[str, int]:
    """Module-level names assigned more than once (not counting `x = f(x)`), with the line of
    their last assignment."""
    assigned: dict[str, list[tuple[int, ast.expr]]] = {}
    stack = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ast.Assign or kind is ast.AnnAssign:
            targets = node.targets if kind is ast.Assign else [node.target]  # type: ignore[attr-defined]
            if node.value is not None and len(targets) == 1 and type(targets[0]) is ast.Name:  # type: ignore[attr-defined]
                assigned.setdefault(targets[0].id, []).append((node.lineno, node.value))  # type: ignore[attr-defined]
        elif kind not in BLOCKLESS_STATEMENTS and kind not in _DEFINITIONS:
            for block in reversed(list(nested_blocks(node))):
                stack.extend(reversed(block))
    found: dict[str, int] = {}
    for name, bindings in assigned.items():
        lines = [line for line, value in bindings if not _mentions(value, name)] if len(bindings) > 1 else []
        if len(lines) > 1:
            found[name] = max(lines)
    return found


def _mentions(value: ast.expr, name: str) -> bool:
    """True when expression `value` reads the name `name`."""
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(value))


def _returns_early(statement: ast.stmt) -> bool:
    """`if <cond>: return` (or raise) with no else branch."""
    return (isinstance(statement, ast.If) and not statement.orelse and bool(statement.body)
            and isinstance(statement.body[-1], (ast.Return, ast.Raise)))


class _VisibleValues(Mapping[str, ast.expr]):
    """Loop values, then the values the current function's local names hold so far, by name."""

    def __init__(self, visitor: RouteVisitor) -> None:
        self.visitor = visitor

    def __getitem__(self, name: str) -> ast.expr:
        found = self.visitor.loop_values.get(name)
        if found is None and self.visitor.scope:
            found = self.visitor.bound.get(self.visitor.key(name))
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.visitor.loop_values)

    def __len__(self) -> int:
        return len(self.visitor.loop_values)


def _parameters(node: FunctionNode) -> dict[str, str]:
    args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
    return {a.arg: dotted(a.annotation) if a.annotation is not None else "" for a in args}


def _dependency_calls(node: ast.AST | None) -> Iterator[ast.Call]:
    if node is None:
        return
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and last_name(dotted(sub.func)) in DEPENDENCY_CALLS:
            yield sub


def _ends_with_abort(body: list[ast.stmt]) -> bool:
    last = body[-1] if body else None
    return isinstance(last, ast.Expr) and last_name(callee(last.value)) == "abort"


def list_operands(value: ast.expr) -> list[ast.expr]:
    """The operands of `[...] + [...] + other`, left to right (iteratively: chains can be long)."""
    found: list[ast.expr] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            stack.extend((node.right, node.left))
        else:
            found.append(node)
    return found


def entry_key(item: ast.expr) -> str:
    """What an adapter's `entries` are keyed by: a call's callee last name, or a marker for tuples
    and plain references ("" for anything else)."""
    if isinstance(item, ast.Call):
        return last_name(callee(item))
    if isinstance(item, ast.Tuple):
        return TUPLE_ENTRY
    if isinstance(item, (ast.Name, ast.Attribute, ast.Starred)):
        return NAME_ENTRY
    return ""


def list_items(value: ast.expr) -> list[ast.expr]:
    """The items of the list literals of `[...] + [...] + other`."""
    return [item for node in literal_lists(value) for item in node.elts]


def literal_lists(value: ast.expr) -> list[ast.List | ast.Tuple]:
    """The list literals of `[...] + [...] + other`, left to right (iteratively: chains can be long)."""
    found: list[ast.List | ast.Tuple] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.List, ast.Tuple)):
            found.append(node)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            stack.extend((node.right, node.left))
    return found
