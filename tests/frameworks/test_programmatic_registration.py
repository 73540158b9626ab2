"""Programmatic and class-based registration (issue 12 point 4), framework by framework."""

from __future__ import annotations

from prodready.model.project import ProjectModel


def table(project: ProjectModel) -> set[tuple[str, str, str, str]]:
    """(methods, effective path, handler, handler span) of every mounted route."""
    assert all(r.mounted for r in project.routes), [r for r in project.routes if not r.mounted]
    return {(",".join(r.methods), r.path, r.handler, r.location.label()) for r in project.routes}


def test_fastapi_apiroute_lists_add_api_route_websockets_and_service_methods(linked) -> None:
    project = linked({
        "svc/__init__.py": "",
        "svc/services.py": """\
            class HealthService:
                def check(self):
                    return {"status": "ok"}


            health_service = HealthService()
            """,
        "svc/main.py": """\
            from fastapi import APIRouter, FastAPI
            from fastapi.routing import APIRoute

            from svc.services import health_service


            def list_items():
                return []


            async def feed(websocket):
                await websocket.accept()


            items = APIRouter(prefix="/items", routes=[APIRoute("/", list_items, methods=["GET", "POST"])])
            app = FastAPI(routes=[APIRoute("/version", lambda: "1")])
            app.include_router(items, prefix="/api")
            app.add_api_route("/healthz", health_service.check)
            app.add_api_websocket_route("/feed", feed)


            @app.websocket("/ws")
            async def ws(websocket):
                await websocket.accept()
            """,
    })
    rows = table(project)
    assert ("GET,POST", "/api/", "svc.main.list_items", "svc/main.py:7-8") in rows  # routes= skip the router's prefix
    assert ("GET", "/healthz", "svc.services.HealthService.check", "svc/services.py:2-3") in rows
    assert ("GET", "/feed", "svc.main.feed", "svc/main.py:11-12") in rows
    assert ("GET", "/ws", "svc.main.ws", "svc/main.py:22-24") in rows
    assert {r.path for r in project.routes} == {"/api/", "/version", "/healthz", "/feed", "/ws"}


def test_starlette_routes_built_by_functions_concatenation_and_mounts(linked) -> None:
    project = linked({
        "gateway/__init__.py": "",
        "gateway/extra.py": """\
            from starlette.responses import PlainTextResponse
            from starlette.routing import Route


            async def metrics(request):
                return PlainTextResponse("")


            def metrics_route():
                return Route("/metrics", metrics)
            """,
        "gateway/app.py": """\
            from starlette.applications import Starlette
            from starlette.responses import JSONResponse
            from starlette.routing import Host, Mount, Route, Router, WebSocketRoute

            from gateway.extra import metrics_route


            async def ping(request):
                return JSONResponse({"ok": True})


            async def users(request):
                return JSONResponse([])


            async def stream(websocket):
                await websocket.accept()


            def api_routes():
                return [Route("/users", users)]


            admin = Starlette(routes=[Route("/ping", ping)])
            v2 = Router(routes=[Route("/users", users, methods=["POST"])])
            base = [Route("/ping", ping)]
            routes = base + [Mount("/api", routes=api_routes()), WebSocketRoute("/stream", stream)]
            routes.append(metrics_route())
            routes += [Mount("/admin", app=admin), Mount("/v2", app=v2), Host("internal.example.com", app=admin)]
            app = Starlette(routes=routes)
            """,
    })
    assert {(m, p, h) for m, p, h, _ in table(project)} == {
        ("GET", "/ping", "gateway.app.ping"),
        ("GET", "/api/users", "gateway.app.users"),
        ("GET", "/stream", "gateway.app.stream"),
        ("GET", "/metrics", "gateway.extra.metrics"),
        ("GET", "/admin/ping", "gateway.app.ping"),
        ("POST", "/v2/users", "gateway.app.users"),
    }


def test_aiohttp_class_views_by_add_view_and_any_method_routes_on_a_subapp(linked) -> None:
    project = linked({
        "notifier.py": """\
            from aiohttp import web


            class Topic(web.View):
                async def get(self):
                    return web.json_response({})

                async def delete(self):
                    return web.Response(status=204)


            class Catch(web.View):
                async def post(self):
                    return web.Response()


            admin = web.Application()
            admin.router.add_view("/topics/{name}", Topic)
            admin.router.add_route("*", "/catch", Catch)
            app = web.Application()
            app.add_subapp("/admin", admin)
            """,
    })
    assert table(project) == {
        ("GET", "/admin/topics/{name}", "notifier.Topic.get", "notifier.py:5-6"),
        ("DELETE", "/admin/topics/{name}", "notifier.Topic.delete", "notifier.py:8-9"),
        ("POST", "/admin/catch", "notifier.Catch.post", "notifier.py:13-14"),
    }


def test_flask_method_views_serve_the_methods_they_define(linked) -> None:
    project = linked({
        "web.py": """\
            from flask import Flask
            from flask.views import MethodView


            class ItemAPI(MethodView):
                def get(self, sku):
                    return {}

                def put(self, sku):
                    return {}

                def delete(self, sku):
                    return "", 204


            app = Flask(__name__)
            app.add_url_rule("/items/<sku>", view_func=ItemAPI.as_view("item"))
            app.add_url_rule("/ro/items/<sku>", view_func=ItemAPI.as_view("ro_item"), methods=["GET"])
            """,
    })
    assert table(project) == {
        ("GET", "/items/<sku>", "web.ItemAPI.get", "web.py:6-7"),
        ("PUT", "/items/<sku>", "web.ItemAPI.put", "web.py:9-10"),
        ("DELETE", "/items/<sku>", "web.ItemAPI.delete", "web.py:12-13"),
        ("GET", "/ro/items/<sku>", "web.ItemAPI.get", "web.py:6-7"),
    }


def test_django_class_views_re_path_nested_namespaced_includes_and_drf(linked) -> None:
    project = linked({
        "proj/__init__.py": "",
        "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
        "proj/urls.py": """\
            from django.urls import include, path, re_path

            urlpatterns = [
                path("shop/", include(("shop.urls", "shop"), namespace="shop")),
                re_path(r"^api/(?P<version>(v1))/", include("shop.api_urls", namespace="api")),
            ]
            """,
        "shop/__init__.py": "",
        "shop/views.py": """\
            from django.http import JsonResponse
            from django.views import View
            from django.views.generic import TemplateView
            from rest_framework import viewsets
            from rest_framework.views import APIView


            class OrderView(View):
                def get(self, request, pk):
                    return JsonResponse({})

                def post(self, request, pk):
                    return JsonResponse({}, status=201)


            class AboutView(TemplateView):
                template_name = "about.html"


            class Ping(APIView):
                def get(self, request, version):
                    return JsonResponse({"pong": True})


            class CustomerViewSet(viewsets.ModelViewSet):
                def list(self, request, version):
                    return JsonResponse([])

                def destroy(self, request, version, pk):
                    return JsonResponse({}, status=204)


            class TagViewSet(viewsets.ViewSet):
                def list(self, request, version):
                    return JsonResponse([])
            """,
        "shop/urls.py": """\
            from django.urls import include, path, re_path

            from shop import views

            app_name = "shop"
            urlpatterns = [
                re_path(r"^orders/(?P<pk>\\d+)/$", views.OrderView.as_view(), name="order"),
                path("pages/", include([path("about/", views.AboutView.as_view())])),
            ]
            """,
        "shop/api_urls.py": """\
            from django.urls import include, path
            from rest_framework.routers import DefaultRouter

            from shop import views

            router = DefaultRouter()
            router.register(r"customers", views.CustomerViewSet, basename="customer")

            urlpatterns = [
                path("ping/", views.Ping.as_view()),
                path("tags/", views.TagViewSet.as_view({"get": "list", "post": "create"})),
                path("", include(router.urls)),
            ]
            """,
    })
    assert {(m, p, h) for m, p, h, _ in table(project)} == {
        ("GET", "/shop/orders/<pk>/", "shop.views.OrderView.get"),
        ("POST", "/shop/orders/<pk>/", "shop.views.OrderView.post"),
        ("GET", "/shop/pages/about/", "shop.views.AboutView"),  # inherits TemplateView.get: the class serves it
        ("GET", "/api/v1/ping/", "shop.views.Ping.get"),
        ("GET", "/api/v1/tags/", "shop.views.TagViewSet.list"),  # a ViewSet has no `create` to serve POST
        ("GET", "/api/v1/customers/", "shop.views.CustomerViewSet.list"),
        ("POST", "/api/v1/customers/", "shop.views.CustomerViewSet"),
        ("GET,PUT,PATCH", "/api/v1/customers/<pk>/", "shop.views.CustomerViewSet"),
        ("DELETE", "/api/v1/customers/<pk>/", "shop.views.CustomerViewSet.destroy"),
        ("GET", "/api/v1/", "rest_framework.routers.DefaultRouter"),  # the DefaultRouter's API root view
    }
    assert {r.framework for r in project.routes if "customers" in r.path} == {"drf"}


def test_drf_extra_actions_are_routes_under_each_prefix_the_viewset_is_registered_at(linked) -> None:
    project = linked({
        "proj/__init__.py": "",
        "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
        "proj/urls.py": """\
            from django.urls import include, path
            from rest_framework import routers

            from apps import views

            router = routers.DefaultRouter()
            router.register(r"applications", views.ApplicationViewSet)

            urlpatterns = [path("v1/", include((router.urls, "v1"), namespace="v1"))]
            """,
        "apps/__init__.py": "",
        "apps/views.py": """\
            from django.http import JsonResponse
            from rest_framework import decorators, viewsets
            from rest_framework.decorators import action


            class ApplicationViewSet(viewsets.GenericViewSet):
                def list(self, request):
                    return JsonResponse([])

                @action(detail=True, methods=["patch"], url_path="accept")
                def accept_application(self, request, pk=None):
                    return JsonResponse({})

                @decorators.action(detail=False)
                def summary(self, request):
                    return JsonResponse({})
            """,
    })
    assert {(m, p, h) for m, p, h, _ in table(project)} == {
        ("GET", "/v1/applications/", "apps.views.ApplicationViewSet.list"),
        ("PATCH", "/v1/applications/<pk>/accept/", "apps.views.ApplicationViewSet.accept_application"),
        ("GET", "/v1/applications/summary/", "apps.views.ApplicationViewSet.summary"),
        ("GET", "/v1/", "rest_framework.routers.DefaultRouter"),
    }


def test_django_include_of_an_imported_urls_module_mounts_its_urlpatterns(linked) -> None:
    project = linked({
        "proj/__init__.py": "",
        "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
        "proj/urls.py": """\
            from django.urls import include, path

            from proj.api import urls as api_urls

            urlpatterns = [path("api/", include(api_urls))]
            """,
        "proj/api/__init__.py": "",
        "proj/api/urls.py": """\
            from django.urls import include, path

            import proj.api.v1.urls
            from proj.api.v1.urls import extra_patterns

            app_name = "api"
            urlpatterns = [
                path("v1/", include(proj.api.v1.urls)),
                path("extra/", include((extra_patterns, "extra"))),
            ]
            """,
        "proj/api/v1/__init__.py": "",
        "proj/api/v1/urls.py": """\
            from django.http import JsonResponse
            from django.urls import path


            def ping(request):
                return JsonResponse({})


            urlpatterns = [path("ping/", ping)]
            extra_patterns = [path("pong/", ping)]
            """,
    })
    assert {(p, h) for _, p, h, _ in table(project)} == {
        ("/api/v1/ping/", "proj.api.v1.urls.ping"),
        ("/api/extra/pong/", "proj.api.v1.urls.ping"),
    }


def test_aiohttp_table_of_route_definitions_kept_in_another_module(linked) -> None:
    project = linked({
        "api/__init__.py": "",
        "api/views.py": """\
            from aiohttp import web


            async def healthcheck(request):
                return web.json_response({})


            async def echo(request):
                return web.json_response({})
            """,
        "api/router.py": """\
            from aiohttp import web

            from api.views import echo, healthcheck

            router = (
                web.get("/api/internal/healthcheck", healthcheck),
                web.route("POST", "/api/echo", echo),
            )
            settings = {"a": 1}
            values = [settings.get("a")]
            """,
        "web.py": """\
            from aiohttp import web

            from api.router import router as internal_router


            async def init_app():
                app = web.Application()
                app.router.add_routes(internal_router)
                return app
            """,
    })
    assert table(project) == {
        ("GET", "/api/internal/healthcheck", "api.views.healthcheck", "api/views.py:4-5"),
        ("POST", "/api/echo", "api.views.echo", "api/views.py:8-9"),
    }


def test_a_dependency_injection_container_registering_classes_is_not_a_drf_router(linked) -> None:
    project = linked({
        "containers.py": """\
            import punq

            from services import IUserService, ORMUserService

            container = punq.Container()
            container.register(IUserService, ORMUserService)
            """,
        "services.py": """\
            from rest_framework import viewsets


            class IUserService:
                pass


            class ORMUserService(IUserService, viewsets.ViewSet):
                def list(self, request):
                    return []
            """,
    })
    assert table(project) == set()
