"""Django REST framework: `DefaultRouter()`/`SimpleRouter()` with `router.register(prefix, ViewSet)`
(a list route and a detail route, served by the actions the ViewSet defines or inherits; the
DefaultRouter's API root), `router.urls` included in urlpatterns, `ViewSet.as_view({"get": "list"})`
and `APIView` methods (as Django views).

A ViewSet's extra actions (`@action(detail=True, methods=["post"], url_path="accept")`) are routes
of the class itself, a router object mounted under the prefix each `register` gives it: `accept/`
(or `<pk>/accept/` for a detail action), GET unless `methods=` says otherwise."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.astutil import argument, dotted, function_span, is_true, keyword, last_name, literal_str, str_items
from prodready.frameworks.facts import Ref, RouteDecl
from prodready.frameworks.registry import Adapter, FunctionNode, register

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")
LIST_ACTIONS = (("list", "GET"), ("create", "POST"))
DETAIL_ACTIONS = (("retrieve", "GET"), ("update", "PUT"), ("partial_update", "PATCH"), ("destroy", "DELETE"))
ALL_ACTIONS = tuple(action for action, _ in (*LIST_ACTIONS, *DETAIL_ACTIONS))
INHERITED = {  # DRF base class -> the actions / HTTP handler methods it provides
    "ModelViewSet": ALL_ACTIONS, "ReadOnlyModelViewSet": ("list", "retrieve"),
    "GenericViewSet": (), "ViewSet": (), "ViewSetMixin": (), "APIView": (), "GenericAPIView": (),
    "ListModelMixin": ("list",), "CreateModelMixin": ("create",), "RetrieveModelMixin": ("retrieve",),
    "UpdateModelMixin": ("update", "partial_update"), "DestroyModelMixin": ("destroy",),
    "CreateAPIView": ("post",), "ListAPIView": ("get",), "RetrieveAPIView": ("get",), "DestroyAPIView": ("delete",),
    "UpdateAPIView": ("put", "patch"), "ListCreateAPIView": ("get", "post"),
    "RetrieveUpdateAPIView": ("get", "put", "patch"), "RetrieveDestroyAPIView": ("get", "delete"),
    "RetrieveUpdateDestroyAPIView": ("get", "put", "patch", "delete"),
}
ACTION_DECORATORS = ("action",)  # rest_framework.decorators.action
ROOTS = ("rest_framework", "rest_framework_nested", "rest_framework_extensions")
ROUTER_CLASSES = ("DefaultRouter", "SimpleRouter", "ExtendedDefaultRouter", "ExtendedSimpleRouter",
                  "NestedSimpleRouter", "NestedDefaultRouter")


def viewset_actions(view: ast.expr | None) -> tuple[tuple[str, str], ...]:
    """`ViewSet.as_view({"get": "list", "post": "create"})` -> (("list", "GET"), ("create", "POST"))."""
    if not (isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute) and view.func.attr == "as_view"):
        return ()
    mapping = view.args[0] if view.args else keyword(view, "actions")
    if not isinstance(mapping, ast.Dict):
        return ()
    found = []
    for verb, action in zip(mapping.keys, mapping.values):
        verb_text, action_text = literal_str(verb), literal_str(action)
        if verb_text and action_text and verb_text.lower() in HTTP_VERBS:
            found.append((action_text, verb_text.upper()))
    return tuple(found)


def register_viewset(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`router.register(r"users", UserViewSet, basename="user")`: `users/` and `users/<pk>/`."""
    given = argument(call, 0, "prefix")
    prefix = visitor.path_text(given)
    viewset = argument(call, 1, "viewset")
    router = visitor.ref(owner)
    if prefix is None or viewset is None or router is None or _names_a_class(given):
        return False  # `container.register(IUserService, ORMUserService)`: a DI container, not a router
    _custom_router(visitor, owner)
    base = prefix.strip("^$").rstrip("/")
    for path, actions in ((f"{base}/", LIST_ACTIONS), (f"{base}/<pk>/", DETAIL_ACTIONS)):
        visitor.add_route(router, "drf", tuple(http for _, http in actions), path, call, viewset, actions=actions)
    visitor.add_mount(router, visitor.ref(viewset), "drf", call, base)  # its extra actions, when it has any
    return True


def _names_a_class(node: ast.expr | None) -> bool:
    """True for a CamelCase name (`IUserService`, `services.Mailer`): a class, never a URL prefix."""
    name = last_name(dotted(node)) if isinstance(node, (ast.Name, ast.Attribute)) else ""
    return name[:1].isupper() and any(c.islower() for c in name)


def _custom_router(visitor: Any, owner: ast.expr) -> None:
    """`router = WopiRouter()` of a project's own router class (`class WopiRouter(DefaultRouter)`,
    which a single file cannot see): a router object, known by the ViewSets registered on it."""
    value = visitor.value_of(owner)
    if not (isinstance(owner, ast.Name) and isinstance(value, ast.Call) and last_name(dotted(value.func)).endswith("Router")):
        return
    key = visitor.key(visitor.visible_name(owner.id))
    if not any(o.key == key for o in visitor.objects):
        visitor.add_object(visitor.visible_name(owner.id), "router", "drf", value)


def _action_call(visitor: Any, decorator: ast.expr) -> ast.Call | None:
    """The `@action(...)` call (`action` or `decorators.action` of rest_framework), else None."""
    if not isinstance(decorator, ast.Call):
        return None
    name = dotted(decorator.func)
    binding = visitor.imports.binding(name.split(".")[0]) if name else None
    if binding is None or binding.module.split(".")[0] not in ROOTS:
        return None
    return decorator if last_name(name) in ACTION_DECORATORS else None


def viewset_class(visitor: Any, cls: ast.ClassDef) -> None:
    """A class with `@action` methods: a router object of its extra actions."""
    if any(_action_call(visitor, d) is not None for item in cls.body
           if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) for d in item.decorator_list):
        visitor.add_object(cls.name, "router", "drf", cls)


def extra_action(visitor: Any, function: FunctionNode, decorator: ast.expr) -> bool:
    """`@action(detail=True, methods=["get"], url_path="timeline")` on a method of a ViewSet."""
    call = _action_call(visitor, decorator)
    owner = visitor.scope_name
    if call is None or not any(o.key == owner and o.framework == "drf" for o in visitor.objects):
        return False
    segment = visitor.path_text(keyword(call, "url_path")) or function.name
    path = f"<pk>/{segment.strip('/')}/" if is_true(keyword(call, "detail")) else f"{segment.strip('/')}/"
    methods = tuple(m.upper() for m in str_items(keyword(call, "methods"))) or ("GET",)
    visitor.routes.append(RouteDecl(
        Ref(owner), "drf", methods, path, decorator.lineno, handler=visitor.key(function.name),
        span=function_span(function), decorators=visitor.decorator_dependencies(function.decorator_list, decorator),
        conditions=tuple(visitor.conditions), body_conditions=visitor.body_conditions(function),
    ))
    return True


def api_root(visitor: Any, call: ast.Call, made: Any) -> None:
    """`DefaultRouter()` also serves its API root view (GET, at the prefix it is included under),
    located where `router.urls` is included (LABELS.md)."""
    if isinstance(call.func, (ast.Name, ast.Attribute)) and (call.func.id if isinstance(call.func, ast.Name)
                                                              else call.func.attr) == "DefaultRouter":
        visitor.add_route(made, "drf", ("GET",), "", call, call.func, at_mount=True)


DRF = register(
    Adapter(
        framework="drf",
        import_roots=ROOTS,
        constructors={name: "router" for name in ROUTER_CLASSES},
        needs_import=frozenset(ROUTER_CLASSES),
        calls={"register": register_viewset},
        classes=(viewset_class,),
        decorators=(extra_action,),
        constructed=api_root,
        handler_methods={verb: (verb.upper(),) for verb in HTTP_VERBS},
        self_attributes=("urls",),
        inherited=INHERITED,
        hints=("DefaultRouter", "SimpleRouter", "@action", "action(detail"),
    )
)
