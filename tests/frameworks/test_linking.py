"""Route extraction and linking across modules: effective paths, spans, mounts and gates."""

from __future__ import annotations

from prodready.model.project import ProjectModel, Route


def table(project: ProjectModel) -> set[tuple[str, str, str, str, bool]]:
    """(methods, effective path, handler, handler span, mounted) of every route."""
    return {(",".join(r.methods), r.path, r.handler, r.location.label(), r.mounted) for r in project.routes}


def route(project: ProjectModel, path: str) -> Route:
    """The single route with this effective path."""
    matching = [r for r in project.routes if r.path == path]
    assert len(matching) == 1, project.routes
    return matching[0]


def test_fastapi_nested_routers_prefixes_dependencies_and_tags(linked) -> None:
    project = linked({
        "app/__init__.py": "",
        "app/main.py": """\
            from fastapi import Depends, FastAPI

            from app.api import api_router
            from app.deps import get_db

            app = FastAPI(title="svc")
            app.include_router(api_router, prefix="/api")


            @app.api_route("/ping", methods=["GET", "HEAD"])
            def ping():
                return "pong"
            """,
        "app/deps.py": "def get_db():\n    return None\n",
        "app/api/__init__.py": """\
            from fastapi import APIRouter

            from app.api.endpoints import items

            api_router = APIRouter()
            api_router.include_router(items.router, prefix="/v1", tags=["v1"])
            """,
        "app/api/endpoints/__init__.py": "",
        "app/api/endpoints/items.py": """\
            from fastapi import APIRouter, Depends

            from app.deps import get_db

            router = APIRouter(prefix="/items", tags=["items"], dependencies=[Depends(get_db)])


            def list_items():
                return []


            router.add_api_route("/", list_items, methods=["GET"])


            @router.delete("/{item_id}")
            @router.post("/{item_id}/archive")
            async def remove(item_id: int):
                return None
            """,
    })
    assert table(project) == {
        ("GET", "/api/v1/items/", "app.api.endpoints.items.list_items", "app/api/endpoints/items.py:8-9", True),
        ("DELETE", "/api/v1/items/{item_id}", "app.api.endpoints.items.remove",
         "app/api/endpoints/items.py:15-18", True),
        ("POST", "/api/v1/items/{item_id}/archive", "app.api.endpoints.items.remove",
         "app/api/endpoints/items.py:15-18", True),
        ("GET,HEAD", "/ping", "app.main.ping", "app/main.py:10-12", True),
    }
    items = route(project, "/api/v1/items/")
    assert [m.location.label() for m in items.mounts] == ["app/api/__init__.py:6", "app/main.py:7"]
    assert [m.prefix for m in items.mounts] == ["/v1", "/api"]
    assert items.dependencies == ("Depends(get_db)",)
    assert set(items.tags) == {"items", "v1"} and items.gates == ()
    assert items.router == "app.api.endpoints.items.router"
    assert [a.name for a in project.apps] == ["app.main.app"]


def test_application_factory_and_loop_over_routers(linked) -> None:
    project = linked({
        "routes.py": """\
            from fastapi import APIRouter

            users = APIRouter(prefix="/users")
            orders = APIRouter(prefix="/orders")


            @users.get("")
            def list_users():
                return []


            @orders.get("")
            def list_orders():
                return []
            """,
        "factory.py": """\
            from fastapi import FastAPI

            import routes


            def create_app() -> FastAPI:
                application = FastAPI()
                for router in [routes.users, routes.orders]:
                    application.include_router(router, prefix="/v2")
                return application
            """,
        "main.py": "from factory import create_app\n\napp = create_app()\n",
    })
    assert {(r.path, r.mounted) for r in project.routes} == {("/v2/users", True), ("/v2/orders", True)}


def test_gates_condition_auth_and_guard(linked) -> None:
    project = linked({
        "main.py": """\
            import os

            from fastapi import APIRouter, Depends, FastAPI

            from prodready_kit.guards import dev_only
            from security import get_current_user

            app = FastAPI()
            debug = APIRouter(prefix="/debug")
            admin = APIRouter(prefix="/admin", dependencies=[Depends(get_current_user)])
            tools = APIRouter(prefix="/tools")


            @debug.get("/vars")
            def env_vars():
                return {}


            @admin.get("/stats")
            def stats():
                return {}


            @tools.get("/reset", dependencies=[Depends(dev_only)])
            def reset():
                return {}


            if os.getenv("ENABLE_DEBUG"):
                app.include_router(debug)
            app.include_router(admin)
            app.include_router(tools)
            """,
    })
    gates = {r.path: [(g.kind, g.expression, g.location.label()) for g in r.gates] for r in project.routes}
    assert gates == {
        "/debug/vars": [("condition", 'os.getenv("ENABLE_DEBUG")', "main.py:29")],
        "/admin/stats": [("auth", "Depends(get_current_user)", "main.py:10")],
        "/tools/reset": [("guard", "Depends(dev_only)", "main.py:24")],
    }


def test_flask_blueprints_add_url_rule_and_nested_blueprints(linked) -> None:
    project = linked({
        "app.py": """\
            from flask import Blueprint, Flask

            from views import about

            api = Blueprint("api", __name__, url_prefix="/api")
            v1 = Blueprint("v1", __name__, url_prefix="/v1")


            @v1.get("/items")
            def items():
                return []


            api.register_blueprint(v1)
            app = Flask(__name__)
            app.register_blueprint(api)
            app.add_url_rule("/about", view_func=about)


            @app.route("/submit", methods=["POST", "PUT"])
            def submit():
                return ""
            """,
        "views.py": "def about():\n    return 'about'\n",
    })
    assert table(project) == {
        ("GET", "/api/v1/items", "app.items", "app.py:9-11", True),
        ("GET", "/about", "views.about", "views.py:1-2", True),
        ("POST,PUT", "/submit", "app.submit", "app.py:20-22", True),
    }


def test_starlette_routes_and_app_mount(linked) -> None:
    project = linked({
        "app.py": """\
            from fastapi import FastAPI
            from starlette.applications import Starlette
            from starlette.routing import Mount, Route, Router


            async def status(request):
                return None


            admin = Router(routes=[Route("/status", status)])
            inner = Starlette(routes=[Mount("/admin", app=admin)])
            app = FastAPI()
            app.mount("/legacy", inner)
            """,
    })
    assert {r.path for r in project.routes} == {"/legacy/admin/status"}
    assert all(r.handler == "app.status" and r.location.label() == "app.py:6-7" for r in project.routes)


def test_django_urlpatterns_with_include_and_views(linked) -> None:
    project = linked({
        "proj/__init__.py": "",
        "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
        "proj/urls.py": """\
            from django.urls import include, path

            urlpatterns = [
                path("api/", include("shop.urls")),
            ]
            """,
        "shop/__init__.py": "",
        "shop/views.py": """\
            from django.http import JsonResponse
            from django.views import View


            def health(request):
                return JsonResponse({"status": "ok"})


            class OrderView(View):
                def get(self, request):
                    return JsonResponse({})
            """,
        "shop/urls.py": """\
            from django.urls import include, path, re_path

            from . import views

            urlpatterns = [
                path("health/", views.health, name="health"),
                path("v2/", include([re_path(r"^orders/$", views.OrderView.as_view())])),
            ]
            """,
    })
    assert {(r.path, r.handler, r.location.label()) for r in project.routes} == {
        ("/api/health/", "shop.views.health", "shop/views.py:5-6"),
        ("/api/v2/orders/", "shop.views.OrderView.get", "shop/views.py:10-11"),  # one route per method it defines
    }
    assert [a.name for a in project.apps] == ["proj.urls.urlpatterns"]


def test_route_lists_grown_by_append_extend_and_insert_keep_their_conditions(linked) -> None:
    project = linked({
        "proj/__init__.py": "",
        "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nDEBUG = False\n',
        "proj/views.py": """\
            def home(request):
                return None


            def debug_sql(request):
                return None


            def e2e_login(request):
                return None
            """,
        "proj/urls.py": """\
            import os

            from django.conf import settings
            from django.urls import path

            from proj import views

            urlpatterns = [path("", views.home)]

            if settings.DEBUG:
                urlpatterns.append(path("debug/sql/", views.debug_sql))
            if os.getenv("ENABLE_E2E") == "1":
                urlpatterns.extend([path("e2e/login/", views.e2e_login)])
            urlpatterns.insert(0, path("index/", views.home))
            """,
        "web.py": """\
            import os

            from starlette.applications import Starlette
            from starlette.routing import Route


            async def ping(request):
                return None


            routes = [Route("/ping", ping)]
            if os.getenv("ENVIRONMENT") == "development":
                routes.append(Route("/debug/ping", ping))
            app = Starlette(routes=routes)
            """,
    })
    found = {(r.path, tuple(g.expression for g in r.gates)) for r in project.routes}
    assert found == {
        ("/", ()), ("/index/", ()), ("/debug/sql/", ("settings.DEBUG",)),
        ("/e2e/login/", ('os.getenv("ENABLE_E2E") == "1"',)),
        ("/ping", ()), ("/debug/ping", ('os.getenv("ENVIRONMENT") == "development"',)),
    }


def test_unmounted_router_records_commented_include_and_test_files_are_ignored(linked) -> None:
    project = linked({
        "main.py": """\
            from fastapi import FastAPI

            app = FastAPI()
            # app.include_router(experimental.router)
            """,
        "experimental.py": """\
            from fastapi import APIRouter

            router = APIRouter(prefix="/exp")


            @router.get("/x")
            def x():
                return {}
            """,
        "tests/test_api.py": """\
            from fastapi import FastAPI

            app = FastAPI()


            @app.get("/test-only")
            def only_in_tests():
                return {}
            """,
    })
    (exp,) = project.routes
    assert (exp.path, exp.mounted) == ("/exp/x", False)
    assert [(m.location.label(), m.commented_out) for m in exp.mounts] == [("main.py:4", True)]


def test_prefixes_from_constants_fstrings_and_settings(linked) -> None:
    project = linked({
        "main.py": """\
            from fastapi import APIRouter, FastAPI

            from config import settings

            API_PREFIX = "/api"
            VERSION = "v3"
            users = APIRouter(prefix=f"{API_PREFIX}/{VERSION}/users")
            app = FastAPI()


            @users.get("/me")
            def me():
                return {}


            def ping():
                return "pong"


            app.include_router(users, prefix=settings.API_ROOT)
            app.router.add_api_route("/ping", ping)
            """,
    })
    assert {r.path for r in project.routes} == {"{settings.API_ROOT}/api/v3/users/me", "/ping"}


def test_aiohttp_router_table_add_routes_and_subapp(linked) -> None:
    project = linked({
        "server.py": """\
            from aiohttp import web

            routes = web.RouteTableDef()


            @routes.get("/health")
            async def health(request):
                return web.json_response({"status": "ok"})


            async def debug_state(request):
                return web.json_response({})


            async def create(request):
                return web.Response(status=201)


            admin = web.Application()
            admin.router.add_get("/state", debug_state)
            app = web.Application()
            app.add_routes(routes)
            app.add_routes([web.post("/items", create)])
            app.add_subapp("/admin", admin)
            """,
    })
    assert table(project) == {
        ("GET", "/health", "server.health", "server.py:6-8", True),
        ("POST", "/items", "server.create", "server.py:15-16", True),
        ("GET", "/admin/state", "server.debug_state", "server.py:11-12", True),
    }


def test_flask_current_app_proxy_and_app_parameter(linked) -> None:
    project = linked({
        "routes/__init__.py": "",
        "routes/health.py": """\
            from flask import current_app as app, jsonify


            @app.route("/health", methods=["GET"])
            def health():
                return jsonify(status="ok")
            """,
        "routes/setup.py": """\
            def register(app):
                @app.route("/ping")
                def ping():
                    return "pong"
            """,
    })
    assert table(project) == {
        ("GET", "/health", "routes.health.health", "routes/health.py:4-6", True),
        ("GET", "/ping", "routes.setup.register.ping", "routes/setup.py:2-4", True),
    }


def test_flask_restx_namespaces_resources_and_add_resource(linked) -> None:
    project = linked({
        "api.py": """\
            from flask import Flask
            from flask_restx import Api, Namespace, Resource

            from resources import Status

            app = Flask(__name__)
            api = Api(app)
            ops = Namespace("ops")
            debug = Namespace("debug", path="/_debug")


            @ops.route("/health")
            class Health(Resource):
                def get(self):
                    return {"status": "ok"}


            @debug.route("/env")
            class Env(Resource):
                def get(self):
                    return {}

                def delete(self):
                    return None


            api.add_namespace(ops)
            api.add_namespace(debug, path="/internal")
            api.add_resource(Status, "/status")
            """,
        "resources.py": """\
            from flask_restx import Resource


            class Status(Resource):
                def get(self):
                    return {"status": "ok"}
            """,
    })
    assert table(project) == {
        ("GET", "/ops/health", "api.Health.get", "api.py:14-15", True),
        ("GET", "/internal/env", "api.Env.get", "api.py:20-21", True),
        ("DELETE", "/internal/env", "api.Env.delete", "api.py:23-24", True),
        ("", "/status", "resources.Status", "resources.py:4-6", True),
    }


def test_sanic_blueprints(linked) -> None:
    project = linked({
        "server.py": """\
            from sanic import Blueprint, Sanic
            from sanic.response import json

            ops = Blueprint("ops", url_prefix="/ops")


            @ops.get("/health")
            async def health(request):
                return json({"status": "ok"})


            app = Sanic("svc")
            app.blueprint(ops, url_prefix="/internal")
            """,
    })
    assert table(project) == {("GET", "/internal/health", "server.health", "server.py:7-9", True)}
