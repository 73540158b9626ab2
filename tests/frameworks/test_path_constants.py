"""Paths and prefixes kept in string constants (issue 12): a constant another module defines, built
from earlier constants, and a local name a registration loop formats; what no reader can evaluate stays
shown as written."""

from __future__ import annotations

from prodready.model.project import ProjectModel


def paths(project: ProjectModel) -> set[tuple[str, str]]:
    """(methods, effective path) of every route."""
    return {(",".join(r.methods), r.path) for r in project.routes}


def test_a_prefix_and_a_path_imported_from_a_constants_module(linked) -> None:
    project = linked({
        "api/__init__.py": "",
        "api/routes.py": """\
            API_VERSION = "v1"
            API_ROUTE_BASE = f"/{API_VERSION}"
            LIVENESS_ROUTE = API_ROUTE_BASE + "/liveness"
            JOBS_ROUTE = "{}/jobs".format(API_ROUTE_BASE)
            JOB_ROUTE = JOBS_ROUTE
            JOB_ROUTE += "/{job_id}"
            """,
        "api/config.py": 'API_PREFIX = "/api"\n',
        "api/probes.py": """\
            from fastapi import APIRouter

            from api.routes import JOB_ROUTE, JOBS_ROUTE, LIVENESS_ROUTE

            router = APIRouter()


            @router.get(LIVENESS_ROUTE)
            def liveness():
                return {"status": "alive"}


            @router.get(JOBS_ROUTE)
            def jobs():
                return []


            @router.get(JOB_ROUTE)
            def job(job_id: str):
                return {}
            """,
        "api/main.py": """\
            from fastapi import FastAPI

            from api import config, probes

            app = FastAPI()
            app.include_router(probes.router, prefix=config.API_PREFIX)
            """,
    })
    assert paths(project) == {("GET", "/api/v1/liveness"), ("GET", "/api/v1/jobs"), ("GET", "/api/v1/jobs/{job_id}")}
    mount = next(r for r in project.routes if r.path == "/api/v1/liveness").mounts[0]
    assert mount.prefix == "/api"


def test_a_local_name_formatted_in_a_registration_loop(linked) -> None:
    project = linked({
        "api.py": """\
            import falcon


            class Health:
                def on_get(self, req, resp):
                    resp.media = {"ok": True}


            class Nodes:
                def on_get(self, req, resp):
                    resp.media = []


            def start_api():
                app = falcon.App()
                routes = [("/health", Health()), ("/nodes/{name}", Nodes())]
                prefix = "/api/v1.0"
                for path, resource in routes:
                    route = "{}{}".format(prefix, path)
                    app.add_route(route, resource)
                return app
            """,
    })
    assert paths(project) == {("GET", "/api/v1.0/health"), ("GET", "/api/v1.0/nodes/{name}")}


def test_what_no_reader_can_evaluate_stays_as_written(linked) -> None:
    project = linked({
        "settings.py": """\
            import os

            PREFIX = "/api"
            PREFIX = os.environ["API_PREFIX"]
            WIDE = "%0999999999s" % "x"
            SPEC = "{:>999999999}".format("x")
            """,
        "main.py": """\
            from fastapi import FastAPI

            from settings import PREFIX, SPEC, WIDE

            app = FastAPI()


            @app.get(PREFIX + "/ping")
            def ping():
                return "pong"


            @app.get(WIDE)
            def wide():
                return ""


            @app.get(f"/x{SPEC}")
            def spec():
                return ""
            """,
    })
    assert paths(project) == {("GET", "{PREFIX}/ping"), ("GET", "{WIDE}"), ("GET", "/x{SPEC}")}
