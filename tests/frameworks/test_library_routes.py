"""Routes a library serves once wired in (`frameworks.library_routes`): Dockerflow's three routes
on Django, Flask, Sanic and FastAPI, located at the wiring line, with the library view's health class."""

from __future__ import annotations

from prodready.model.config import Config
from prodready.model.project import ProjectModel
from prodready.rules.health.family import HealthFamily

DOCKERFLOW_PATHS = ("/__heartbeat__", "/__lbheartbeat__", "/__version__")


def table(project: ProjectModel) -> set[tuple[str, str, str, bool, bool]]:
    """(effective path, handler, handler location, mounted, mount unresolved) of the Dockerflow routes."""
    return {(r.path, r.handler, r.location.label(), r.mounted, r.mount_unresolved)
            for r in project.routes if r.path.endswith(DOCKERFLOW_PATHS)}


def health(project: ProjectModel) -> set[tuple[str, str, str]]:
    """(rule, location, status) of the health findings."""
    return {(f.rule_id, f.location.label(), f.status) for f in HealthFamily().check(project, Config())}


def test_django_middleware_serves_dockerflow_at_the_middleware_entry(linked) -> None:
    project = linked({
        "site/__init__.py": "",
        "site/settings.py": """\
            ROOT_URLCONF = "site.urls"
            INSTALLED_APPS = ["dockerflow.django"]
            MIDDLEWARE = [
                "django.middleware.common.CommonMiddleware",
                "dockerflow.django.middleware.DockerflowMiddleware",
            ]
            """,
        "site/views.py": "def home(request):\n    return None\n",
        "site/urls.py": """\
            from django.urls import path

            from site import views

            urlpatterns = [path("", views.home)]
            """,
    })
    assert table(project) == {
        ("/__heartbeat__", "dockerflow.django.views.heartbeat", "site/settings.py:5", True, False),
        ("/__lbheartbeat__", "dockerflow.django.views.lbheartbeat", "site/settings.py:5", True, False),
        ("/__version__", "dockerflow.django.views.version", "site/settings.py:5", True, False),
    }
    assert health(project) == {("PR104", "site/settings.py:5", "real"), ("PR103", "site/settings.py:5", "static-liveness")}


def test_middleware_of_settings_without_root_urlconf_is_a_route_whose_mount_is_not_resolved(linked) -> None:
    project = linked({
        "site/__init__.py": "",
        "site/settings/__init__.py": "",
        "site/settings/base.py": 'MIDDLEWARE = ["dockerflow.django.middleware.DockerflowMiddleware"]\n',
    })
    assert {(path, unresolved) for path, _, _, _, unresolved in table(project)} == {
        (path, True) for path in DOCKERFLOW_PATHS}


def test_flask_extension_on_the_app_and_through_init_app(linked) -> None:
    project = linked({
        "web/__init__.py": "",
        "web/app.py": """\
            from dockerflow.flask import Dockerflow
            from flask import Flask

            app = Flask(__name__)
            dockerflow = Dockerflow(app)
            """,
        "web/factory.py": """\
            from dockerflow.flask import Dockerflow
            from flask import Flask

            dockerflow = Dockerflow()


            def create_app():
                app = Flask(__name__)
                dockerflow.init_app(app)
                return app
            """,
    })
    assert {(path, location, mounted) for path, _, location, mounted, _ in table(project)} == {
        *((path, "web/app.py:5", True) for path in DOCKERFLOW_PATHS),
        *((path, "web/factory.py:9", True) for path in DOCKERFLOW_PATHS),
    }


def test_fastapi_router_and_sanic_extension(linked) -> None:
    project = linked({
        "api/__init__.py": "",
        "api/main.py": """\
            from dockerflow.fastapi import router as dockerflow_router
            from fastapi import FastAPI

            app = FastAPI()
            app.include_router(dockerflow_router)
            """,
        "edge/__init__.py": "",
        "edge/server.py": """\
            from dockerflow.sanic import Dockerflow
            from sanic import Sanic

            app = Sanic("edge")
            Dockerflow(app)
            """,
    })
    assert {(path, handler, location) for path, handler, location, _, _ in table(project)} == {
        *((path, f"dockerflow.fastapi.views.{path.strip('_/')}", "api/main.py:5") for path in DOCKERFLOW_PATHS),
        *((path, f"dockerflow.sanic.views.{path.strip('_/')}", "edge/server.py:5") for path in DOCKERFLOW_PATHS),
    }
    assert {r.framework for r in project.routes} == {"fastapi", "sanic"}
