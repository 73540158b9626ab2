"""Work the worker pass skips: function bodies analysed on demand, test code without routes."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest

from prodready.engine.on_demand import OnDemandFacts
from prodready.engine.runner import in_dependency_order
from prodready.frameworks.collector import may_declare_routers
from prodready.model.collector import Collector
from prodready.model.config import Config
from prodready.model.project import FileInfo
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import collectors_run_on_every_file, scan
from prodready.rules import load_all
from tests.conftest import run_worker_pass, scan_project

MAIN = """\
    from fastapi import FastAPI

    from app.checks import report

    app = FastAPI()


    @app.get("/health")
    def health():
        return report()
    """
CHECKS = """\
    def report():
        return {"status": "healthy", "database": "connected", "redis": "connected"}
    """
UTILITY = """\
    def helper_{n}(value):
        if value:
            return value * {n}
        raise ValueError("empty")
    """


def _findings(result) -> set[tuple[str, str, int, str]]:
    return {(f.rule_id, f.location.path, f.location.start_line, f.status) for f in result.findings}


def test_only_the_files_a_health_handler_reaches_are_parsed_again(tmp_path: Path) -> None:
    utilities = {f"app/util_{n}.py": UTILITY.format(n=n) for n in range(12)}
    result = scan_project(tmp_path, {"app/__init__.py": "", "app/main.py": MAIN, "app/checks.py": CHECKS,
                                     **utilities})
    stats = dict(result.stats)
    assert stats["parsed"] == 15
    assert stats["reparsed"] == 2  # the handler's module and the helper it calls, not the 12 others
    assert ("PR101", "app/main.py", 8, "fake") in _findings(result)  # the helper's answer was followed


def test_a_project_without_health_or_dev_routes_parses_nothing_again(tmp_path: Path) -> None:
    utilities = {f"lib/util_{n}.py": UTILITY.format(n=n) for n in range(5)}
    result = scan_project(tmp_path, utilities)
    assert dict(result.stats)["reparsed"] == 0


def test_token_minting_through_a_helper_module_is_still_found(tmp_path: Path) -> None:
    result = scan_project(tmp_path, {
        "app/__init__.py": "",
        "app/tokens.py": """\
            import jwt

            def issue_admin_token():
                return jwt.encode({"sub": "admin", "role": "admin"}, "secret")
            """,
        "app/main.py": """\
            from fastapi import FastAPI

            from app.tokens import issue_admin_token

            app = FastAPI()


            @app.get("/debug/admin-token")
            def admin_token():
                return {"token": issue_admin_token()}
            """,
    })
    exposed = [f for f in result.findings if f.rule_id == "PR201"]
    assert [(f.location.path, f.location.start_line, f.severity.name) for f in exposed] == [
        ("app/main.py", 8, "CRITICAL")]


def test_on_demand_facts_are_withheld_when_the_file_changed_after_the_scan(tmp_path: Path) -> None:
    load_all()
    source = tmp_path / "checks.py"
    source.write_text("def ok():\n    return True\n", encoding="utf-8")
    info = FileInfo("checks.py", "checks", hashlib.sha256(source.read_bytes()).hexdigest(), 2)
    collectors = {name: c for name, c in Collector.registry.items() if c.on_demand}
    assert set(collectors) == {"credentials", "function_calls", "function_gates", "health_responses", "kit_health_mounts"}
    unchanged = OnDemandFacts(tmp_path, collectors, {"checks.py": info}, {})
    assert unchanged.get("health_responses", "checks.py") is not None
    source.write_text("def ok():\n    return False\n", encoding="utf-8")
    changed = OnDemandFacts(tmp_path, collectors, {"checks.py": info}, {})
    assert changed.get("health_responses", "checks.py") is None
    assert changed.get("health_responses", "missing.py") is None
    assert changed.changed == ["checks.py"]  # the scan is not cached under the old content's key


def _facts(root: Path, files: dict[str, str]) -> dict[str, dict[str, object]]:
    """Facts of the worker pass by path."""
    return {path: dict(result.facts) for path, result in run_worker_pass(root, files).results.items()}


def test_test_code_keeps_only_what_production_can_reach(tmp_path: Path) -> None:
    facts = _facts(tmp_path, {
        "app/service.py": "def work():\n    return 1\n",
        "tests/test_service.py": """\
            from fastapi import Depends

            def test_work(client=Depends(get_client)):
                assert work() == 1
            """,
        "tests/debug_routes.py": """\
            from fastapi import APIRouter

            router = APIRouter()


            @router.get("/debug/reset")
            def reset():
                return {}
            """,
    })
    assert {"functions", "vocabulary"} <= set(facts["app/service.py"])
    assert "functions" not in facts["tests/test_service.py"]  # no route leads into it
    assert facts["tests/test_service.py"]["vocabulary"].depends == ("get_client",)  # marks a dependency
    assert facts["tests/test_service.py"]["vocabulary"].identifiers == {}  # never inventoried
    assert {"routes", "functions"} <= set(facts["tests/debug_routes.py"])  # production may mount it


@pytest.mark.parametrize(("text", "expected"), [
    ('@mock.patch("app.service.work")\ndef test_x(work): ...', False),
    ('@unittest.mock.patch("app.service.work")\ndef test_x(work): ...', False),
    ('@router.patch("/items")\ndef edit(): ...', True),
    ("router = APIRouter(prefix='/debug')", True),
    ("bp = Blueprint('debug', __name__)", True),
    ("app.add_url_rule('/x', view_func=x)", True),
    ("routes = web.RouteTableDef()", True),
    ("def test_router_setting(settings): assert settings.DEBUG", False),
])
def test_which_test_directory_files_may_declare_routers(text: str, expected: bool) -> None:
    assert may_declare_routers(text) is expected


def test_collectors_run_after_the_collectors_they_require() -> None:
    load_all()
    order = list(in_dependency_order(collectors_run_on_every_file()))
    assert order.index("imports") < order.index("routes") < order.index("functions")
    assert not set(order) & {"function_calls", "health_responses", "kit_health_mounts"}


class _FailingOnDemand:
    """An on-demand collector with a bug."""

    on_demand = True

    def collect(self, source, earlier):
        raise RuntimeError("on-demand collector exploded")


def test_a_failing_on_demand_collector_is_a_warning_and_the_scan_goes_on(tmp_path: Path) -> None:
    load_all()
    Collector.registry["engine-failing-on-demand"] = _FailingOnDemand()
    try:
        for relative, text in {"app/__init__.py": "", "app/main.py": MAIN, "app/checks.py": CHECKS}.items():
            (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / relative).write_text(textwrap.dedent(text), encoding="utf-8")
        result = scan(ScanOptions(root=tmp_path, config=Config(), use_cache=False, jobs=1))
    finally:
        Collector.registry.pop("engine-failing-on-demand")
    failures = {(w.path, w.kind) for w in result.warnings if "exploded" in w.message}
    assert failures == {("app/main.py", "collector-error"), ("app/checks.py", "collector-error")}
    assert ("PR101", "app/main.py", 8, "fake") in _findings(result)  # the other collectors still ran
