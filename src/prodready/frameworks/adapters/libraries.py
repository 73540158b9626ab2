"""Routes third-party libraries serve once wired in (the table is `frameworks.library_routes`):
a Django MIDDLEWARE entry (`dockerflow.django.middleware.DockerflowMiddleware`), a class given the
app (`Dockerflow(app)`, or `dockerflow = Dockerflow()` and `dockerflow.init_app(app)`) and a
router the app includes (`app.include_router(dockerflow_router)`).

Each route is recorded at the wiring line on the object that serves it: the ROOT_URLCONF's
urlpatterns for a middleware (its mount unresolved when the settings body names none), the app
for the others; its handler is the library's view."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.adapters.django import assigned_name, settings_bodies, string_settings
from prodready.frameworks.astutil import argument, dotted, keyword, literal_str
from prodready.frameworks.facts import Ref
from prodready.frameworks.library_routes import EXTENSION, MIDDLEWARE, ROOTS, ROUTER, serve, wiring
from prodready.frameworks.registry import Adapter, register

MIDDLEWARE_SETTINGS = ("MIDDLEWARE", "MIDDLEWARE_CLASSES")
UNKNOWN_URLCONF = "<ROOT_URLCONF>"  # a settings body without ROOT_URLCONF: nothing names the urlpatterns


def origin(visitor: Any, node: ast.expr) -> str:
    """The dotted name `node` names through the file's imports ("" when its head is not imported)."""
    head, _, rest = dotted(node).partition(".")
    binding = visitor.imports.binding(head) if head else None
    if binding is None:
        return ""
    base = f"{binding.module}.{binding.attr}" if binding.attr else binding.module
    return f"{base}.{rest}" if rest else base


def middleware(visitor: Any, tree: ast.Module) -> None:
    """MIDDLEWARE entries of a settings module that serve routes, on its ROOT_URLCONF's urlpatterns."""
    for body in settings_bodies(tree):
        root = string_settings(body).get("ROOT_URLCONF")
        owner = Ref(f"{root}.urlpatterns", absolute=True) if root else Ref(UNKNOWN_URLCONF)
        for statement in body:
            if assigned_name(statement) not in MIDDLEWARE_SETTINGS:
                continue
            value = statement.value  # type: ignore[attr-defined]
            for item in value.elts if isinstance(value, (ast.List, ast.Tuple)) else ():
                found = wiring(literal_str(item) or "", MIDDLEWARE)
                if found is not None:
                    serve(visitor, owner, found, "django", item)
    for statement in tree.body:  # dockerflow = Dockerflow(app)
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            extension(visitor, statement.value)


def extension(visitor: Any, call: ast.Call) -> None:
    """`Dockerflow(app)`, `dockerflow.init_app(app)` and `app.include_router(dockerflow_router)`."""
    function = call.func
    if isinstance(function, ast.Attribute) and function.attr == "include_router" and call.args:
        found = wiring(origin(visitor, call.args[0]), ROUTER)
        if found is not None:
            prefix = visitor.path_text(keyword(call, "prefix")) or ""
            serve(visitor, visitor.ref(function.value), found, "", call, prefix)
        return
    made = call
    if isinstance(function, ast.Attribute) and function.attr == "init_app":
        bound = visitor.value_of(function.value)
        made = bound if isinstance(bound, ast.Call) else call
    found = wiring(origin(visitor, made.func), EXTENSION)
    app = argument(call, 0, "app") if found is not None else None
    owner = visitor.ref(app) if app is not None else None  # only for a wiring: `ref` is not free
    if found is not None and owner is not None:
        serve(visitor, owner, found, "", call)


LIBRARIES = register(
    Adapter(
        framework="libraries",
        import_roots=(),
        constructors={},
        modules=(middleware,),
        call_statements=(extension,),
        hints=tuple(sorted(ROOTS)),
    )
)
