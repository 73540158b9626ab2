"""Each exposure class on small multi-file projects: exact rule, file, line, status, locations."""

from __future__ import annotations

from prodready.model.findings import Finding, Severity

TEST_ROUTES = """\
    import jwt
    from fastapi import APIRouter

    router = APIRouter(prefix="/rbac-test", tags=["rbac-test"])


    @router.get("/generate-tokens")
    async def generate_test_tokens():
        \"\"\"Generate test JWT tokens for different roles.\"\"\"
        return {"admin": jwt.encode({"role": "admin"}, "secret", algorithm="HS256")}
    """
PACKAGE = {"api/__init__.py": "", "api/v1/__init__.py": "", "api/v1/rbac_test_routes.py": TEST_ROUTES}


def exposure(findings: list[Finding]) -> set[tuple[str, str, int, int, str]]:
    """(rule, path, start, end, status) of the exposure family's findings."""
    return {
        (f.rule_id, f.location.path, f.location.start_line, f.location.end_line, f.status)
        for f in findings if f.family == "exposure"
    }


def only(findings: list[Finding], rule_id: str) -> Finding:
    """The single finding of `rule_id`."""
    matching = [f for f in findings if f.rule_id == rule_id]
    assert len(matching) == 1, matching
    return matching[0]


def test_token_route_mounted_from_another_module_with_prefix_is_critical(scan_files) -> None:
    findings = scan_files({
        **PACKAGE,
        "main.py": """\
            from fastapi import FastAPI

            from api.v1 import rbac_test_routes

            app = FastAPI()
            app.include_router(rbac_test_routes.router, prefix="/api/v1")
            """,
    })
    assert exposure(findings) == {("PR201", "api/v1/rbac_test_routes.py", 7, 10, "exposed")}
    finding = only(findings, "PR201")
    assert finding.severity is Severity.CRITICAL
    assert "/api/v1/rbac-test/generate-tokens" in finding.message
    assert [loc.label() for loc in finding.related] == ["main.py:6"]
    assert finding.area == "authentication" and finding.title == "RBAC Test Routes"


def test_router_imported_by_name_through_a_package_reexport(scan_files) -> None:
    findings = scan_files({
        **PACKAGE,
        "api/v1/__init__.py": "from .rbac_test_routes import router as test_router\n",
        "main.py": """\
            from fastapi import FastAPI

            from api.v1 import test_router

            app = FastAPI()
            app.include_router(test_router, prefix="/v1")
            """,
    })
    assert exposure(findings) == {("PR201", "api/v1/rbac_test_routes.py", 7, 10, "exposed")}
    assert "/v1/rbac-test/generate-tokens" in only(findings, "PR201").message


def test_mount_under_environment_condition_is_gated(scan_files) -> None:
    findings = scan_files({
        **PACKAGE,
        "config.py": "class Settings:\n    ENVIRONMENT = 'production'\n\n\nsettings = Settings()\n",
        "main.py": """\
            from fastapi import FastAPI

            from api.v1 import rbac_test_routes
            from config import settings

            app = FastAPI()
            if settings.ENVIRONMENT == "development":
                app.include_router(rbac_test_routes.router, prefix="/api/v1")
            """,
    })
    assert exposure(findings) == {("PR202", "api/v1/rbac_test_routes.py", 7, 10, "gated")}
    finding = only(findings, "PR202")
    assert finding.severity is Severity.INFO
    assert {loc.label() for loc in finding.related} == {"main.py:7", "main.py:8"}


def test_auth_dependency_on_the_include_is_gated(scan_files) -> None:
    findings = scan_files({
        **PACKAGE,
        "auth.py": "def require_admin():\n    return None\n",
        "main.py": """\
            from fastapi import Depends, FastAPI

            from api.v1 import rbac_test_routes
            from auth import require_admin

            app = FastAPI()
            app.include_router(rbac_test_routes.router, dependencies=[Depends(require_admin)])
            """,
    })
    assert exposure(findings) == {("PR202", "api/v1/rbac_test_routes.py", 7, 10, "gated")}
    assert only(findings, "PR202").related[0].label() == "main.py:7"


def test_kit_dev_only_guard_on_the_router_is_gated(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from fastapi import APIRouter, Depends, FastAPI

            from prodready_kit.guards import dev_only

            router = APIRouter(prefix="/debug", dependencies=[Depends(dev_only)])


            @router.get("/config")
            def dump_config():
                return {}


            app = FastAPI()
            app.include_router(router)
            """,
    })
    assert exposure(findings) == {("PR202", "app.py", 8, 10, "gated")}
    assert only(findings, "PR202").related[0].label() == "app.py:5"


def test_commented_out_include_is_unmounted_with_the_comment_related(scan_files) -> None:
    findings = scan_files({
        **PACKAGE,
        "main.py": """\
            from fastapi import FastAPI

            app = FastAPI()
            # from api.v1 import rbac_test_routes
            # app.include_router(rbac_test_routes.router, prefix="/api/v1")
            """,
    })
    assert exposure(findings) == {("PR203", "api/v1/rbac_test_routes.py", 7, 10, "unmounted")}
    finding = only(findings, "PR203")
    assert finding.severity is Severity.LOW
    assert [loc.label() for loc in finding.related] == ["main.py:5"]


def test_never_included_router_is_unmounted(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from fastapi import APIRouter, FastAPI

            app = FastAPI()
            mock_router = APIRouter()


            @mock_router.get("/payments")
            def payments():
                return []
            """,
    })
    assert exposure(findings) == {("PR203", "app.py", 7, 9, "unmounted")}
    assert only(findings, "PR203").related == ()


def test_starlette_mount_of_a_debug_route_list(scan_files) -> None:
    findings = scan_files({
        "debug_views.py": """\
            from starlette.responses import JSONResponse


            async def dump_state(request):
                return JSONResponse({})
            """,
        "app.py": """\
            from starlette.applications import Starlette
            from starlette.routing import Mount, Route

            from debug_views import dump_state


            async def homepage(request):
                return None


            routes = [
                Route("/", homepage),
                Mount("/internal", routes=[Route("/debug/state", dump_state, methods=["GET"])]),
            ]
            app = Starlette(routes=routes)
            """,
    })
    assert exposure(findings) == {("PR201", "debug_views.py", 4, 5, "exposed")}
    finding = only(findings, "PR201")
    assert "`GET /internal/debug/state`" in finding.message
    assert finding.severity is Severity.HIGH
    assert [loc.label() for loc in finding.related] == ["app.py:13", "app.py:15"]


def test_flask_blueprint_prefix_replaced_by_register_blueprint(scan_files) -> None:
    findings = scan_files({
        "views/__init__.py": "",
        "views/demo.py": """\
            from flask import Blueprint

            bp = Blueprint("demo", __name__, url_prefix="/demo")


            @bp.route("/seed", methods=["POST"])
            def seed():
                return {"seeded": True}
            """,
        "app.py": """\
            from flask import Flask

            from views.demo import bp as demo_bp

            app = Flask(__name__)
            app.register_blueprint(demo_bp, url_prefix="/sandbox")
            """,
    })
    assert exposure(findings) == {("PR201", "views/demo.py", 6, 8, "exposed")}
    assert "`POST /sandbox/seed`" in only(findings, "PR201").message


def test_flask_guard_blueprint_is_gated(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from flask import Blueprint, Flask

            from prodready_kit.guards import guard_blueprint

            test_bp = guard_blueprint(Blueprint("test", __name__, url_prefix="/test"))
            tools = Blueprint("tools", __name__, url_prefix="/testing")
            guard_blueprint(tools)


            @tools.get("/reset")
            def reset():
                return "ok"


            app = Flask(__name__)
            app.register_blueprint(tools)
            """,
    })
    assert exposure(findings) == {("PR202", "app.py", 10, 12, "gated")}
    assert only(findings, "PR202").related[0].label() == "app.py:7"


def test_login_route_minting_tokens_after_checking_credentials_is_not_a_dev_route(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from fastapi import FastAPI

            from security import create_access_token, verify_password

            app = FastAPI()


            @app.post("/login")
            def login(username: str, password: str):
                if not verify_password(username, password):
                    return {"error": "invalid"}
                return {"token": create_access_token(username)}


            @app.get("/latest")
            def latest():
                return []


            @app.get("/developers/contest")
            def contest():
                return []
            """,
    })
    assert exposure(findings) == set()


def test_token_minting_through_a_helper_without_credentials_is_exposed(scan_files) -> None:
    findings = scan_files({
        "tokens.py": """\
            import jwt


            def make_admin():
                return jwt.encode({"role": "admin"}, "k")
            """,
        "app.py": """\
            from fastapi import FastAPI

            import tokens

            app = FastAPI()


            @app.get("/tokens/admin")
            def admin_token():
                return {"token": tokens.make_admin()}
            """,
    })
    assert exposure(findings) == {("PR201", "app.py", 8, 10, "exposed")}
    assert only(findings, "PR201").severity is Severity.CRITICAL


def test_debug_mode_switched_on(scan_files) -> None:
    findings = scan_files({
        "api.py": "from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n",
        "web.py": """\
            import os

            from flask import Flask

            app = Flask(__name__)
            app.debug = True
            if os.environ.get("APP_ENV") == "development":
                app.config["DEBUG"] = True

            if __name__ == "__main__":
                app.run(host="0.0.0.0", debug=True)
            """,
        "proj/__init__.py": "",
        "proj/settings.py": "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nDEBUG = True\n",
        "proj/local_settings.py": "SECRET_KEY = 'x'\nINSTALLED_APPS = []\nDEBUG = True\n",
        "proj/prod.py": "import os\nSECRET_KEY = 'x'\nINSTALLED_APPS = []\nDEBUG = os.environ.get('DEBUG') == '1'\n",
    })
    assert exposure(findings) == {
        ("PR204", "api.py", 3, 3, "enabled"),
        ("PR204", "web.py", 6, 6, "enabled"),
        ("PR204", "web.py", 11, 11, "enabled"),
        ("PR204", "proj/settings.py", 3, 3, "enabled"),
    }


def test_domain_words_and_authenticated_test_actions(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from fastapi import Depends, FastAPI

            from auth import get_current_user

            app = FastAPI()


            @app.get("/lab-tests/{test_id}")
            def lab_result(test_id: int):
                return {}


            @app.post("/webhooks/{hook_id}/test")
            def send_test_event(hook_id: int, user=Depends(get_current_user)):
                return {"sent": True}


            @app.post("/debug/replay/{hook_id}")
            def replay_event(hook_id: int, user=Depends(get_current_user)):
                return {"sent": True}
            """,
        "auth.py": "def get_current_user():\n    return None\n",
    })
    # testing a webhook is a product feature (issue 13); a debug route behind auth is gated
    assert exposure(findings) == {("PR202", "app.py", 18, 20, "gated")}
    assert only(findings, "PR202").related[0].label() == "app.py:19"


def test_flask_before_request_login_hook_gates_the_blueprint(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from flask import Blueprint, Flask

            debug = Blueprint("debug", __name__, url_prefix="/debug")


            @debug.before_request
            def require_login():
                return None


            @debug.get("/queries")
            def queries():
                return []


            app = Flask(__name__)
            app.register_blueprint(debug)
            """,
    })
    assert exposure(findings) == {("PR202", "app.py", 11, 13, "gated")}
    assert only(findings, "PR202").related[0].label() == "app.py:6"


def test_api_key_creation_for_signed_in_users_is_not_a_dev_route(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            import secrets

            from fastapi import Depends, FastAPI

            from auth import get_current_user

            app = FastAPI()


            @app.post("/api-keys")
            def create_api_key(user=Depends(get_current_user)):
                return {"key": secrets.token_urlsafe(32)}


            @app.post("/keys/anonymous")
            def anonymous_key():
                return {"key": secrets.token_urlsafe(32)}
            """,
        "auth.py": "def get_current_user():\n    return None\n",
    })
    assert exposure(findings) == {("PR201", "app.py", 15, 17, "exposed")}


def test_debug_attributes_of_other_objects_are_not_debug_mode(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            from flask import Flask
            from flask_socketio import SocketIO

            app = Flask(__name__)
            socketio = SocketIO(app)


            class Worker:
                def __init__(self):
                    self.debug = True


            options.debug = True
            socketio.run(app, debug=True)
            """,
    })
    assert exposure(findings) == {("PR204", "app.py", 14, 14, "enabled")}


def test_mount_inside_a_setup_function_called_under_an_environment_condition(scan_files) -> None:
    findings = scan_files({
        **PACKAGE,
        "routing.py": """\
            from api.v1 import rbac_test_routes


            def add_test_routes(app):
                app.include_router(rbac_test_routes.router)
            """,
        "main.py": """\
            import os

            from fastapi import FastAPI

            from routing import add_test_routes

            app = FastAPI()
            if os.getenv("APP_ENV") == "local":
                add_test_routes(app)
            """,
    })
    assert exposure(findings) == {("PR202", "api/v1/rbac_test_routes.py", 7, 10, "gated")}
    assert {loc.label() for loc in only(findings, "PR202").related} == {"main.py:8", "routing.py:5"}


def test_early_return_on_production_gates_the_rest_of_the_setup_function(scan_files) -> None:
    findings = scan_files({
        **PACKAGE,
        "main.py": """\
            from fastapi import FastAPI

            from api.v1 import rbac_test_routes
            from config import settings


            def create_app():
                app = FastAPI()
                if settings.is_production:
                    return app
                app.include_router(rbac_test_routes.router)
                return app
            """,
        "config.py": "settings = None\n",
    })
    assert exposure(findings) == {("PR202", "api/v1/rbac_test_routes.py", 7, 10, "gated")}
    assert {loc.label() for loc in only(findings, "PR202").related} == {"main.py:9", "main.py:11"}


def test_configured_gate_names_are_used(tmp_path) -> None:
    import textwrap

    from prodready.model.config import Config
    from prodready.pipeline.options import ScanOptions
    from prodready.pipeline.scan import scan

    (tmp_path / "app.py").write_text(textwrap.dedent("""\
        from fastapi import APIRouter, FastAPI

        from flags import features

        debug = APIRouter(prefix="/debug")


        @debug.get("/state")
        def state():
            return {}


        app = FastAPI()
        if features.INTERNAL_TOOLS:
            app.include_router(debug)
        """))
    (tmp_path / "flags.py").write_text("features = None\n")
    default = scan(ScanOptions(root=tmp_path, use_cache=False, jobs=1))
    configured = scan(ScanOptions(root=tmp_path, use_cache=False, jobs=1,
                                  config=Config(gate_names=("INTERNAL_TOOLS",))))
    assert exposure(list(default.findings)) == {("PR201", "app.py", 8, 10, "exposed")}
    assert exposure(list(configured.findings)) == {("PR202", "app.py", 8, 10, "gated")}
