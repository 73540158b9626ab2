"""Flask-RESTX / Flask-RESTPlus / Flask-RESTful: `Api(app)`, `Namespace(name, path=)`,
`@ns.route("/x")` on Resource classes, `api.add_namespace(ns, path=)`, `api.add_resource(R, "/x")`."""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.astutil import argument, function_span
from prodready.frameworks.facts import RouteDecl
from prodready.frameworks.registry import Adapter, register

RESOURCE_METHODS = ("get", "post", "put", "delete", "patch", "head", "options")


def add_namespace(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`api.add_namespace(ns, path="/x")`."""
    parent = visitor.ref(owner)
    prefix = visitor.path_text(argument(call, 1, "path"))
    for child in visitor.refs(argument(call, 0, "ns")):
        visitor.add_mount(parent, child, "flask-restx", call, prefix)
    return True


def add_resource(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`api.add_resource(Resource, "/x")`."""
    visitor.add_registered_route(owner, call, argument(call, 1, "urls"), argument(call, 0, "resource"), ())
    return True


def resource_class(visitor: Any, cls: ast.ClassDef) -> None:
    """`@ns.route("/x")` on a Resource class: one route per HTTP-method handler."""
    for decorator in cls.decorator_list:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "route"):
            continue
        path = visitor.path_text(argument(decorator, 0, "path", "rule"))
        owner = visitor.ref(decorator.func.value)
        if path is None or owner is None:
            continue
        for method in cls.body:
            if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and method.name in RESOURCE_METHODS:
                visitor.routes.append(RouteDecl(
                    owner, "", (method.name.upper(),), path, decorator.lineno,
                    handler=f"{visitor.key(cls.name)}.{method.name}", span=function_span(method),
                    decorators=visitor.decorator_dependencies(cls.decorator_list + method.decorator_list, decorator),
                    conditions=tuple(visitor.conditions), body_conditions=visitor.body_conditions(method),
                ))


FLASK_RESTX = register(
    Adapter(
        framework="flask-restx",
        import_roots=("flask_restx", "flask_restplus", "flask_restful"),
        constructors={"Api": "app", "Namespace": "router"},
        prefix_keywords=("path",),
        needs_import=frozenset({"Api", "Namespace"}),
        prefix_replaced_by_mount=True,
        prefix_from_name=True,
        calls={"add_namespace": add_namespace, "add_resource": add_resource},
        classes=(resource_class,),
        hints=("Namespace", "add_resource"),
    )
)
