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
