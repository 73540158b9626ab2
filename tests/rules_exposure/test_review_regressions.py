"""Regressions from review: auth-looking dependency names, routers in test/ directories, and
which way an environment `if` points."""

from __future__ import annotations

import pytest

from prodready.model.findings import Finding

TOKEN_ROUTER = """\
    import jwt
    from fastapi import APIRouter, Depends


    def {dependency}():
        return {{}}


    router = APIRouter(prefix="/test")


    @router.post("/generate-token")
    def gen(cfg=Depends({dependency})):
        return jwt.encode({{"sub": "admin"}}, "secret", algorithm="HS256")
    """
MAIN = """\
    from fastapi import FastAPI

    from api import routes

    app = FastAPI()
    app.include_router(routes.router)
    """


def exposure(findings: list[Finding]) -> set[tuple[str, str, int, str]]:
    """(rule, path, line, status) of the exposure family's findings."""
    return {(f.rule_id, f.location.path, f.location.start_line, f.status) for f in findings if f.family == "exposure"}


@pytest.mark.parametrize("dependency", ["get_token_settings", "get_user_agent"])
def test_dependency_named_like_token_or_user_is_not_an_auth_gate(scan_files, dependency: str) -> None:
    findings = scan_files({
        "api/__init__.py": "",
        "api/routes.py": TOKEN_ROUTER.format(dependency=dependency),
        "main.py": MAIN,
    })
    assert exposure(findings) == {("PR201", "api/routes.py", 12, "exposed")}


def test_auth_dependency_still_gates_the_token_route(scan_files) -> None:
    findings = scan_files({
        "api/__init__.py": "",
        "api/routes.py": TOKEN_ROUTER.format(dependency="get_current_user"),
        "main.py": MAIN,
    })
    assert exposure(findings) == {("PR202", "api/routes.py", 12, "gated")}


def test_router_in_a_test_directory_mounted_by_production_code_is_exposed(scan_files) -> None:
    findings = scan_files({
        "api/__init__.py": "",
        "api/test/__init__.py": "",
        "api/test/routes.py": TOKEN_ROUTER.format(dependency="get_token_settings"),
        "main.py": """\
            from fastapi import FastAPI

            from api.test import routes as test_routes

            app = FastAPI()
            app.include_router(test_routes.router, prefix="/api/v1")
            """,
        "tests/test_app.py": """\
            import pytest
            from fastapi import FastAPI

            app = FastAPI()


            @app.get("/debug/reset")
            def reset():
                return {}
            """,
    })
    assert exposure(findings) == {("PR201", "api/test/routes.py", 12, "exposed")}


@pytest.mark.parametrize(
    ("mount", "expected"),
    [
        ('if os.getenv("DISABLE_TEST_ROUTES") != "1" or True:\n    app.include_router(routes.router)\n',
         ("PR201", "exposed")),
        ('if ENV == "production":\n    app.include_router(routes.router)\n', ("PR201", "exposed")),
        ('if ENV == "development":\n    pass\nelse:\n    app.include_router(routes.router)\n', ("PR201", "exposed")),
        ('if ENV == "production":\n    pass\nelse:\n    app.include_router(routes.router)\n', ("PR202", "gated")),
        ('if ENV == "development":\n    app.include_router(routes.router)\n', ("PR202", "gated")),
        ('if not settings.DEBUG:\n    pass\nelse:\n    app.include_router(routes.router)\n', ("PR202", "gated")),
    ],
)
def test_which_way_an_environment_test_points_decides_the_gate(
        scan_files, mount: str, expected: tuple[str, str]) -> None:
    findings = scan_files({
        "api/__init__.py": "",
        "api/routes.py": TOKEN_ROUTER.format(dependency="get_token_settings"),
        "main.py": (
            "import os\n\nfrom fastapi import FastAPI\n\nfrom api import routes\nfrom config import settings\n\n"
            'ENV = os.environ.get("ENVIRONMENT", "development")\napp = FastAPI()\n' + mount
        ),
        "config.py": "settings = None\n",
    })
    rule, status = expected
    assert exposure(findings) == {(rule, "api/routes.py", 12, status)}
