"""Falcon routes: apps, `add_route` with resource instances (inline or bound first), responders per
method, `suffix=` responders, sinks, conditional routes, and the health class of responders that
answer through `resp.status` / `resp.media` / `raise falcon.HTTPServiceUnavailable`."""

from __future__ import annotations

from tests.conftest import scan_project
from tests.frameworks.test_linking import table

RESOURCES = """\
    import falcon


    class Health:
        def on_get(self, req, resp):
            resp.media = {"status": "ok"}


    class Ready:
        def __init__(self, db):
            self.db = db

        def on_get(self, req, resp):
            try:
                self.db.execute("SELECT 1")
            except Exception:
                resp.status = falcon.HTTP_503
                resp.media = {"status": "unavailable"}
                return
            resp.media = {"status": "ready"}


    class Orders:
        def on_get(self, req, resp):
            resp.media = []

        def on_post(self, req, resp):
            resp.status = falcon.HTTP_201

        def on_get_item(self, req, resp, order_id):
            resp.media = {"id": order_id}

        def on_delete_item(self, req, resp, order_id):
            resp.status = falcon.HTTP_NO_CONTENT
    """

APP = """\
    import os

    import falcon
    import falcon.asgi

    from shop.resources import Health, Orders, Ready


    def proxy(req, resp):
        resp.media = {"proxied": req.path}


    def create_app(db):
        app = falcon.App()
        app.add_route("/health", Health())
        ready = Ready(db)
        app.add_route("/ready", ready)
        orders = Orders()
        app.add_route("/orders", orders)
        app.add_route("/orders/{order_id}", orders, suffix="item")
        app.add_sink(proxy, prefix="/legacy")
        if os.environ.get("APP_ENV") == "development":
            app.add_route("/debug/orders", orders)
        return app
    """


def test_add_route_expands_resources_into_one_route_per_responder(linked) -> None:
    project = linked({"shop/__init__.py": "", "shop/resources.py": RESOURCES, "shop/app.py": APP})
    assert table(project) == {
        ("GET", "/health", "shop.resources.Health.on_get", "shop/resources.py:5-6", True),
        ("GET", "/ready", "shop.resources.Ready.on_get", "shop/resources.py:13-20", True),
        ("GET", "/orders", "shop.resources.Orders.on_get", "shop/resources.py:24-25", True),
        ("POST", "/orders", "shop.resources.Orders.on_post", "shop/resources.py:27-28", True),
        ("GET", "/orders/{order_id}", "shop.resources.Orders.on_get_item", "shop/resources.py:30-31", True),
        ("DELETE", "/orders/{order_id}", "shop.resources.Orders.on_delete_item", "shop/resources.py:33-34", True),
        ("", "/legacy/{path}", "shop.app.proxy", "shop/app.py:9-10", True),
        ("GET", "/debug/orders", "shop.resources.Orders.on_get", "shop/resources.py:24-25", True),
        ("POST", "/debug/orders", "shop.resources.Orders.on_post", "shop/resources.py:27-28", True),
    }
    debug = [r for r in project.routes if r.path == "/debug/orders"]
    assert {g.expression for r in debug for g in r.gates} == {'os.environ.get("APP_ENV") == "development"'}
    assert {r.framework for r in project.routes} == {"falcon"}
    assert [a.framework for a in project.apps] == ["falcon"]


def test_module_level_api_with_deprecated_constructor_and_asgi_app(linked) -> None:
    project = linked({
        "api.py": """\
            import falcon
            import falcon.asgi


            class Version:
                def on_get(self, req, resp):
                    resp.text = "1.0"

                def on_head(self, req, resp):
                    resp.status = falcon.HTTP_200


            api = application = falcon.API()
            application.add_route("/version", Version())
            asgi = falcon.asgi.App()
            asgi.add_route("/v2/version", Version())
            """,
    })
    assert table(project) == {
        ("GET", "/version", "api.Version.on_get", "api.py:6-7", True),
        ("HEAD", "/version", "api.Version.on_head", "api.py:9-10", True),
        ("GET", "/v2/version", "api.Version.on_get", "api.py:6-7", True),
        ("HEAD", "/v2/version", "api.Version.on_head", "api.py:9-10", True),
    }


def test_add_route_of_other_frameworks_is_not_falcon(linked) -> None:
    project = linked({
        "app.py": """\
            from starlette.applications import Starlette


            async def home(request):
                return None


            app = Starlette()
            app.add_route("/", home)
            """,
    })
    assert {(r.framework, r.path, r.handler) for r in project.routes} == {("starlette", "/", "app.home")}


def test_health_classes_of_falcon_responders(tmp_path) -> None:
    result = scan_project(tmp_path, {
        "requirements.txt": "falcon\n",
        "app.py": """\
            import falcon


            class Live:
                def on_get(self, req, resp):
                    resp.media = {"status": "alive"}


            class Ready:
                def on_get(self, req, resp):
                    if not database_ok():
                        resp.status = falcon.HTTP_SERVICE_UNAVAILABLE
                    resp.media = {"status": "checked"}


            class Health:
                def on_get(self, req, resp):
                    if not database_ok():
                        raise falcon.HTTPServiceUnavailable(title="database down")
                    resp.media = {"status": "ok"}


            class Status:
                def on_get(self, req, resp):
                    try:
                        database_ok()
                    except Exception:
                        pass
                    resp.media = {"status": "ok", "database": "connected"}


            def database_ok():
                return True


            app = falcon.App()
            app.add_route("/livez", Live())
            app.add_route("/readyz", Ready())
            app.add_route("/health", Health())
            app.add_route("/status", Status())
            """,
    })
    found = {(f.rule_id, f.location.start_line, f.status) for f in result.findings if f.family == "health"}
    assert found == {
        ("PR103", 5, "static-liveness"),
        ("PR104", 10, "real"),
        ("PR104", 17, "real"),
        ("PR101", 24, "fake"),
    }

