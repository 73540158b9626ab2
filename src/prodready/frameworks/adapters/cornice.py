"""Cornice (on Pyramid): `svc = Service(name=, path=)` with `@svc.get()`/`@svc.post()`... and
`svc.add_view("GET", view)`; `@resource(collection_path=, path=)` classes answering through
`collection_get`, `get`, `put`...; kinto.core resources (`@resource.register(name=, plural_path=,
object_path=, plural_methods=, object_methods=)` on a `Resource` subclass, the older
`collection_path=`/`record_path=`, or `register_resource(Cls, ...)`), answering through the methods
the class or its bases define (`plural_get`, `get`, ...); services are mounted by the
`config.scan(...)` that reaches their module, or by `config.add_cornice_service(svc)`. A GET view
answers HEAD too, unless HEAD has its own view."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.adapters.pyramid import configurator, permission
from prodready.frameworks.astutil import argument, dotted, function_span, keyword, last_name, literal_str, str_items
from prodready.frameworks.facts import Dependency, ObjectDecl, Ref, RouteDecl
from prodready.frameworks.registry import Adapter, FunctionNode, register

FRAMEWORK = "cornice"
SERVICE = "Service"
RESOURCE, VIEW = "resource", "view"
VERBS = ("get", "post", "put", "delete", "patch", "options")
COLLECTION = "collection_"
REGISTER, REGISTER_CALL = "register", "register_resource"  # kinto.core's `@resource.register(...)`
ENDPOINTS = (  # (path keyword, methods keyword, default path, default methods, view method prefix)
    ("plural_path", "plural_methods", "/{resource_name}s", ("HEAD", "GET", "POST", "DELETE"), "plural_"),
    ("object_path", "object_methods", "/{resource_name}s/{{id}}", ("GET", "PUT", "PATCH", "DELETE"), ""),
)
OLD_KEYWORDS = {"plural_path": "collection_path", "object_path": "record_path",
                "plural_methods": "collection_methods", "object_methods": "record_methods"}


def methods_of(verb: str, separate_head: bool = False) -> tuple[str, ...]:
    """The HTTP methods a Cornice view of `verb` answers (GET views answer HEAD too, unless HEAD
    has a view of its own: `separate_head`)."""
    return ("GET", "HEAD") if verb.lower() == "get" and not separate_head else (verb.upper(),)


def service(visitor: Any, node: ast.expr) -> tuple[Ref, str] | None:
    """The Cornice service `node` names (`svc = Service(name=..., path=...)` here or at module
    level) and its path; the service is recorded as a router the first time it is seen."""
    if not isinstance(node, ast.Name):
        return None
    for key in dict.fromkeys((visitor.key(node.id), node.id)):
        made = visitor.bound.get(key)
        if isinstance(made, ast.Call) and last_name(dotted(made.func)) == SERVICE:
            path = visitor.path_text(argument(made, 1, "path"))
            if path is None:
                return None
            if key not in {o.key for o in visitor.objects}:
                visitor.objects.append(ObjectDecl(key, "router", FRAMEWORK, made.lineno, made.end_lineno or made.lineno,
                                                  scanned=True))
            return Ref(node.id, visitor.scope_name), path
    return None


def service_view(visitor: Any, function: FunctionNode, decorator: ast.expr) -> bool:
    """`@svc.get(permission=...)` on a view function."""
    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in VERBS):
        return False
    found = service(visitor, decorator.func.value)
    if found is None:
        return False
    owner, path = found
    decorators = (visitor.decorator_dependencies(function.decorator_list, decorator)
                  + permission(visitor, keyword(decorator, "permission"), decorator.lineno))
    visitor.routes.append(RouteDecl(owner, FRAMEWORK, methods_of(decorator.func.attr), path, decorator.lineno,
                                    handler=visitor.key(function.name), span=function_span(function),
                                    decorators=decorators, conditions=tuple(visitor.conditions),
                                    body_conditions=visitor.body_conditions(function)))
    return True


def add_view(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`svc.add_view("GET", view, permission=...)`; Pyramid's `config.add_view(view, ...)` passes."""
    verb = literal_str(call.args[0]) if call.args else None
    if not verb or verb.lower() not in VERBS:
        return False
    found = service(visitor, owner)
    if found is None:
        return False
    ref, path = found
    visitor.add_route(ref, FRAMEWORK, methods_of(verb), path, call, argument(call, 1, "view"),
                      decorators=permission(visitor, keyword(call, "permission"), call.lineno))
    return True


def add_cornice_service(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`config.add_cornice_service(svc)`."""
    target = argument(call, 0, "service")
    found = service(visitor, target) if target is not None else None
    visitor.add_mount(configurator(visitor, owner, True), found[0] if found else visitor.ref(target),
                      FRAMEWORK, call, "")
    return True


def _resource_path(method: str) -> tuple[str, str] | None:
    """(path keyword, verb) a resource method answers: `collection_get` -> ("collection_path", "get")."""
    if method in VERBS:
        return "path", method
    if method.startswith(COLLECTION) and method[len(COLLECTION):] in VERBS:
        return "collection_path", method[len(COLLECTION):]
    return None


def _method_permissions(visitor: Any, method: FunctionNode) -> tuple[Dependency, ...]:
    """`@view(permission=...)` on a resource method."""
    return tuple(dep for d in method.decorator_list
                 if isinstance(d, ast.Call) and last_name(dotted(d.func)) == VIEW
                 for dep in permission(visitor, keyword(d, "permission"), d.lineno))


def resource_class(visitor: Any, cls: ast.ClassDef) -> None:
    """`@resource(collection_path="/users", path="/users/{id}")`: one route per verb method."""
    for decorator in cls.decorator_list:
        if not (isinstance(decorator, ast.Call) and last_name(dotted(decorator.func)) == RESOURCE):
            continue
        paths = {name: visitor.path_text(keyword(decorator, name)) for name in ("collection_path", "path")}
        if not any(p is not None for p in paths.values()):
            continue
        owner = Ref(visitor.key(cls.name))
        visitor.objects.append(ObjectDecl(owner.text, "router", FRAMEWORK, decorator.lineno,
                                          decorator.end_lineno or decorator.lineno, scanned=True))
        for method in cls.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            served = _resource_path(method.name)
            path = paths.get(served[0]) if served else None
            if served is None or path is None:
                continue
            decorators = (visitor.decorator_dependencies(method.decorator_list, decorator)
                          + permission(visitor, keyword(decorator, "permission"), decorator.lineno)
                          + _method_permissions(visitor, method))
            visitor.routes.append(RouteDecl(owner, FRAMEWORK, methods_of(served[1]), path, decorator.lineno,
                                            handler=f"{owner.text}.{method.name}", span=function_span(method),
                                            decorators=decorators, conditions=tuple(visitor.conditions),
                                            body_conditions=visitor.body_conditions(method)))


def _is_register(visitor: Any, decorator: ast.expr) -> bool:
    """`@resource.register(...)`, or a bare `@register(...)` imported from a `resource` module."""
    if not isinstance(decorator, ast.Call):
        return False
    name = dotted(decorator.func)
    if name.endswith(f"{RESOURCE}.{REGISTER}"):
        return True
    binding = visitor.imports.binding(name) if name == REGISTER else None
    return binding is not None and binding.attr == REGISTER and last_name(binding.module) == RESOURCE


def _endpoint_path(visitor: Any, node: ast.expr | None, default: str, name: str) -> str | None:
    """An endpoint's path as kinto.core formats it: `{resource_name}` filled, `{{id}}` -> `{id}`;
    None for `object_path=None`."""
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    pattern = visitor.path_text(node) if node is not None else default
    if pattern is None:
        return None
    return pattern.replace("{resource_name}", name).replace("{{", "{").replace("}}", "}")


def _resource_routes(visitor: Any, call: ast.Call, cls: str, owner: Ref) -> None:
    """The routes of one kinto.core resource registration of class `cls` on `owner`, recorded
    as a scanned router."""
    settings = {kw.arg: kw.value for kw in call.keywords if kw.arg}
    old = any(keyword in settings for keyword in OLD_KEYWORDS.values())
    name = literal_str(settings.get("name")) or last_name(cls).lower()
    visitor.objects.append(ObjectDecl(owner.text, "router", FRAMEWORK, call.lineno, call.end_lineno or call.lineno,
                                      scanned=True))
    for path_keyword, methods_keyword, default_path, default_methods, prefix in ENDPOINTS:
        if old:
            path_keyword, methods_keyword = OLD_KEYWORDS[path_keyword], OLD_KEYWORDS[methods_keyword]
            prefix = COLLECTION if prefix else prefix
        path = _endpoint_path(visitor, settings.get(path_keyword), default_path, name)
        verbs = str_items(settings[methods_keyword]) if methods_keyword in settings else default_methods
        if path is None:
            continue
        upper = [verb.upper() for verb in verbs]
        for verb in upper:
            served = methods_of(verb, "HEAD" in upper)
            visitor.routes.append(RouteDecl(owner, FRAMEWORK, served, path, call.lineno,
                                            handler_ref=Ref(cls, visitor.scope_name),
                                            actions=tuple((prefix + verb.lower(), m) for m in served),
                                            conditions=tuple(visitor.conditions)))


def register_decorator(visitor: Any, cls: ast.ClassDef) -> None:
    """`@resource.register(name="bucket", plural_path="/buckets", object_path="/buckets/{{id}}")`:
    one route per endpoint method, served by the class's (or its bases') `plural_get`, `get`, ..."""
    for decorator in cls.decorator_list:
        if _is_register(visitor, decorator):
            _resource_routes(visitor, decorator, cls.name, Ref(visitor.key(cls.name)))  # type: ignore[arg-type]


def register_call(visitor: Any, call: ast.Call) -> None:
    """`register_resource(Bucket, name="bucket", plural_path=...)` for a class (not a parameter:
    the decorator's own body hands its argument on)."""
    target = call.args[0] if call.args else None
    if last_name(dotted(call.func)) != REGISTER_CALL or not isinstance(target, (ast.Name, ast.Attribute)):
        return
    head = dotted(target).split(".")[0]
    if any(head in params for params in visitor.params) or any(kw.arg is None for kw in call.keywords):
        return
    _resource_routes(visitor, call, dotted(target), Ref(visitor.key(f"<resource@{call.lineno}>")))


CORNICE = register(
    Adapter(
        framework=FRAMEWORK,
        import_roots=(FRAMEWORK,),
        constructors={},
        calls={"add_view": add_view, "add_cornice_service": add_cornice_service},
        decorators=(service_view,),
        classes=(resource_class, register_decorator),
        call_statements=(register_call,),
        hints=("Service(", "resource(", "add_cornice_service", "resource.register(", "register_resource("),
    )
)
