"""Dynamic registration (issue 12 point 3): resolved when its inputs are literal, and a route whose
mount cannot be told is still a route, `mount_unresolved` rather than unmounted."""

from __future__ import annotations

from prodready.model.project import ProjectModel


def table(project: ProjectModel) -> set[tuple[str, str, str, str]]:
    """(methods, effective path, handler, mount status) of every route."""
    return {(",".join(r.methods), r.path, r.handler, status(r)) for r in project.routes}


def status(route) -> str:
    if route.mount_unresolved:
        return "unresolved"
    return "mounted" if route.mounted else "unmounted"


ROUTERS = {
    "app/__init__.py": "",
    "app/routers/__init__.py": "",
    **{f"app/routers/{name}.py": f"""\
        from fastapi import APIRouter

        router = APIRouter(prefix="/{name}")


        @router.get("/")
        def list_{name}():
            return []
        """ for name in ("orders", "customers", "invoices", "metrics")},
}


def test_import_module_over_a_literal_list_strings_getattr_and_a_settings_list(linked) -> None:
    project = linked({
        **ROUTERS,
        "app/settings.py": 'ROUTERS = ["app.routers.invoices:router"]\n',
        "app/main.py": """\
            import importlib

            from fastapi import FastAPI
            from werkzeug.utils import import_string

            from app import settings

            app = FastAPI()
            for name in ("orders", "customers"):
                module = importlib.import_module(f"app.routers.{name}")
                app.include_router(module.router, prefix="/api")
            for path in settings.ROUTERS:
                app.include_router(import_string(path), prefix="/api")
            app.include_router(getattr(importlib.import_module(".routers.metrics", __package__), "router"))
            """,
    })
    assert table(project) == {
        ("GET", "/api/orders/", "app.routers.orders.list_orders", "mounted"),
        ("GET", "/api/customers/", "app.routers.customers.list_customers", "mounted"),
        ("GET", "/api/invoices/", "app.routers.invoices.list_invoices", "mounted"),
        ("GET", "/metrics/", "app.routers.metrics.list_metrics", "mounted"),
    }


def test_blueprints_registered_by_loops_over_tuples_and_pairs(linked) -> None:
    views = {f"svc/views/{name}.py": f"""\
        from flask import Blueprint

        bp = Blueprint("{name}", __name__)


        @bp.route("/{name}")
        def show_{name}():
            return "{name}"
        """ for name in ("a", "b", "c", "d")}
    project = linked({
        "svc/__init__.py": """\
            from flask import Flask

            from svc.views import a, b, c, d

            BLUEPRINTS = [(c.bp, "/c-prefix"), (d.bp, "/d-prefix")]


            def create_app():
                app = Flask(__name__)
                for bp in (a.bp, b.bp):
                    app.register_blueprint(bp)
                for bp, prefix in BLUEPRINTS:
                    app.register_blueprint(bp, url_prefix=prefix)
                return app
            """,
        "svc/views/__init__.py": "",
        **views,
    })
    assert table(project) == {
        ("GET", "/a", "svc.views.a.show_a", "mounted"),
        ("GET", "/b", "svc.views.b.show_b", "mounted"),
        ("GET", "/c-prefix/c", "svc.views.c.show_c", "mounted"),
        ("GET", "/d-prefix/d", "svc.views.d.show_d", "mounted"),
    }


def test_unresolvable_registration_leaves_routers_mount_unresolved_not_unmounted(linked) -> None:
    project = linked({
        **ROUTERS,
        "app/main.py": """\
            import importlib
            import os

            from fastapi import FastAPI

            from app.routers import orders

            app = FastAPI()
            app.include_router(orders.router)
            for name in os.environ.get("EXTRA_ROUTERS", "").split(","):
                app.include_router(importlib.import_module(name).router)
            """,
    })
    assert table(project) == {
        ("GET", "/orders/", "app.routers.orders.list_orders", "mounted"),
        ("GET", "/customers/", "app.routers.customers.list_customers", "unresolved"),
        ("GET", "/invoices/", "app.routers.invoices.list_invoices", "unresolved"),
        ("GET", "/metrics/", "app.routers.metrics.list_metrics", "unresolved"),
    }
    assert all(not r.mounted for r in project.routes if r.mount_unresolved)


def test_without_dynamic_registration_an_unreferenced_router_is_unmounted(linked) -> None:
    project = linked({**ROUTERS, "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"})
    assert {status(r) for r in project.routes} == {"unmounted"}


def test_routes_of_an_object_nobody_can_name_are_kept(linked) -> None:
    project = linked({
        "plugins/__init__.py": "",
        "plugins/status.py": """\
            from flask import jsonify


            def register(blueprint):
                @blueprint.route("/status")
                def status():
                    return jsonify(status="ok")

                @blueprint.get("/status/details")
                def details():
                    return jsonify(uptime=1)
            """,
        "plugins/sdk.py": """\
            from fastapi_utils.inferring_router import InferringRouter

            router = InferringRouter()


            @router.get("/sdk/version")
            def version():
                return {"version": "1"}


            @router.get("not-a-path")
            def not_a_route():
                return None
            """,
    })
    assert table(project) == {
        ("GET", "/status", "plugins.status.register.status", "unresolved"),
        ("GET", "/status/details", "plugins.status.register.details", "unresolved"),
        ("GET", "/sdk/version", "plugins.sdk.version", "unresolved"),
    }
    assert {r.framework for r in project.routes} == {"flask", "fastapi"}


def test_paths_formatted_from_loop_values(linked) -> None:
    project = linked({
        "web.py": """\
            from flask import Flask

            from views import items, orders

            app = Flask(__name__)
            for name, view in [("items", items), ("orders", orders)]:
                app.add_url_rule("/api/v1/{}".format(name), view_func=view)
                app.add_url_rule("/api/v2/%s/" % name, view_func=view, methods=["POST"])
            """,
        "views.py": "def items():\n    return []\n\n\ndef orders():\n    return []\n",
    })
    assert table(project) == {
        ("GET", "/api/v1/items", "views.items", "mounted"), ("GET", "/api/v1/orders", "views.orders", "mounted"),
        ("POST", "/api/v2/items/", "views.items", "mounted"), ("POST", "/api/v2/orders/", "views.orders", "mounted"),
    }


def test_a_helper_called_with_literal_module_paths_mounts_each_router(linked) -> None:
    project = linked({
        **ROUTERS,
        "app/main.py": """\
            import importlib

            from fastapi import APIRouter, FastAPI

            app = FastAPI()
            REQUIRED = ("app.routers.orders",)
            OPTIONAL = {"app.routers.customers"}


            def _include(router_path, *, required):
                try:
                    module = importlib.import_module(router_path)
                    router = getattr(module, "router", None)
                    if router is None or not isinstance(router, APIRouter):
                        return
                    app.include_router(router, prefix="/api")
                except Exception:
                    if required:
                        raise


            for name in REQUIRED:
                _include(name, required=True)
            for name in OPTIONAL:
                _include(name, required=False)
            _include("app.routers.invoices", required=False)
            """,
    })
    assert table(project) == {
        ("GET", "/api/orders/", "app.routers.orders.list_orders", "mounted"),
        ("GET", "/api/customers/", "app.routers.customers.list_customers", "mounted"),
        ("GET", "/api/invoices/", "app.routers.invoices.list_invoices", "mounted"),
        ("GET", "/metrics/", "app.routers.metrics.list_metrics", "unmounted"),  # no call names it
    }


def test_routes_on_a_parameter_belong_to_the_router_every_call_hands_it(linked) -> None:
    project = linked({
        "svc/__init__.py": "",
        "svc/views.py": """\
            def register_views(bp, app):

                @bp.route("/database")
                def database():
                    return {}
            """,
        "svc/bp_dev.py": """\
            from flask import Blueprint

            from svc.views import register_views

            bp_dev = Blueprint("development", __name__, url_prefix="/dev")


            def init_app(app):
                register_views(bp_dev, app)
                app.register_blueprint(bp_dev)
            """,
        "svc/app.py": """\
            from flask import Flask

            from svc import bp_dev

            app = Flask(__name__)
            bp_dev.init_app(app)
            """,
    })
    assert table(project) == {("GET", "/dev/database", "svc.views.register_views.database", "mounted")}


def test_a_register_function_nothing_calls_mounts_nothing(linked) -> None:
    files = {
        "app/__init__.py": "",
        "app/mcp.py": """\
            from fastapi import APIRouter, FastAPI

            router = APIRouter(prefix="/mcp")


            def register_mcp(app: FastAPI):
                app.include_router(router)


            @router.post("/test_tool")
            def test_tool():
                return {}
            """,
        "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    }
    assert table(linked(files)) == {("POST", "/mcp/test_tool", "app.mcp.test_tool", "unmounted")}
    called = {**files, "app/main.py": "from fastapi import FastAPI\n\nfrom app.mcp import register_mcp\n\n"
                                      "app = FastAPI()\nregister_mcp(app)\n"}
    assert table(linked(called)) == {("POST", "/mcp/test_tool", "app.mcp.test_tool", "mounted")}
