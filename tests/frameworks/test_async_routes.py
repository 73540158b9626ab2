"""Route shapes of Tornado, aiohttp, Sanic and FastAPI services met on public code (issue 12): merged
handler lists, prefixing helpers, regex patterns as templates, apps handed to functions, sub-apps,
blueprint groups, a router prefix set by assignment and a library's mounted ASGI app."""

from __future__ import annotations

import pytest

from prodready.frameworks.regex_paths import alternatives, template, without_regex
from prodready.model.project import ProjectModel


def table(project: ProjectModel) -> set[tuple[str, str, str, bool]]:
    """(methods, full path, handler span, mounted) of every route."""
    return {(",".join(r.methods), r.path, r.location.label(), r.mounted) for r in project.routes}


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"/user/(?P<user_name>[^/]+)(?P<user_path>/.*)?", "/user/{user_name}/{user_path}"),
    (r"/spawn/([^/]+)/([^/]+)", "/spawn/{param}/{param2}"),
    (r"/api/tokens(?:/([^/]+))?", "/api/tokens/{param}"),
    (r"^/error/(\d+)$", "/error/{param}"),
    (r"/api/?", "/api"),
    (r"/robots\.txt", "/robots.txt"),
    (r"/.*", "/{path}"),
    ("(?!${self.prefix}).*", "{path}"),
    ("${self.base_url}x/([^/]+)", "${self.base_url}x/{param}"),
])
def test_tornado_patterns_are_shown_as_templates(pattern: str, expected: str) -> None:
    assert template(pattern) == expected


@pytest.mark.parametrize(("pattern", "expected"), [
    ("${self.base_url}(user|services)/([^/]+)", ["${self.base_url}user/([^/]+)", "${self.base_url}services/([^/]+)"]),
    ("/(?:v1|v2)/items", ["/v1/items", "/v2/items"]),
    ("/a/(x|y)?/b", ["/a/(x|y)?/b"]),
    ("/x/(\\d+|new)", ["/x/(\\d+|new)"]),
])
def test_a_group_of_literal_words_is_one_pattern_per_word(pattern: str, expected: list[str]) -> None:
    assert alternatives(pattern) == expected


def test_aiohttp_parameters_lose_their_regex() -> None:
    assert without_regex("/{repo:.+}/{suffix:(tags|blobs)/.*}/{id}") == "/{repo}/{suffix}/{id}"


HANDLERS = """\
    from tornado import web


    class PageHandler(web.RequestHandler):
        def options(self):
            self.finish()

        def get(self, name=None):
            self.write("page")


    class GoneHandler(PageHandler):
        def prepare(self):
            raise web.HTTPError(410)
    """


def test_tornado_module_lists_merged_in_a_loop_and_prefixed_by_a_helper_with_a_setting_default(linked) -> None:
    project = linked({
        "hub/__init__.py": "",
        "hub/handlers/__init__.py": """\
            from . import api, pages

            default_handlers = []
            for mod in (pages, api):
                default_handlers.extend(mod.default_handlers)
            """,
        "hub/handlers/base.py": HANDLERS,
        "hub/handlers/pages.py": """\
            from .base import PageHandler

            default_handlers = [(r"/pages/([^/]+)", PageHandler)]
            """,
        "hub/handlers/api.py": """\
            from unittest import mock

            from .base import GoneHandler, PageHandler

            default_handlers = [(r"/api/?", PageHandler), (r"/api/old", GoneHandler)]
            """,
        "hub/app.py": """\
            from tornado import web
            from traitlets import Unicode
            from traitlets.config import Application

            from . import handlers
            from .handlers.base import PageHandler


            def url_path_join(*pieces):
                return "/".join(p.strip("/") for p in pieces)


            class Hub(Application):
                base_url = Unicode("/").tag(config=True)
                hub_prefix = Unicode("/hub/")

                def add_url_prefix(self, prefix, specs):
                    return [(url_path_join(prefix, s[0]), *s[1:]) for s in specs]

                def init_handlers(self):
                    h = []
                    h.extend(handlers.default_handlers)
                    h.append((r"/logo", PageHandler))
                    self.handlers = self.add_url_prefix(self.hub_prefix, h)
                    self.handlers.append((url_path_join(self.base_url, "metrics"), PageHandler))

                def start(self):
                    self.init_handlers()
                    self.app = web.Application(self.handlers)
            """,
    })
    assert {(m, p, at) for m, p, at, mounted in table(project) if mounted and m != "OPTIONS"} == {
        ("GET", "/hub/pages/{param}", "hub/handlers/base.py:8-9"),
        ("GET", "/hub/api", "hub/handlers/base.py:8-9"),  # a module importing unittest.mock is no test
        ("GET", "/hub/api/old", "hub/handlers/base.py:8-9"),  # GoneHandler inherits get
        ("GET", "/hub/logo", "hub/handlers/base.py:8-9"),
        ("GET", "/metrics", "hub/handlers/base.py:8-9"),  # the base_url default "/", outside the prefix
    }


def test_a_handler_inheriting_only_options_still_serves_its_route(linked) -> None:
    project = linked({
        "app.py": """\
            from tornado import web


            class CorsHandler(web.RequestHandler):
                def options(self):
                    self.finish()


            class LoginHandler(CorsHandler):
                def __new__(cls, *args, **kwargs):
                    return object.__new__(cls)


            app = web.Application([(r"/login", LoginHandler)])
            """,
    })
    assert table(project) == {
        ("OPTIONS", "/login", "app.py:5-6", True),
        ("", "/login", "app.py:9-11", True),
    }


def test_aiohttp_routes_added_by_functions_handed_nested_sub_apps(linked) -> None:
    project = linked({
        "api.py": """\
            from aiohttp import web
            from aiohttp.hdrs import METH_GET, METH_PUT


            class PingHandler:
                def register(self, app: web.Application):
                    return app.add_routes([web.get("/ping", self.ping)])

                async def ping(self, request):
                    return web.Response(text="pong")


            async def proxy(request):
                return web.Response()


            def setup_disk_routes(app):
                app.router.add_get("/{disk_id:[a-z]+}", proxy)
                app.add_routes(web.route(m, "/{disk_id}/raw", proxy) for m in (METH_GET, METH_PUT))


            async def create_disk_app():
                disk_app = web.Application()
                setup_disk_routes(disk_app)
                return disk_app


            async def create_app():
                v1 = web.Application()
                disks = await create_disk_app()
                v1.add_subapp("/disk", disks)
                handler = PingHandler()
                handler.register(v1)
                app = web.Application()
                app.add_subapp("/api/v1", v1)
                return app
            """,
    })
    assert table(project) == {
        ("GET", "/api/v1/ping", "api.py:9-10", True),
        ("GET", "/api/v1/disk/{disk_id}", "api.py:13-14", True),
        ("GET,PUT", "/api/v1/disk/{disk_id}/raw", "api.py:13-14", True),
    }


def test_sanic_blueprint_group_under_the_registration_prefix(linked) -> None:
    project = linked({
        "api/__init__.py": """\
            from sanic import Blueprint

            from .chat import bp as chat_bp
            from .status import bp as status_bp

            group = Blueprint.group(chat_bp, status_bp)
            """,
        "api/chat.py": """\
            from sanic import Blueprint
            from sanic.response import json

            bp = Blueprint("chat")


            @bp.post("/chat")
            async def chat(request):
                return json({})
            """,
        "api/status.py": """\
            from sanic import Blueprint
            from sanic.response import json

            bp = Blueprint("status", url_prefix="/status")


            @bp.get("/live")
            async def live(request):
                return json({})
            """,
        "app.py": """\
            from sanic import Sanic

            from api import group

            app = Sanic("chat")
            app.blueprint(group, url_prefix="/api")
            """,
    })
    assert table(project) == {
        ("POST", "/api/chat", "api/chat.py:7-9", True),
        ("GET", "/api/status/live", "api/status.py:7-9", True),
    }


def test_fastapi_router_prefix_assigned_and_a_library_asgi_app_mounted(linked) -> None:
    project = linked({
        "service/__init__.py": "",
        "service/routes.py": """\
            from fastapi import APIRouter

            router = APIRouter(prefix="/roles")


            @router.get("/{role_id}")
            async def role(role_id: int):
                return {}
            """,
        "service/main.py": """\
            from fastapi import FastAPI
            from prometheus_client import make_asgi_app

            from service import routes

            app = FastAPI()
            app.router.prefix = "/api"
            app.include_router(routes.router)
            app.mount("/metrics", make_asgi_app())
            """,
    })
    assert table(project) == {
        ("GET", "/api/roles/{role_id}", "service/routes.py:6-8", True),
        ("", "/metrics", "service/main.py:9", True),
    }
