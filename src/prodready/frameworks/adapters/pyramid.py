"""Pyramid: `Configurator()` apps (`with Configurator() as config:` too), named routes
`config.add_route(name, pattern)` served by the views bound to their name (`@view_config(route_name=)`
on functions, methods and classes, `@view_defaults` classes, `config.add_view(view, route_name=)`),
traversal views (`@view_config(name="x")`, `add_view(view, name="x")`), `config.include(...)` with
`route_prefix=` (and `Configurator(route_prefix=)`, under every route), `config.scan(...)` (the
package's decorated views and Cornice services) and helpers handed the configurator
(`add_routes(config)`, `HealthView.configure(config)`).

A classmethod's registrations (`config.add_route(name, cls.route)`, `config.add_view(cls,
route_name=name, request_method=cls.methods)`) are made for the class it is called on: `cls.<attr>`
is kept as an expression that linking reads from that class (`frameworks.classbound`). A route
name held in a local variable binds the views of the same function that use that variable.

A function's configurator parameter is recorded as the object `<function>.config`, so that includes,
scans and helper calls chain it up to the `Configurator` that the application makes.
"""

from __future__ import annotations

import ast
from typing import Any

from prodready.engine.imports import absolute_module
from prodready.frameworks.astutil import argument, dotted, function_span, keyword, last_name, literal_str, str_items
from prodready.frameworks.facts import Dependency, ObjectDecl, Ref, RouteDecl, ViewDecl
from prodready.frameworks.registry import SCAN_ALL, Adapter, FunctionNode, register

FRAMEWORK = "pyramid"
CONFIG = "config"  # the key of a function's configurator parameter ("includeme.config")
CONFIG_PARAMETERS = ("config", "configurator")
INCLUDE_FUNCTION = "includeme"
VIEWS = "<views>"  # a module's traversal views, mounted by the scans that reach the module
VIEW_CONFIG, VIEW_DEFAULTS = "view_config", "view_defaults"
NO_PERMISSION = frozenset({"NO_PERMISSION_REQUIRED", "__no_permission_required__"})
NOT_A_PATH = ("context", "containment")  # traversal views bound to resources or exceptions: no known path
SELF_NAMES = ("self", "cls")
CLS = "cls"


# -- the configurator ---------------------------------------------------------------------
def _object_key(visitor: Any, name: str) -> str:
    """The key of the Pyramid object `name` denotes here ("" when it is none)."""
    keys = {o.key: o.framework for o in visitor.objects}
    for key in (visitor.key(name), name):
        if keys.get(key) == FRAMEWORK:
            return key
    return ""


def _is_parameter(visitor: Any, name: str, claim: bool) -> bool:
    """True when `name` is the enclosing function's configurator parameter: annotated
    `Configurator`, named `config` in an `includeme` or a file importing Pyramid, or any parameter
    a Pyramid-shaped call is made on (`claim`)."""
    if not visitor.params or name not in visitor.params[-1]:
        return False
    if last_name(visitor.params[-1][name]).endswith("Configurator") or claim:
        return True
    return name in CONFIG_PARAMETERS and (
        visitor.scope[-1:] == [INCLUDE_FUNCTION] or visitor.imports_from(FRAMEWORK, "cornice"))


def configurator(visitor: Any, node: ast.expr, claim: bool) -> Ref | None:
    """The configurator `node` names: a Configurator made here, the enclosing function's
    configurator parameter (recorded as `<function>.config`), or, when the call is Pyramid's by its
    shape (`claim`), whatever `node` refers to; None when `node` is not known to be one."""
    if isinstance(node, ast.Name):
        if _object_key(visitor, node.id):
            return Ref(node.id, visitor.scope_name)
        if _is_parameter(visitor, node.id, claim):
            if visitor.key(CONFIG) not in {o.key for o in visitor.objects}:
                visitor.add_object(CONFIG, "router", FRAMEWORK, node)
            return Ref(CONFIG, visitor.scope_name)
    return visitor.ref(node) if claim else None


# -- names, paths and gates ----------------------------------------------------------------
def text_of(visitor: Any, node: ast.expr | None) -> str | None:
    """A string literal or a module-level string constant."""
    if isinstance(node, ast.Name):
        return visitor.constants.get(node.id)
    return literal_str(node)


def _stringy(visitor: Any, node: ast.expr) -> bool:
    """A pattern as Pyramid takes it: a string literal, an f-string, a concatenation or a constant."""
    return (text_of(visitor, node) is not None or isinstance(node, ast.JoinedStr)
            or isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add))


def methods_of(node: ast.expr | None) -> tuple[str, ...]:
    """`request_method="GET"` / `("GET", "HEAD")`; empty means every method."""
    return tuple(m.upper() for m in str_items(node))


def permission(visitor: Any, node: ast.expr | None, line: int) -> tuple[Dependency, ...]:
    """`permission="admin"` as an auth dependency (`NO_PERMISSION_REQUIRED` is none)."""
    if node is None or literal_str(node) in NO_PERMISSION or last_name(dotted(node)) in NO_PERMISSION:
        return ()
    return (Dependency(f"permission={visitor.text.segment(node)}", "permission", visitor.scope_name, line),)


def _views_object(visitor: Any, line: int) -> Ref:
    """The module's traversal views object (created once)."""
    if VIEWS not in {o.key for o in visitor.objects}:
        visitor.objects.append(ObjectDecl(VIEWS, "router", FRAMEWORK, line, line, scanned=True))
    return Ref(VIEWS)


def _local_value(visitor: Any, node: ast.expr | None) -> ast.expr | None:
    """A local variable's `cls.<attr>` value (`path = cls.route`); any other node as it is."""
    if isinstance(node, ast.Name) and visitor.scope:
        value = visitor.bound.get(visitor.key(node.id))
        if _class_attribute(value):
            return value
    return node


def _class_attribute(node: ast.expr | None) -> str:
    """`attr` of `cls.attr` ("" for anything else)."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == CLS:
        return node.attr
    return ""


def route_name_of(visitor: Any, node: ast.expr | None) -> str | None:
    """A route name: a literal or constant, or a function's local variable (its views are the ones
    the same function binds with that variable)."""
    text = text_of(visitor, node)
    if text is None and isinstance(node, ast.Name) and visitor.scope:
        return f"<{visitor.module}.{visitor.key(node.id)}>"
    return text


def _settings(call: ast.Call) -> dict[str, ast.expr]:
    return {kw.arg: kw.value for kw in call.keywords if kw.arg}


# -- views ---------------------------------------------------------------------------------
def view(visitor: Any, settings: dict[str, ast.expr], line: int, handler: str, span: tuple[int, int],
         decorators: tuple[Dependency, ...], function: FunctionNode | None) -> None:
    """One `@view_config`: bound to a named route, or a traversal view at `/<name>`."""
    methods = methods_of(settings.get("request_method"))
    deps = decorators + permission(visitor, settings.get("permission"), line)
    body = visitor.body_conditions(function) if function is not None else ()
    if "route_name" in settings:
        route_name = text_of(visitor, settings["route_name"])
        if route_name:
            visitor.views.append(ViewDecl(route_name, methods, line, handler=handler, span=span, decorators=deps,
                                          conditions=tuple(visitor.conditions), body_conditions=body))
        return
    name = text_of(visitor, settings.get("name")) if "name" in settings else ""
    if name is None or any(key in settings for key in NOT_A_PATH):
        return
    visitor.routes.append(RouteDecl(_views_object(visitor, line), FRAMEWORK, methods, "/" + name, line,
                                    handler=handler, span=span, decorators=deps,
                                    conditions=tuple(visitor.conditions), body_conditions=body))


def _is_view_config(decorator: ast.expr) -> bool:
    return isinstance(decorator, ast.Call) and last_name(dotted(decorator.func)) == VIEW_CONFIG


def view_function(visitor: Any, function: FunctionNode, decorator: ast.expr) -> bool:
    """`@view_config(...)` on a function (methods of view classes are taken by `view_class`)."""
    if not _is_view_config(decorator):
        return False
    taken = any(v.line == decorator.lineno for v in visitor.views) or any(
        r.line == decorator.lineno and r.framework == FRAMEWORK for r in visitor.routes)
    if not taken:
        view(visitor, _settings(decorator), decorator.lineno, visitor.key(function.name),  # type: ignore[arg-type]
             function_span(function), visitor.decorator_dependencies(function.decorator_list, decorator), function)
    return True


def view_class(visitor: Any, cls: ast.ClassDef) -> None:
    """A view class: `@view_defaults(...)` settings for its `@view_config` methods, and
    `@view_config` on the class itself (its `attr=` method, else `__call__`)."""
    defaults: dict[str, ast.expr] = {}
    for decorator in cls.decorator_list:
        if isinstance(decorator, ast.Call) and last_name(dotted(decorator.func)) == VIEW_DEFAULTS:
            defaults = _settings(decorator)
    key = visitor.key(cls.name)
    methods = {m.name: m for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for decorator in cls.decorator_list:
        if _is_view_config(decorator):
            settings = {**defaults, **_settings(decorator)}  # type: ignore[arg-type]
            attr = literal_str(settings.get("attr")) or "__call__"
            method = methods.get(attr)
            view(visitor, settings, decorator.lineno, f"{key}.{attr}" if method else key,
                 function_span(method or cls), visitor.decorator_dependencies(cls.decorator_list, decorator), method)
    for method in methods.values():
        for decorator in method.decorator_list:
            if _is_view_config(decorator):
                view(visitor, {**defaults, **_settings(decorator)}, decorator.lineno,  # type: ignore[arg-type]
                     f"{key}.{method.name}", function_span(method),
                     visitor.decorator_dependencies(method.decorator_list, decorator), method)


# -- configurator calls ----------------------------------------------------------------------
def add_route(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`config.add_route("name", "/pattern", request_method=...)`: served by the views bound to "name"."""
    name, pattern = argument(call, 0, "name"), argument(call, 1, "pattern")
    shaped = text_of(visitor, name) is not None and pattern is not None and _stringy(visitor, pattern)
    config = configurator(visitor, owner, shaped)
    if config is None:
        return False
    route_name, path = route_name_of(visitor, name), visitor.path_text(_local_value(visitor, pattern))
    if route_name and path is not None:
        visitor.routes.append(RouteDecl(config, FRAMEWORK, methods_of(keyword(call, "request_method")), path,
                                        call.lineno, name=route_name, conditions=tuple(visitor.conditions),
                                        view_name=route_name))
    return True


def add_view(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`config.add_view(view, route_name="x", attr=..., request_method=..., permission=...)`, or a
    traversal view `config.add_view(view, name="favicon.ico")`."""
    settings = _settings(call)
    config = configurator(visitor, owner, "route_name" in settings)
    target = argument(call, 0, "view")
    if config is None:
        return False
    dotted_view = literal_str(target)  # add_view("shop.views.home") / add_view(".views:home")
    handler = (Ref(_module_name(visitor, dotted_view).replace(":", "."), absolute=True) if dotted_view
               else visitor.ref(target))
    if handler is None:
        return True
    attr = literal_str(settings.get("attr")) or ""
    requested = _local_value(visitor, settings.get("request_method"))
    if isinstance(requested, ast.Call):  # computed methods (`tuple(unsupported)`) are not guessed
        return True
    methods = methods_of(requested)
    deps = permission(visitor, settings.get("permission"), call.lineno)
    if "route_name" in settings:
        route_name = route_name_of(visitor, settings["route_name"])
        if route_name:
            visitor.views.append(ViewDecl(route_name, methods, call.lineno, handler_ref=handler, attr=attr,
                                          methods_attribute=_class_attribute(requested),
                                          decorators=deps, conditions=tuple(visitor.conditions)))
        return True
    name = text_of(visitor, settings.get("name")) if "name" in settings else ""
    if name is None or any(key in settings for key in NOT_A_PATH):
        return True
    if attr:
        handler = Ref(f"{handler.text}.{attr}", handler.scope, parameter=handler.parameter)
    visitor.routes.append(RouteDecl(config, FRAMEWORK, methods, "/" + name, call.lineno, handler_ref=handler,
                                    decorators=deps, conditions=tuple(visitor.conditions)))
    return True


def _module_name(visitor: Any, text: str) -> str:
    """A dotted name as Pyramid reads it: `.views` relative to the calling module's package."""
    level = len(text) - len(text.lstrip("."))
    if not level:
        return text
    return absolute_module(visitor.module, visitor.is_package, level, text[level:] or None)


def _included(visitor: Any, node: ast.expr | None) -> list[Ref]:
    """What `config.include(x)` runs: `includeme(config)` of a module named by a string, or the
    callable/module it is given (both readings of a name are kept; linking keeps the one that exists)."""
    text = literal_str(node)
    if text is not None:
        module, _, function = text.partition(":")
        return [Ref(f"{_module_name(visitor, module)}.{function or INCLUDE_FUNCTION}.{CONFIG}", absolute=True)]
    name = dotted(node) if node is not None else ""
    if not name or name.split(".")[0] in SELF_NAMES:
        return []
    return [Ref(f"{name}.{CONFIG}", visitor.scope_name), Ref(f"{name}.{INCLUDE_FUNCTION}.{CONFIG}", visitor.scope_name)]


def include(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`config.include("pkg.views", route_prefix="/v1")`."""
    config = configurator(visitor, owner, False)
    if config is None:
        return False
    prefix = visitor.path_text(keyword(call, "route_prefix")) or ""
    if prefix and not prefix.startswith("/"):  # Pyramid prefixes are from the root: "v1" serves /v1/...
        prefix = "/" + prefix
    for child in _included(visitor, argument(call, 0, "callable")):
        visitor.add_mount(config, child, FRAMEWORK, call, prefix)
    return True


def scan(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`config.scan()` (the caller's package), `config.scan("pkg.views")`, `config.scan(__name__)`,
    `config.scan(views)`: every scanned object of that package is mounted on the configurator."""
    config = configurator(visitor, owner, False)
    if config is None:
        return False
    target = argument(call, 0, "package")
    text = literal_str(target)
    if target is None:
        package = visitor.module if visitor.is_package else visitor.module.rpartition(".")[0] or visitor.module
        child: Ref | None = Ref(package + SCAN_ALL, absolute=True)
    elif text is not None:
        child = Ref(_module_name(visitor, text) + SCAN_ALL, absolute=True)
    elif isinstance(target, ast.Name) and target.id == "__name__":
        child = Ref(visitor.module + SCAN_ALL, absolute=True)
    else:
        name = dotted(target)
        child = Ref(name + SCAN_ALL, visitor.scope_name) if name else None
    visitor.add_mount(config, child, FRAMEWORK, call, "")
    return True


def helper_call(visitor: Any, call: ast.Call) -> None:
    """`add_routes(config)`: a helper handed the configurator registers on it (its `config` object);
    a class's method handed a `config` parameter (`HealthView.configure(config)`) is taken to be one."""
    callee = dotted(call.func)
    if not callee or callee.split(".")[0] in SELF_NAMES:
        return
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    of_class = isinstance(owner, ast.Name) and owner.id[:1].isupper()
    for arg in call.args:
        if isinstance(arg, ast.Name) and not (isinstance(owner, ast.Name) and owner.id == arg.id):
            config = configurator(visitor, arg, of_class and arg.id in CONFIG_PARAMETERS)
            if config is not None:
                visitor.add_mount(config, Ref(f"{callee}.{CONFIG}", visitor.scope_name), FRAMEWORK, call, "")


PYRAMID = register(
    Adapter(
        framework=FRAMEWORK,
        import_roots=(FRAMEWORK,),
        constructors={"Configurator": "app"},
        prefix_keywords=("route_prefix",),
        calls={"add_route": add_route, "add_view": add_view, "include": include, "scan": scan},
        decorators=(view_function,),
        classes=(view_class,),
        call_statements=(helper_call,),
        hints=("Configurator", "view_config", "add_view", "includeme", ".scan(", ".include(", "(config)"),
    )
)
