"""Exposure patterns seen in public services (paraphrased): exact rule, file, line span and status."""

from __future__ import annotations

from prodready.model.findings import Finding

ROUTE_CLASSES = frozenset({"PR201", "PR202", "PR203"})

DEPS = """\
    from typing import Annotated

    from fastapi import Depends


    def signed_in_member():
        return None


    Member = Annotated[dict, Depends(signed_in_member)]
    """


def routes(findings: list[Finding]) -> set[tuple[str, str, int, int, str]]:
    """(rule, path, start, end, status) of the dev-route findings."""
    return {
        (f.rule_id, f.location.path, f.location.start_line, f.location.end_line, f.status)
        for f in findings if f.rule_id in ROUTE_CLASSES
    }


def test_route_taking_the_signed_in_user_through_an_annotated_alias_is_gated(scan_files) -> None:
    findings = scan_files({
        "deps.py": DEPS,
        "session.py": """\
            from fastapi import APIRouter

            from deps import Member

            router = APIRouter()


            @router.post("/session/test-credentials")
            def echo_member(current_member: Member):
                return current_member
            """,
        "main.py": """\
            from fastapi import FastAPI

            import session

            app = FastAPI()
            app.include_router(session.router, prefix="/api")
            """,
    })
    assert routes(findings) == {("PR202", "session.py", 8, 10, "gated")}
    gated = next(f for f in findings if f.rule_id == "PR202")
    assert "current_member" in gated.message


def test_route_whose_parameter_only_looks_like_a_user_stays_exposed(scan_files) -> None:
    findings = scan_files({
        "seed.py": """\
            from fastapi import FastAPI

            app = FastAPI()


            @app.post("/test/seed-member")
            def seed_member(new_member: dict):
                return new_member
            """,
    })
    assert routes(findings) == {("PR201", "seed.py", 6, 8, "exposed")}


def test_dev_word_naming_a_resource_collection_is_domain_vocabulary(scan_files) -> None:
    findings = scan_files({
        "catalogue.py": """\
            from fastapi import FastAPI

            app = FastAPI()


            @app.post("/mock-exams")
            def create_mock_exam(body: dict):
                return body


            @app.get("/mock-exams/{exam_id}")
            def read_mock_exam(exam_id: int):
                return {}


            @app.get("/mock/exams")
            def mocked_exams():
                return []
            """,
    })
    assert routes(findings) == {("PR201", "catalogue.py", 16, 18, "exposed")}


def test_a_parameter_after_a_bare_dev_segment_keeps_it_a_dev_route(scan_files) -> None:
    findings = scan_files({
        "tools.py": """\
            from fastapi import FastAPI

            app = FastAPI()


            @app.get("/debug/{key}")
            def debug_value(key: str):
                return {"key": key}
            """,
    })
    assert routes(findings) == {("PR201", "tools.py", 6, 8, "exposed")}


def test_blueprint_registered_under_a_flag_named_for_development_is_gated(scan_files) -> None:
    findings = scan_files({
        "flags.py": "enable_dev_tools = False\n",
        "tools.py": """\
            from flask import Blueprint

            tools_bp = Blueprint("tools", __name__)


            @tools_bp.route("/debug/session-dump")
            def session_dump():
                return {}
            """,
        "site.py": """\
            from flask import Flask

            from flags import enable_dev_tools

            app = Flask(__name__)
            if enable_dev_tools:
                from tools import tools_bp

                app.register_blueprint(tools_bp)
            """,
    })
    assert routes(findings) == {("PR202", "tools.py", 6, 8, "gated")}


def test_route_defined_under_a_local_flag_read_from_the_environment_is_gated(scan_files) -> None:
    findings = scan_files({
        "shop.py": """\
            import os

            from fastapi import APIRouter, FastAPI


            def make_router() -> APIRouter:
                router = APIRouter()
                showcase = os.getenv("SHOWCASE", "") == "on"
                if showcase:

                    @router.post("/demo/fill-cart")
                    def fill_cart():
                        return {"items": 3}

                return router


            app = FastAPI()
            app.include_router(make_router())
            """,
    })
    assert routes(findings) == {("PR202", "shop.py", 11, 13, "gated")}


DEV_BLUEPRINT = """\
    from flask import Blueprint, Flask, request

    from security import allowed_dev_subnets, client_ip, is_ip_allowed

    dev = Blueprint("dev", __name__, url_prefix="/dev")


    @dev.route("/dashboard")
    def dashboard():
        \"\"\"Developer dashboard: local only.\"\"\"
        ip = client_ip(request)
        if not is_ip_allowed(ip, allowed_dev_subnets()):
            return "Access denied", 403
        return {"users": 3}


    @dev.route("/state")
    def state():
        if request.remote_addr not in ("127.0.0.1", "::1"):
            return "", 404
        return {"ok": True}


    @dev.route("/echo")
    def echo():
        if request.host != "example.org":
            return "", 404
        return {"echo": request.args}


    app = Flask(__name__)
    app.register_blueprint(dev)
    """


def test_a_dev_route_refusing_callers_off_an_address_allow_list_is_gated(scan_files) -> None:
    findings = scan_files({"app.py": DEV_BLUEPRINT})
    assert routes(findings) == {
        ("PR202", "app.py", 8, 14, "gated"),
        ("PR202", "app.py", 17, 21, "gated"),
        ("PR201", "app.py", 24, 28, "exposed"),  # the server's own host name says nothing of the caller
    }
    dashboard = next(f for f in findings if f.location.start_line == 8)
    assert "is_ip_allowed" in dashboard.message


def test_a_parameter_annotated_with_an_auth_dependency_alias_from_another_module_is_gated(scan_files) -> None:
    findings = scan_files({
        "dependencies.py": """\
            from typing import Annotated

            from fastapi import Depends, HTTPException


            def api_key_dep(authorization: str = "") -> str:
                if authorization != "expected":
                    raise HTTPException(401)
                return authorization


            ApiKeyDep = Annotated[str, Depends(api_key_dep)]
            Pagination = Annotated[int, Depends(lambda: 10)]
            """,
        "items.py": """\
            from fastapi import APIRouter

            from dependencies import ApiKeyDep, Pagination

            router = APIRouter()


            @router.get("/items/{item_id}")
            def get_item_test(_: ApiKeyDep, item_id: str):
                return {"id": item_id}


            @router.get("/items/{item_id}/debug")
            def debug_item(limit: Pagination, item_id: str):
                return {"id": item_id}
            """,
        "main.py": """\
            from fastapi import FastAPI

            import items

            app = FastAPI()
            app.include_router(items.router)
            """,
    })
    assert routes(findings) == {("PR202", "items.py", 8, 10, "gated"), ("PR201", "items.py", 13, 15, "exposed")}
    gated = next(f for f in findings if f.rule_id == "PR202")
    assert "api_key_dep" in gated.message


def test_a_handler_whose_docstring_says_development_only_is_a_dev_route(scan_files) -> None:
    findings = scan_files({
        "devices.py": '''\
            from fastapi import APIRouter, FastAPI

            router = APIRouter()


            @router.post("/devices/reset-throttling/{device_token}")
            def reset_throttling(device_token: str):
                """Reset notification throttling for a device (development only)."""
                return {"reset": device_token}


            @router.post("/devices/{device_token}/ping")
            def ping_device(device_token: str):
                """Sends a push; useful for testing whether a device still answers."""
                return {"sent": device_token}


            app = FastAPI()
            app.include_router(router)
            ''',
    })
    assert routes(findings) == {("PR201", "devices.py", 6, 9, "exposed")}
    found = next(f for f in findings if f.rule_id == "PR201")
    assert found.confidence.name == "MEDIUM" and 'docstring says "development only"' in " ".join(found.details)
