"""Import bindings and name resolution through aliases, re-exports and relative imports."""

from __future__ import annotations

from prodready.engine.imports import FileImports, ImportsCollector, absolute_module, qualified, resolve


def test_relative_imports_are_made_absolute() -> None:
    assert absolute_module("pkg.sub.mod", False, 1, "other") == "pkg.sub.other"
    assert absolute_module("pkg.sub", True, 1, "mod") == "pkg.sub.mod"
    assert absolute_module("pkg.sub.mod", False, 2, None) == "pkg"
    assert absolute_module("pkg.sub.mod", False, 0, "jwt") == "jwt"


def test_resolve_follows_reexports_aliases_submodules_and_star_imports(linked) -> None:
    project = linked({
        "api/__init__.py": "from .routes import router as api_router\nfrom .star import *\n",
        "api/routes.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
        "api/star.py": "def helper():\n    return 1\n",
        "main.py": """\
            import jwt
            import api.routes as routes_module
            from api import api_router, helper
            from api import routes


            def local():
                from jwt import encode as sign
                return sign
            """,
    })
    facts = project.facts_of(ImportsCollector.name)["main.py"]
    assert isinstance(facts, FileImports)
    assert facts.binding("sign") is not None and not facts.binding("sign").top_level
    assert resolve(project, "main", "api_router") == ("api.routes", "router")
    assert resolve(project, "main", "helper") == ("api.star", "helper")
    assert resolve(project, "main", "routes") == ("api.routes", None)
    assert qualified(project, "main", "routes.router") == "api.routes.router"
    assert qualified(project, "main", "routes_module.router") == "api.routes.router"
    assert resolve(project, "main", "jwt.encode") == ("jwt", "encode")
    assert resolve(project, "main", "local") == ("main", "local")
    assert resolve(project, "main", "unknown_name") == ("main", "unknown_name")


def test_a_star_import_of_a_submodule_binds_its_function_over_the_submodule(linked) -> None:
    project = linked({
        "views/__init__.py": "from .health import *\n",
        "views/health.py": "def health(request):\n    return 'OK'\n",
        "views/other.py": "def other(request):\n    return 1\n",
        "urls.py": "import views\n",
    })
    assert resolve(project, "urls", "views.health") == ("views.health", "health")
    assert resolve(project, "urls", "views.other") == ("views.other", None)
