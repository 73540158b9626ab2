"""Flask-RESTX / Flask-RESTPlus / Flask-RESTful: `Api(app)`, `Namespace(name, path=)`,
`@ns.route("/x")` on Resource classes, `api.add_namespace(ns, path=)`, `api.add_resource(R, "/x")`."""

from prodready.frameworks.adapters import Adapter, register

FLASK_RESTX = register(
    Adapter(
        framework="flask-restx",
        import_roots=("flask_restx", "flask_restplus", "flask_restful"),
        constructors={"Api": "app", "Namespace": "router"},
        prefix_keywords=("path",),
        needs_import=frozenset({"Api", "Namespace"}),
        prefix_replaced_by_mount=True,
        prefix_from_name=True,
    )
)

RESOURCE_METHODS = ("get", "post", "put", "delete", "patch", "head", "options")
ADD_NAMESPACE = "add_namespace"
ADD_RESOURCE = "add_resource"
