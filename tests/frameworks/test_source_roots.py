"""Imports resolve against each service's own source roots (issue 12 point 1): the folder of its
entry module, its manifests, src layouts and what its Dockerfile runs from."""

from __future__ import annotations

from pathlib import Path

from prodready.engine.roots import dockerfile_roots, source_roots
from prodready.model.project import FileInfo, ProjectModel
from tests.frameworks.conftest import link_tree


def table(project: ProjectModel) -> set[tuple[str, str, str, bool]]:
    """(methods, effective path, handler file:line, mounted) of every route."""
    return {(",".join(r.methods), r.path, r.location.label(), r.mounted) for r in project.routes}


def test_roots_from_packages_entry_modules_manifests_src_layouts_and_dockerfiles() -> None:
    sources = [
        "apps/api/main.py", "apps/api/api/__init__.py", "apps/api/api/v1/__init__.py",
        "services/orders/src/orders/models.py", "services/billing/code/server.py",
        "services/billing/code/handlers/pay.py", "tools/lib/helpers.py", "libs/shared/pkg/__init__.py",
    ]
    roots = source_roots(sources, ["services/orders/pyproject.toml", "tools/requirements.txt"],
                         {"services/billing/Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY code/ /srv\n"})
    assert roots == ("", "apps/api", "libs/shared", "services/billing/code", "services/orders/src", "tools")


def test_a_scanned_root_that_is_a_package_itself() -> None:
    assert source_roots(["__init__.py", "views.py", "sub/__init__.py", "sub/x.py"]) == ("",)


def test_dockerfile_workdir_copy_and_pythonpath() -> None:
    assert dockerfile_roots("svc", "WORKDIR /app\nCOPY requirements.txt .\nCOPY src/ /app\n") == [
        "svc/requirements.txt", "svc/src"]  # files are dropped by source_roots: only folders holding code count
    assert dockerfile_roots("", "WORKDIR /code\nCOPY ./app /code/app\n") == [""]
    assert dockerfile_roots("backend", 'FROM x\nCOPY . /opt/svc\nWORKDIR /opt/svc\nENV PYTHONPATH="/opt/svc/lib:$PYTHONPATH"\n') \
        == ["backend", "backend/lib"]
    assert dockerfile_roots("", "# no workdir\nRUN pip install x\n") == []


def test_canonical_module_prefers_the_importers_own_roots() -> None:
    modules = {"apps/api/api/v1/routers/health.py": "apps.api.api.v1.routers.health",
               "apps/api/main.py": "apps.api.main",
               "apps/worker/api/v1/routers/health.py": "apps.worker.api.v1.routers.health",
               "apps/worker/main.py": "apps.worker.main", "apps/worker/settings.py": "apps.worker.settings"}
    files = {path: FileInfo(path, module, "", 1) for path, module in modules.items()}
    project = ProjectModel(root=Path("."), files=files, facts={}, source_roots=("", "apps/api", "apps/worker"))
    assert project.canonical_module("api.v1.routers.health", "apps.api.main") == "apps.api.api.v1.routers.health"
    assert project.canonical_module("api.v1.routers.health", "apps.worker.main") == "apps.worker.api.v1.routers.health"
    assert project.canonical_module("api.v1.routers.health") is None  # ambiguous without an importer
    assert project.canonical_module("settings", "apps.worker.main") == "apps.worker.settings"
    assert project.canonical_module("settings", "apps.api.main") is None  # not under this service's roots
    assert project.canonical_module("api.v1", "apps.api.main") == "apps.api.api.v1"  # a folder without __init__.py


SERVICE = {
    "main.py": """\
        from fastapi import FastAPI

        from api.v1.routers import health
        from api.v1 import routers

        app = FastAPI()
        app.include_router(health.router, prefix="/api/v1")
        app.include_router(routers.users.router, prefix="/api/v1")
        """,
    "api/__init__.py": "",
    "api/v1/__init__.py": "",
    "api/v1/routers/__init__.py": "from api.v1.routers import users\n",
    "api/v1/routers/health.py": """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/health")


        @router.get("/ready")
        def ready():
            return {"status": "ok"}
        """,
    "api/v1/routers/users.py": """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/users")


        @router.get("/")
        def users():
            return []
        """,
    "requirements.txt": "fastapi\n",
}
OTHER_SERVICE = {  # a second service whose modules have the same names
    "apps/worker/main.py": """\
        from flask import Flask

        from api.v1.routers import health

        app = Flask(__name__)
        app.register_blueprint(health.bp, url_prefix="/internal")
        """,
    "apps/worker/api/__init__.py": "",
    "apps/worker/api/v1/__init__.py": "",
    "apps/worker/api/v1/routers/__init__.py": "",
    "apps/worker/api/v1/routers/health.py": """\
        from flask import Blueprint

        bp = Blueprint("health", __name__)


        @bp.route("/live")
        def live():
            return "ok"
        """,
}


def test_monorepo_services_resolve_their_own_modules_from_either_root(linked, tmp_path: Path) -> None:
    repo = {**{f"apps/api/{path}": text for path, text in SERVICE.items()}, **OTHER_SERVICE}
    from_repo = table(linked(repo))
    assert from_repo == {
        ("GET", "/api/v1/health/ready", "apps/api/api/v1/routers/health.py:6-8", True),
        ("GET", "/api/v1/users/", "apps/api/api/v1/routers/users.py:6-8", True),
        ("GET", "/internal/live", "apps/worker/api/v1/routers/health.py:6-8", True),
    }
    from_service = {(m, p, f"apps/api/{where}", mounted)
                    for m, p, where, mounted in table(linked_at(tmp_path / "service", SERVICE))}
    assert from_service == {r for r in from_repo if r[2].startswith("apps/api/")}


def linked_at(root: Path, files: dict[str, str]) -> ProjectModel:
    """The linked project of `files` written under `root` (a second tree in one test)."""
    return link_tree(root, files)


def test_namespace_packages_under_a_dockerfile_workdir(linked) -> None:
    project = linked({
        "services/billing/Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY code/ /srv\nCMD [\"python\", \"-m\", \"app\"]\n",
        "services/billing/code/app.py": """\
            from aiohttp import web

            import routes

            app = web.Application()
            app.add_routes(routes.table)
            """,
        "services/billing/code/routes.py": """\
            from aiohttp import web

            import checks

            table = web.RouteTableDef()


            @table.get("/healthz")
            async def healthz(request):
                return web.json_response(checks.report())
            """,
        "services/billing/code/checks.py": "def report():\n    return {'status': 'ok'}\n",
        "services/orders/code/routes.py": "table = None\n",  # the same module name in another service
    })
    assert table(project) == {("GET", "/healthz", "services/billing/code/routes.py:8-10", True)}
