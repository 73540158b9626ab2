"""Quart routes: Flask's shapes on asyncio, reported as framework "quart"."""

from __future__ import annotations

from prodready.model.project import ProjectModel


def table(project: ProjectModel) -> set[tuple[str, str, str, str, str, bool]]:
    """(framework, methods, effective path, handler, handler span, mounted) of every route."""
    return {(r.framework, ",".join(r.methods), r.path, r.handler, r.location.label(), r.mounted)
            for r in project.routes}


def test_app_factory_blueprints_and_async_handlers(linked) -> None:
    project = linked({
        "svc/__init__.py": """\
            import os

            import quart

            from svc.views import api_bp, ops_bp


            def create_app() -> quart.Quart:
                app = quart.Quart(__name__)
                app.register_blueprint(api_bp, url_prefix="/api/v2")
                app.register_blueprint(ops_bp)
                if os.getenv("QUART_ENV") == "development":
                    from svc.devtools import dev_bp

                    app.register_blueprint(dev_bp)

                @app.route("/", methods=["GET", "HEAD"])
                async def index():
                    return "ok"

                return app
            """,
        "svc/views.py": """\
            from quart import Blueprint, websocket

            api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
            ops_bp = Blueprint("ops", __name__, url_prefix="/ops")


            @api_bp.get("/orders/<int:order_id>")
            async def get_order(order_id: int):
                return {"id": order_id}


            @ops_bp.route("/ping")
            async def ping():
                return "pong"


            @api_bp.websocket("/ws")
            async def stream():
                await websocket.send("hi")
            """,
        "svc/devtools.py": """\
            from quart import Blueprint

            dev_bp = Blueprint("dev", __name__, url_prefix="/dev")


            @dev_bp.post("/reset")
            async def reset():
                return {}
            """,
    })
    assert table(project) == {
        ("quart", "GET,HEAD", "/", "svc.create_app.index", "svc/__init__.py:17-19", True),
        ("quart", "GET", "/api/v2/orders/<int:order_id>", "svc.views.get_order", "svc/views.py:7-9", True),
        ("quart", "GET", "/ops/ping", "svc.views.ping", "svc/views.py:12-14", True),
        ("quart", "GET", "/api/v2/ws", "svc.views.stream", "svc/views.py:17-19", True),  # a websocket: GET handshake
        ("quart", "POST", "/dev/reset", "svc.devtools.reset", "svc/devtools.py:6-8", True),
    }
    reset = next(r for r in project.routes if r.path == "/dev/reset")
    assert [(g.kind, g.expression) for g in reset.gates] == [("condition", 'os.getenv("QUART_ENV") == "development"')]
    assert [m.location.label() for m in reset.mounts] == ["svc/__init__.py:15"]


def test_flask_and_quart_services_in_one_repository_keep_their_frameworks(linked) -> None:
    project = linked({
        "legacy/app.py": """\
            from flask import Blueprint, Flask

            bp = Blueprint("legacy", __name__, url_prefix="/legacy")


            @bp.get("/health")
            def health():
                return {"status": "ok"}


            app = Flask(__name__)
            app.register_blueprint(bp)
            """,
        "edge/app.py": """\
            from quart import Blueprint, Quart

            bp = Blueprint("edge", __name__, url_prefix="/edge")


            @bp.get("/health")
            async def health():
                return {"status": "ok"}


            app = Quart(__name__)
            app.register_blueprint(bp)
            app.add_url_rule("/ready", "ready", health)
            """,
    })
    assert table(project) == {
        ("flask", "GET", "/legacy/health", "legacy.app.health", "legacy/app.py:6-8", True),
        ("quart", "GET", "/edge/health", "edge.app.health", "edge/app.py:6-8", True),
        ("quart", "GET", "/ready", "edge.app.health", "edge/app.py:6-8", True),
    }
    assert [(a.framework, a.name) for a in project.apps] == [("quart", "edge.app.app"), ("flask", "legacy.app.app")]
