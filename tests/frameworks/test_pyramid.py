"""Pyramid and Cornice routes: named routes served by the views bound to their name, traversal views,
includes with `route_prefix=`, scans, helpers handed the configurator, Cornice services and
resources, permission and condition gates, and the health class of Pyramid's ways to answer 503."""

from __future__ import annotations

from tests.conftest import scan_project
from tests.frameworks.test_linking import route, table

APP = """\
    import os

    from pyramid.config import Configurator


    def main(global_config, **settings):
        with Configurator(settings=settings) as config:
            config.include("cornice")
            config.include(".routes", route_prefix="/api")
            config.include("shop.services", route_prefix="v1")
            if os.environ.get("SHOP_ENV") == "development":
                config.include(".devtools")
            config.scan(".views")
            return config.make_wsgi_app()
    """

ROUTES = """\
    def add_item_routes(config):
        config.add_route("items", "/items")
        config.add_route("item", "/items/{item_id}")
        config.add_route("export", "export.csv", request_method="GET")


    def includeme(config):
        add_item_routes(config)
    """

VIEWS = """\
    from pyramid.httpexceptions import HTTPNotFound
    from pyramid.security import NO_PERMISSION_REQUIRED
    from pyramid.view import view_config, view_defaults


    @view_defaults(route_name="items", renderer="json")
    class ItemViews:
        def __init__(self, request):
            self.request = request

        @view_config(request_method="GET", permission=NO_PERMISSION_REQUIRED)
        def list_items(self):
            return []

        @view_config(request_method="POST", permission="edit")
        def create_item(self):
            return {}


    @view_config(route_name="item", request_method=("GET", "HEAD"), renderer="json")
    @view_config(route_name="export", renderer="csv")
    def show_item(request):
        return {}


    @view_config(name="robots.txt", renderer="string")
    def robots(request):
        return "User-agent: *"


    @view_config(context=HTTPNotFound, renderer="json")
    def not_found(exc, request):
        return {"error": "not found"}
    """

SERVICES = """\
    from cornice import Service
    from cornice.resource import resource, view

    status = Service(name="status", path="/status", description="status")


    @status.get()
    def get_status(request):
        return {"status": "ok"}


    def put_status(request):
        return {}


    status.add_view("PUT", put_status, permission="admin")


    @resource(collection_path="/carts", path="/carts/{cart_id}")
    class Cart:
        def __init__(self, request, context=None):
            self.request = request

        def collection_get(self):
            return []

        def collection_post(self):
            return {}

        @view(permission="owner")
        def get(self):
            return {}

        def delete(self):
            return None


    def includeme(config):
        config.scan(".")
    """

DEVTOOLS = """\
    def seed(request):
        return {"seeded": True}


    def includeme(config):
        config.add_route("seed", "/dev/seed")
        config.add_view(seed, route_name="seed", request_method="POST")
    """


def test_named_routes_views_includes_scans_and_cornice(linked) -> None:
    project = linked({
        "shop/__init__.py": APP, "shop/routes.py": ROUTES, "shop/views.py": VIEWS,
        "shop/services/__init__.py": SERVICES, "shop/devtools.py": DEVTOOLS,
    })
    assert table(project) == {
        ("GET", "/api/items", "shop.views.ItemViews.list_items", "shop/views.py:11-13", True),
        ("POST", "/api/items", "shop.views.ItemViews.create_item", "shop/views.py:15-17", True),
        ("GET,HEAD", "/api/items/{item_id}", "shop.views.show_item", "shop/views.py:20-23", True),
        ("GET", "/api/export.csv", "shop.views.show_item", "shop/views.py:20-23", True),
        ("", "/robots.txt", "shop.views.robots", "shop/views.py:26-28", True),
        ("GET,HEAD", "/v1/status", "shop.services.get_status", "shop/services/__init__.py:7-9", True),
        ("PUT", "/v1/status", "shop.services.put_status", "shop/services/__init__.py:12-13", True),
        ("GET,HEAD", "/v1/carts", "shop.services.Cart.collection_get", "shop/services/__init__.py:24-25", True),
        ("POST", "/v1/carts", "shop.services.Cart.collection_post", "shop/services/__init__.py:27-28", True),
        ("GET,HEAD", "/v1/carts/{cart_id}", "shop.services.Cart.get", "shop/services/__init__.py:30-32", True),
        ("DELETE", "/v1/carts/{cart_id}", "shop.services.Cart.delete", "shop/services/__init__.py:34-35", True),
        ("POST", "/dev/seed", "shop.devtools.seed", "shop/devtools.py:1-2", True),
    }
    assert {r.framework for r in project.routes if "status" in r.path or "carts" in r.path} == {"cornice"}
    items = route(project, "/api/items/{item_id}")
    assert [m.location.label() for m in items.mounts] == ["shop/routes.py:8", "shop/__init__.py:9"]
    assert [m.prefix for m in items.mounts] == ["", "/api"]
    status = next(r for r in project.routes if r.path == "/v1/status")
    assert [(m.location.label(), m.prefix) for m in status.mounts] == [
        ("shop/services/__init__.py:39", ""), ("shop/__init__.py:10", "/v1")]
    assert route(project, "/dev/seed").gates[0].expression == 'os.environ.get("SHOP_ENV") == "development"'
    gates = {(r.path, r.handler.rsplit(".", 1)[-1]): [g.expression for g in r.gates] for r in project.routes}
    assert gates[("/api/items", "list_items")] == []
    assert gates[("/api/items", "create_item")] == ['permission="edit"']
    assert gates[("/v1/status", "put_status")] == ['permission="admin"']
    assert gates[("/v1/carts/{cart_id}", "get")] == ['permission="owner"']
    assert [a.framework for a in project.apps] == ["pyramid"]


def test_routes_of_an_includeme_nothing_includes_are_not_mounted(linked) -> None:
    project = linked({
        "app.py": """\
            from pyramid.config import Configurator


            def main(global_config, **settings):
                config = Configurator(settings=settings)
                config.add_route("home", "/")
                config.scan("views")
                return config.make_wsgi_app()
            """,
        "views.py": """\
            from pyramid.view import view_config


            @view_config(route_name="home")
            def home(request):
                return {}


            @view_config(route_name="reset")
            def reset_fixtures(request):
                return {}
            """,
        "testing_api.py": """\
            def includeme(config):
                config.add_route("reset", "/test/reset")
            """,
    })
    assert table(project) == {
        ("", "/", "views.home", "views.py:4-6", True),
        ("", "/test/reset", "views.reset_fixtures", "views.py:9-11", False),
    }


def test_add_route_without_a_view_is_not_served_and_dynamic_names_are_not_guessed(linked) -> None:
    project = linked({
        "app.py": """\
            from pyramid.config import Configurator


            class BaseView:
                route = None

                @classmethod
                def configure(cls, config):
                    name = cls.route.strip("/")
                    config.add_route(name, cls.route)
                    config.add_view(cls, route_name=name)


            def main(global_config, **settings):
                config = Configurator(settings=settings)
                config.add_route("orphan", "/orphan")
                BaseView.configure(config)
                return config.make_wsgi_app()
            """,
    })
    assert project.routes == ()


def test_health_classes_of_pyramid_and_cornice_views(tmp_path) -> None:
    result = scan_project(tmp_path, {
        "requirements.txt": "pyramid\ncornice\nsqlalchemy\n",
        "svc/__init__.py": """\
            from pyramid.config import Configurator


            def main(global_config, **settings):
                config = Configurator(settings=settings)
                config.include("cornice")
                config.add_route("health", "/health")
                config.add_route("ready", "/ready")
                config.add_route("live", "/livez")
                config.scan()
                return config.make_wsgi_app()
            """,
        "svc/views.py": """\
            from cornice import Service
            from pyramid.httpexceptions import HTTPServiceUnavailable
            from pyramid.response import Response
            from pyramid.view import view_config
            from sqlalchemy import text

            heartbeat = Service(name="heartbeat", path="/__heartbeat__")


            @view_config(route_name="health", renderer="json")
            def health(request):
                try:
                    request.dbsession.execute(text("SELECT 1"))
                except Exception:
                    raise HTTPServiceUnavailable()
                return {"status": "ok"}


            @view_config(route_name="ready")
            def ready(request):
                try:
                    request.dbsession.execute(text("SELECT 1"))
                except Exception:
                    return Response(json_body={"status": "down"}, status="503 Service Unavailable")
                return Response(json_body={"status": "ready"})


            @view_config(route_name="live", renderer="json")
            def live(request):
                return {"status": "alive"}


            @heartbeat.get()
            def get_heartbeat(request):
                status = {"database": request.registry.storage_ok()}
                if not all(status.values()):
                    request.response.status = 503
                return status
            """,
    })
    found = {(f.rule_id, f.location.path, f.location.start_line, f.status)
             for f in result.findings if f.family == "health"}
    assert found == {
        ("PR104", "svc/views.py", 10, "real"),
        ("PR104", "svc/views.py", 19, "real"),
        ("PR103", "svc/views.py", 28, "static-liveness"),
        ("PR104", "svc/views.py", 33, "real"),
    }


def test_views_named_by_dotted_strings(linked) -> None:
    project = linked({
        "shop/__init__.py": """\
            from pyramid.config import Configurator


            def main(global_config, **settings):
                config = Configurator(settings=settings)
                config.add_route("home", "/")
                config.add_view(".views:home", route_name="home")
                config.add_route("about", "/about")
                config.add_view("shop.views.about", route_name="about", request_method="GET")
                return config.make_wsgi_app()
            """,
        "shop/views.py": """\
            def home(request):
                return {}


            def about(request):
                return {}
            """,
    })
    assert table(project) == {
        ("", "/", "shop.views.home", "shop/views.py:1-2", True),
        ("GET", "/about", "shop.views.about", "shop/views.py:5-6", True),
    }


def test_a_configurator_route_prefix_is_under_its_routes_and_includes(linked) -> None:
    project = linked({
        "app.py": """\
            from pyramid.config import Configurator


            def main(global_config, **settings):
                config = Configurator(settings=settings, route_prefix="api")
                config.add_route("home", "/")
                config.include("billing", route_prefix="v2")
                config.scan("views")
                return config.make_wsgi_app()
            """,
        "billing.py": """\
            def includeme(config):
                config.add_route("invoices", "/invoices")
            """,
        "views.py": """\
            from pyramid.view import view_config


            @view_config(route_name="home")
            def home(request):
                return {}


            @view_config(route_name="invoices", request_method="GET")
            def invoices(request):
                return []
            """,
    })
    assert table(project) == {
        ("", "/api/", "views.home", "views.py:4-6", True),
        ("GET", "/api/v2/invoices", "views.invoices", "views.py:9-11", True),
    }
