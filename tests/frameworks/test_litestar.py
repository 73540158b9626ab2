"""Litestar routes: bare handler decorators, controllers, routers, route_handlers lists, guards."""

from __future__ import annotations

from prodready.model.project import ProjectModel, Route


def table(project: ProjectModel) -> set[tuple[str, str, str, str, bool]]:
    """(methods, effective path, handler, handler span, mounted) of every route."""
    return {(",".join(r.methods), r.path, r.handler, r.location.label(), r.mounted) for r in project.routes}


def route(project: ProjectModel, path: str, method: str = "") -> Route:
    matching = [r for r in project.routes if r.path == path and (not method or method in r.methods)]
    assert len(matching) == 1, project.routes
    return matching[0]


def gates(found: Route) -> set[tuple[str, str, str]]:
    return {(g.kind, g.expression, g.location.label()) for g in found.gates}


def test_bare_handlers_and_a_controller_listed_on_the_app(linked) -> None:
    project = linked({
        "svc/__init__.py": "",
        "svc/app.py": """\
            from litestar import Litestar, get

            from svc.controllers import ConvertController


            @get("/health")
            async def health() -> dict:
                return {"status": "healthy"}


            @get("/formats")
            async def formats() -> dict:
                return {}


            app = Litestar(route_handlers=[health, formats, ConvertController])
            """,
        "svc/controllers.py": """\
            from litestar import Controller, post


            class ConvertController(Controller):
                path = "/convert"

                @post("")
                async def convert(self, data: dict) -> dict:
                    return data
            """,
    })
    assert table(project) == {
        ("GET", "/health", "svc.app.health", "svc/app.py:6-8", True),
        ("GET", "/formats", "svc.app.formats", "svc/app.py:11-13", True),
        ("POST", "/convert", "svc.controllers.ConvertController.convert", "svc/controllers.py:7-9", True),
    }
    health = route(project, "/health")
    assert health.framework == "litestar" and health.router == ""
    assert [m.location.label() for m in health.mounts] == ["svc/app.py:16"]
    convert = route(project, "/convert")
    assert convert.router == "svc.controllers.ConvertController"
    assert [m.location.label() for m in convert.mounts] == ["svc/app.py:16"]


def test_nested_routers_join_their_paths_with_the_controllers(linked) -> None:
    project = linked({
        "main.py": """\
            from litestar import Controller, Litestar, Router, delete, get, route
            from litestar.enums import HttpMethod


            class UserController(Controller):
                path = "/users/"

                @get("/")
                async def list_users(self) -> list:
                    return []

                @get("/{user_id:int}")
                async def get_user(self, user_id: int) -> dict:
                    return {}

                @delete(["/{user_id:int}", "/by-name/{name:str}"])
                async def remove(self, user_id: int = 0, name: str = "") -> None:
                    return None

                @route("/{user_id:int}/avatar", http_method=[HttpMethod.GET, "PUT"])
                async def avatar(self, user_id: int) -> bytes:
                    return b""


            @get()
            async def index() -> str:
                return "ok"


            v1 = Router(path="/v1", route_handlers=[UserController])
            app = Litestar([Router("/api", route_handlers=[v1]), index])
            """,
    })
    assert table(project) == {
        ("GET", "/api/v1/users", "main.UserController.list_users", "main.py:8-10", True),
        ("GET", "/api/v1/users/{user_id:int}", "main.UserController.get_user", "main.py:12-14", True),
        ("DELETE", "/api/v1/users/{user_id:int}", "main.UserController.remove", "main.py:16-18", True),
        ("DELETE", "/api/v1/users/by-name/{name:str}", "main.UserController.remove", "main.py:16-18", True),
        ("GET,PUT", "/api/v1/users/{user_id:int}/avatar", "main.UserController.avatar", "main.py:20-22", True),
        ("GET", "/", "main.index", "main.py:25-27", True),
    }
    users = route(project, "/api/v1/users")
    assert users.router == "main.UserController"
    assert [(m.location.label(), m.parent) for m in users.mounts] == [
        ("main.py:30", "main.v1"), ("main.py:31", "main.<obj@31>"), ("main.py:31", "main.app")]


def test_handler_lists_in_another_module_grown_under_an_environment_condition(linked) -> None:
    project = linked({
        "app/__init__.py": "",
        "app/routes.py": """\
            import os

            from app import debug, health

            route_handlers = [health.live, health.ready]

            if os.getenv("ENVIRONMENT") == "development":
                route_handlers.append(debug.dump)
            """,
        "app/health.py": """\
            from litestar import get


            @get("/live")
            async def live() -> dict:
                return {"status": "ok"}


            @get("/ready")
            async def ready() -> dict:
                return {"status": "ok"}
            """,
        "app/debug.py": """\
            from litestar import get


            @get("/debug/dump")
            async def dump() -> dict:
                return {}


            @get("/debug/never")
            async def never() -> dict:
                return {}
            """,
        "app/main.py": """\
            from litestar import Litestar

            from app.routes import route_handlers

            app = Litestar(route_handlers=route_handlers)
            """,
    })
    assert table(project) == {
        ("GET", "/live", "app.health.live", "app/health.py:4-6", True),
        ("GET", "/ready", "app.health.ready", "app/health.py:9-11", True),
        ("GET", "/debug/dump", "app.debug.dump", "app/debug.py:4-6", True),
        ("GET", "/debug/never", "app.debug.never", "app/debug.py:9-11", False),
    }
    dump = route(project, "/debug/dump")
    assert gates(dump) == {("condition", 'os.getenv("ENVIRONMENT") == "development"', "app/routes.py:7")}
    assert [m.location.label() for m in dump.mounts] == ["app/routes.py:8", "app/main.py:5"]
    assert route(project, "/live").gates == ()


def test_guards_on_handler_controller_router_and_app_are_auth_gates(linked) -> None:
    project = linked({
        "api.py": """\
            from litestar import Controller, Litestar, Router, get, post
            from litestar.di import Provide

            from auth import current_user, requires_admin, requires_user, staff_login_required, rate_limit


            @get("/debug/config", guards=[requires_admin])
            async def debug_config() -> dict:
                return {}


            @get("/debug/me", dependencies={"user": Provide(current_user)})
            async def debug_me(user: dict) -> dict:
                return user


            @get("/debug/unused", dependencies={"user": Provide(current_user)})
            async def debug_unused() -> dict:
                return {}


            class ToolsController(Controller):
                path = "/tools"
                guards = [staff_login_required]

                @post("/test-token")
                async def test_token(self) -> dict:
                    return {}


            @get("/debug/throttled", guards=[rate_limit])
            async def throttled() -> dict:
                return {}


            internal = Router("/internal", route_handlers=[ToolsController], guards=[requires_user])
            app = Litestar(route_handlers=[debug_config, debug_me, debug_unused, internal, throttled])
            """,
        "auth.py": """\
            def current_user(): ...
            def requires_admin(connection, handler): ...
            def requires_user(connection, handler): ...
            def staff_login_required(connection, handler): ...
            def rate_limit(connection, handler): ...
            """,
    })
    assert gates(route(project, "/debug/config")) == {("auth", "requires_admin", "api.py:7")}
    assert gates(route(project, "/debug/me")) == {("auth", "Provide(current_user)", "api.py:12")}
    assert gates(route(project, "/debug/unused")) == set()  # never asked for: Litestar does not run it
    assert gates(route(project, "/internal/tools/test-token")) == {
        ("auth", "staff_login_required", "api.py:24"), ("auth", "requires_user", "api.py:36")}
    assert gates(route(project, "/debug/throttled")) == set()
    assert route(project, "/internal/tools/test-token").dependencies == ("staff_login_required", "requires_user")


def test_register_mounts_a_handler_and_decorators_not_from_litestar_are_no_routes(linked) -> None:
    project = linked({
        "main.py": """\
            from functools import cache as get

            from litestar import Litestar
            from litestar import get as litestar_get


            @litestar_get("/ping")
            async def ping() -> str:
                return "pong"


            @get
            def settings() -> dict:
                return {}


            app = Litestar()
            app.register(ping)
            """,
    })
    assert table(project) == {("GET", "/ping", "main.ping", "main.py:7-9", True)}
    assert [m.location.label() for m in route(project, "/ping").mounts] == ["main.py:18"]


def test_a_factory_returning_the_app_keeps_its_local_handlers(linked) -> None:
    project = linked({
        "factory.py": """\
            from litestar import Litestar, get


            def create_app() -> Litestar:
                @get("/healthz")
                async def healthz() -> dict:
                    return {"status": "ok"}

                return Litestar(route_handlers=[healthz])
            """,
    })
    assert table(project) == {("GET", "/healthz", "factory.create_app.healthz", "factory.py:5-7", True)}


def test_an_integrations_router_subclass_and_an_aliased_router_mount_like_routers(linked) -> None:
    project = linked({
        "svc/__init__.py": "",
        "svc/health.py": """\
            from dishka.integrations.litestar import DishkaRouter
            from litestar import Controller, get


            class HealthController(Controller):
                path = "/healthcheck"

                @get("")
                async def health(self) -> dict:
                    return {"status": "ok"}


            health_router = DishkaRouter("", route_handlers=[HealthController])
            """,
        "svc/app.py": """\
            from litestar import Litestar
            from litestar import Router as LitestarRouter

            from svc.health import health_router

            api = LitestarRouter("/api", route_handlers=[health_router])
            app = Litestar(route_handlers=[api])
            """,
    })
    assert table(project) == {
        ("GET", "/api/healthcheck", "svc.health.HealthController.health", "svc/health.py:8-10", True),
    }
