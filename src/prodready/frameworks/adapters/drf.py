"""Django REST framework: `DefaultRouter()`/`SimpleRouter()` with `router.register(prefix, ViewSet)`
(a list route and a detail route, served by the actions the ViewSet defines or inherits; the
DefaultRouter's API root), `router.urls` included in urlpatterns, `ViewSet.as_view({"get": "list"})`
and `APIView` methods (as Django views)."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.astutil import argument, keyword, literal_str
from prodready.frameworks.registry import Adapter, register

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
    prefix = visitor.path_text(argument(call, 0, "prefix"))
    viewset = argument(call, 1, "viewset")
    router = visitor.ref(owner)
    if prefix is None or viewset is None or router is None:
        return False
    base = prefix.strip("^$").rstrip("/")
    for path, actions in ((f"{base}/", LIST_ACTIONS), (f"{base}/<pk>/", DETAIL_ACTIONS)):
        visitor.add_route(router, "drf", tuple(http for _, http in actions), path, call, viewset, actions=actions)
    return True


def api_root(visitor: Any, call: ast.Call, made: Any) -> None:
    """`DefaultRouter()` also serves its API root view (GET, at the prefix it is included under)."""
    if isinstance(call.func, (ast.Name, ast.Attribute)) and (call.func.id if isinstance(call.func, ast.Name)
                                                              else call.func.attr) == "DefaultRouter":
        visitor.add_route(made, "drf", ("GET",), "", call, call.func)


DRF = register(
    Adapter(
        framework="drf",
        import_roots=("rest_framework", "rest_framework_nested", "rest_framework_extensions"),
        constructors={name: "router" for name in ROUTER_CLASSES},
        needs_import=frozenset(ROUTER_CLASSES),
        calls={"register": register_viewset},
        constructed=api_root,
        handler_methods={verb: (verb.upper(),) for verb in HTTP_VERBS},
        self_attributes=("urls",),
        inherited=INHERITED,
        hints=("DefaultRouter", "SimpleRouter"),
    )
)
