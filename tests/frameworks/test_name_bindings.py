"""Names as the code binds them, in order (issue 12 point 2): each use of a module-level name is
resolved to the binding visible at that statement; other modules see its last binding."""

from __future__ import annotations

from prodready.model.project import ProjectModel


def table(project: ProjectModel) -> set[tuple[str, str, str, bool]]:
    """(methods, effective path, handler, mounted) of every route."""
    return {(",".join(r.methods), r.path, r.handler, r.mounted) for r in project.routes}


def test_an_imported_module_used_before_a_handler_of_the_same_name(linked) -> None:
    project = linked({
        "app/__init__.py": "",
        "app/main.py": """\
            from fastapi import FastAPI

            from app.routers import health

            app = FastAPI()
            app.include_router(health.router, prefix="/internal")


            @app.get("/health")
            def health():
                return {"status": "ok"}
            """,
        "app/routers/__init__.py": "",
        "app/routers/health.py": """\
            from fastapi import APIRouter

            router = APIRouter()


            @router.get("/ready")
            def ready():
                return {"ready": True}
            """,
    })
    assert table(project) == {
        ("GET", "/internal/ready", "app.routers.health.ready", True),
        ("GET", "/health", "app.main.health", True),
    }


def test_a_rebound_blueprint_keeps_its_routes_and_importers_see_the_last_binding(linked) -> None:
    project = linked({
        "svc/__init__.py": """\
            from flask import Flask

            from svc import views

            app = Flask(__name__)
            app.register_blueprint(views.bp, url_prefix="/v2")
            """,
        "svc/views.py": """\
            from flask import Blueprint

            from svc.legacy import legacy_bp

            bp = Blueprint("views", __name__, url_prefix="/views")


            @bp.route("/items")
            def items():
                return []


            bp = legacy_bp
            """,
        "svc/legacy.py": """\
            from flask import Blueprint

            legacy_bp = Blueprint("legacy", __name__)


            @legacy_bp.route("/old")
            def old():
                return []
            """,
    })
    assert table(project) == {
        ("GET", "/views/items", "svc.views.items", False),  # its blueprint is never registered
        ("GET", "/v2/old", "svc.legacy.old", True),  # `views.bp` is legacy_bp once views.py has run
    }


def test_a_router_rebound_between_decorators_and_a_wrapped_app(linked) -> None:
    project = linked({
        "main.py": """\
            from fastapi import APIRouter, FastAPI
            from starlette.middleware.cors import CORSMiddleware

            app = FastAPI()
            router = APIRouter(prefix="/a")


            @router.get("/one")
            def one():
                return 1


            app.include_router(router)
            router = APIRouter(prefix="/b")


            @router.get("/two")
            def two():
                return 2


            app.include_router(router)
            app = CORSMiddleware(app, allow_origins=["*"])
            """,
    })
    assert table(project) == {("GET", "/a/one", "main.one", True), ("GET", "/b/two", "main.two", True)}
