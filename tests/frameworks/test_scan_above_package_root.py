"""Scanning a repository root above the package root still links imports like `from app.api import x`."""

from __future__ import annotations

from tests.conftest import scan_project

FILES = {
    "backend/app/__init__.py": "",
    "backend/app/api/__init__.py": "",
    "backend/app/api/token_routes.py": """
        import jwt
        from fastapi import APIRouter

        router = APIRouter(prefix="/test")


        @router.get("/token")
        def token():
            return {"token": jwt.encode({"role": "admin"}, "k", algorithm="HS256")}
    """,
    "backend/app/main.py": """
        from fastapi import FastAPI

        from app.api import token_routes

        app = FastAPI()
        app.include_router(token_routes.router, prefix="/api/v1")
    """,
}


def exposure(result):
    return [(f.rule_id, f.location.path, f.location.start_line, f.status, f.severity.label)
            for f in result.findings if f.family == "exposure"]


def test_the_same_exposed_route_whether_the_scan_starts_at_the_repo_or_the_package_root(tmp_path):
    from_repo = scan_project(tmp_path / "repo", FILES, strip_first_newline=True)
    assert exposure(from_repo) == [("PR201", "backend/app/api/token_routes.py", 7, "exposed", "critical")]
    only_backend = scan_project(tmp_path / "b", {k.removeprefix("backend/"): v for k, v in FILES.items()},
                                strip_first_newline=True)
    assert exposure(only_backend) == [("PR201", "app/api/token_routes.py", 7, "exposed", "critical")]


def test_canonical_module_matches_unique_dotted_suffixes_only():
    from pathlib import Path

    from prodready.model.project import FileInfo, ProjectModel

    modules = ["backend.app.api", "backend.app.main", "clients.redis", "a.x.util", "b.x.util"]
    files = {m.replace(".", "/") + ".py": FileInfo(m.replace(".", "/") + ".py", m, "", 1) for m in modules}
    project = ProjectModel(root=Path("."), files=files, facts={})
    assert project.canonical_module("app.api") == "backend.app.api"
    assert project.canonical_module("backend.app.main") == "backend.app.main"
    assert project.canonical_module("redis") is None  # a single name is a third-party import
    assert project.canonical_module("x.util") is None  # ambiguous
