"""The framework adapter registry: what each framework calls its apps and routers, and the route
shapes (decorators, registration calls, list entries, handler classes) it owns.

An adapter module under `frameworks/adapters/` builds one `Adapter` and `register`s it; the shared
`frameworks.visitor.RouteVisitor` walks a file once and hands each statement shape to the adapters'
hooks. Hooks receive the visitor (typed `Any` here: the visitor imports this registry).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from prodready.engine.imports import FileImports

HTTP_METHOD_DECORATORS = ("get", "post", "put", "delete", "patch", "options", "head", "trace")
TUPLE_ENTRY = "<tuple>"  # the `entries` key of a route list's tuple items (Tornado's `(r"/x", Handler)`)
NAME_ENTRY = "<name>"  # the `entries` key of its plain references (Litestar's `route_handlers=[health]`)
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

CallHook = Callable[[Any, ast.expr, ast.Call], bool]  # (visitor, owner node, call) -> handled
DecoratorHook = Callable[[Any, FunctionNode, ast.expr], bool]  # (visitor, function, decorator) -> handled
ClassHook = Callable[[Any, ast.ClassDef], None]  # (visitor, class)
EntryHook = Callable[[Any, Any, Any], None]  # (visitor, owner Ref, entry: a call, a tuple or a reference)
ListTest = Callable[[Any, str, frozenset[str]], bool]  # (visitor, list name, entry callee names and markers)
ConstructedHook = Callable[[Any, ast.Call, Any], None]  # (visitor, constructor call, Ref to the object)
StatementHook = Callable[[Any, ast.Call], None]  # (visitor, call statement of any callee)
AssignHook = Callable[[Any, str, ast.expr, ast.stmt], None]  # (visitor, module-level name, value, statement)
ModuleHook = Callable[[Any, ast.Module], None]  # (visitor, module), before its statements are visited
AssignedCallHook = Callable[[Any, str, ast.Call], bool]  # (visitor, key of the name bound, call) -> handled
PARAMETER_APP = "<app>"  # `<function>.<app>`: the app a function is handed (mounted where it is called with one)
SCAN_ALL = ".*"  # a mount child "pkg.*": every object of package `pkg` (Pyramid's `config.scan("pkg")`)


@dataclass(frozen=True)
class Adapter:
    """One framework: its app and router constructors, how it names prefixes, and its route shapes."""

    framework: str
    import_roots: tuple[str, ...]
    constructors: Mapping[str, str]  # class name -> "app" or "router"
    prefix_keywords: tuple[str, ...] = ()
    needs_import: frozenset[str] = field(default_factory=frozenset)  # names too generic to trust alone
    prefix_replaced_by_mount: bool = False  # Flask: register_blueprint(url_prefix=) replaces it
    prefix_from_name: bool = False  # Flask-RESTX: Namespace("users") is served under /users
    calls: Mapping[str, CallHook] = field(default_factory=dict)  # `owner.<method>(...)` statements
    decorators: tuple[DecoratorHook, ...] = ()  # decorators of functions other than `@owner.get(...)`
    classes: tuple[ClassHook, ...] = ()  # class statements (resources, controllers, handler classes)
    entries: Mapping[str, EntryHook] = field(default_factory=dict)  # callee last name (or an entry marker) -> hook
    lists: ListTest | None = None  # does `name = [entries...]` hold this framework's route entries
    constructed: ConstructedHook | None = None  # after an app/router is created (`routes=[...]`)
    handler_methods: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # class-based handlers
    self_attributes: tuple[str, ...] = ()  # attributes that stand for the object itself (DRF `router.urls`)
    inherited: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # base class -> handler methods it
    # provides (DRF `ModelViewSet`: list, create, ...; Django `TemplateView`: get); () for a base providing none
    call_statements: tuple[StatementHook, ...] = ()  # every call statement (`add_routes(config)` helpers)
    assignments: tuple[AssignHook, ...] = ()  # module-level `name = value` (a path table `ROUTES = {...}`)
    modules: tuple[ModuleHook, ...] = ()  # the whole module, once (Django settings: constants, MIDDLEWARE)
    call_assignments: tuple[AssignedCallHook, ...] = ()  # `name = call(...)` / `self.name = call(...)` of other shapes
    hints: tuple[str, ...] = ()  # literal words without which a file cannot use this framework


ADAPTERS: dict[str, Adapter] = {}


def register(adapter: Adapter) -> Adapter:
    """Add an adapter to the registry (each adapter module calls this once)."""
    ADAPTERS[adapter.framework] = adapter
    return adapter


def app_classes() -> frozenset[str]:
    """Class names that create applications in any registered framework."""
    return frozenset(c for a in ADAPTERS.values() for c, kind in a.constructors.items() if kind == "app")


def constructor(name: str, imports: FileImports) -> tuple[Adapter, str] | None:
    """(adapter, kind) when calling dotted `name` creates an app or router, else None.

    An imported class is known by its own name (`from litestar import Router as R`); a subclass a
    third-party integration ships for the framework (`from dishka.integrations.litestar import
    DishkaRouter`) is the constructor its name ends with.
    """
    head, _, _ = name.partition(".")
    short = name.rsplit(".", 1)[-1]
    binding = imports.binding(head)
    origin = ""
    if binding is not None:
        origin = binding.module if binding.attr is None else f"{binding.module}.{binding.attr}"
        short = binding.attr if binding.attr is not None and "." not in name else short
    inner = _inner_modules(origin)
    for adapter in ADAPTERS.values():
        kind = adapter.constructors.get(short)
        integration = bool(inner) and any(part in adapter.import_roots for part in inner)
        if kind is None and integration:
            kind = next((k for c, k in adapter.constructors.items() if short.endswith(c) and short != c), None)
        if kind is None:
            continue
        if origin and origin.split(".")[0] in adapter.import_roots:
            return adapter, kind
        if integration:
            return adapter, kind
        if not origin and short not in adapter.needs_import and head not in imports.defined:
            return adapter, kind
    return None


def _inner_modules(origin: str) -> list[str]:
    """The module names between a dotted origin's package and its last name (none for `a.b`): one
    named for a framework makes the origin that framework's integration in another package
    (`dishka.integrations.litestar.DishkaRouter`)."""
    return origin.split(".")[1:-1]


def self_attribute(framework: str, attribute: str) -> bool:
    """True when `obj.<attribute>` is the framework object itself for linking (`router.urls`)."""
    adapter = ADAPTERS.get(framework)
    return adapter is not None and attribute in adapter.self_attributes


def inherited_methods(base: str) -> tuple[str, ...] | None:
    """Handler methods a framework base class provides (by its last name), or None when no adapter knows it."""
    for adapter in ADAPTERS.values():
        found = adapter.inherited.get(base)
        if found is not None:
            return found
    return None


def handler_methods(framework: str) -> Mapping[str, tuple[str, ...]]:
    """Method name -> HTTP methods of a framework's class-based handlers (empty when it has none)."""
    adapter = ADAPTERS.get(framework)
    return adapter.handler_methods if adapter is not None else {}
