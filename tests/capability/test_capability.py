"""PR301-PR303: each capability present, declared but not wired, or missing, with evidence."""

from __future__ import annotations

import pytest

APP = """
from fastapi import FastAPI

app = FastAPI()
"""


def outcome(result, rule_id: str) -> tuple[str, str, str, tuple[str, ...]]:
    [finding] = [f for f in result.findings if f.rule_id == rule_id]
    return finding.status, finding.severity.label, finding.location.label(), finding.details


PRESENT = {
    "otel-provider": ("PR301", {"telemetry.py": """
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider

        trace.set_tracer_provider(TracerProvider())
    """}, ("TracerProvider in telemetry.py:4", "trace.set_tracer_provider in telemetry.py:4")),
    "fastapi-instrumentor": ("PR301", {"main.py": APP + """
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

FastAPIInstrumentor.instrument_app(app)
"""}, ("an instrumentor's instrument()/instrument_app() in main.py:7",)),
    "kit-tracing": ("PR301", {"main.py": APP + """
from prodready_kit.tracing import setup_tracing

setup_tracing(app, service_name="orders")
"""}, ("prodready_kit.tracing.setup_tracing in main.py:7",)),
    "openfeature": ("PR302", {"flags.py": """
        from openfeature import api

        client = api.get_client()
    """}, ("OpenFeature client/provider in flags.py:3",)),
    "kit-licensing": ("PR302", {"main.py": APP + """
from prodready_kit.licensing import require_feature

export_allowed = require_feature("reports.export")
"""}, ("prodready_kit.licensing in main.py:7",)),
    "redis-lock": ("PR303", {"jobs.py": """
        import redis

        client = redis.Redis()


        def nightly():
            with client.lock("jobs:nightly", timeout=60):
                return True
    """}, ("Redis lock in jobs.py:7",)),
    "kazoo-election": ("PR303", {"leader.py": """
        from kazoo.client import KazooClient

        zk = KazooClient(hosts="zk:2181")
        zk.start()
        election = zk.Election("/orders/leader", "me")
    """}, ("ZooKeeper client (kazoo) in leader.py:3", "kazoo Election/Lock in leader.py:5")),
}


@pytest.mark.parametrize("case", sorted(PRESENT))
def test_imported_and_wired_is_present(case: str, scan_files) -> None:
    rule_id, files, details = PRESENT[case]
    status, severity, _, found = outcome(scan_files({**files, "app.py": APP}), rule_id)
    assert (status, severity, found) == ("present", "none", details)


def test_declared_in_requirements_but_never_initialised(scan_files) -> None:
    result = scan_files({"app.py": APP, "requirements.txt": "fastapi\nopentelemetry-sdk>=1.25\n"})
    assert outcome(result, "PR301") == ("declared-not-wired", "medium", "app.py:3", (
        "opentelemetry-sdk declared in requirements.txt:2",
        "but no TracerProvider is configured and no instrumentor is called, so no span is exported",
    ))


def test_imported_but_not_wired_is_declared_not_wired(scan_files) -> None:
    result = scan_files({"app.py": APP, "spans.py": """
        from opentelemetry import trace

        tracer = trace.get_tracer(__name__)
    """})
    status, severity, _, details = outcome(result, "PR301")
    assert (status, severity) == ("declared-not-wired", "medium")
    assert details[0] == "opentelemetry imported in spans.py:1"


def test_declared_in_pyproject_and_pipfile(scan_files) -> None:
    result = scan_files({
        "app.py": APP,
        "pyproject.toml": '[project]\nname = "svc"\ndependencies = ["fastapi", "launchdarkly-server-sdk>=9"]\n',
        "Pipfile": '[packages]\nkazoo = "*"\n',
    })
    assert outcome(result, "PR302")[:2] == ("declared-not-wired", "medium")
    assert outcome(result, "PR302")[3][0] == "launchdarkly-server-sdk declared in pyproject.toml:3"
    assert outcome(result, "PR303")[3][0] == "kazoo declared in Pipfile:2"


def test_opentelemetry_instrument_launcher_counts_as_wired(scan_files) -> None:
    result = scan_files({"app.py": APP, "pyproject.toml": """
        [project]
        name = "svc"
        dependencies = ["opentelemetry-distro"]

        [tool.poe.tasks]
        serve = "opentelemetry-instrument uvicorn app:app"
    """})
    assert outcome(result, "PR301")[:2] == ("present", "none")
    assert "started with `opentelemetry-instrument` (pyproject.toml:6)" in outcome(result, "PR301")[3]


@pytest.mark.parametrize("rule_id, library, title", [
    ("PR301", "opentelemetry", "Distributed Tracing"),
    ("PR302", "openfeature", "Enterprise Licensing"),
    ("PR303", "kazoo", "Clustering Features"),
])
def test_missing_says_what_was_searched(rule_id: str, library: str, title: str, scan_files) -> None:
    result = scan_files({"app.py": APP, "requirements.txt": "fastapi\n"})
    [finding] = [f for f in result.findings if f.rule_id == rule_id]
    assert (finding.status, finding.severity.label, finding.title) == ("missing", "low", title)
    assert finding.location.label() == "app.py:3"
    assert library in finding.details[0] and finding.details[0].startswith("searched imports of ")
    assert finding.details[1].startswith("searched calls to ")
    assert finding.details[2].startswith("searched manifests (requirements.txt) for ")


def test_wiring_in_tests_does_not_count(scan_files) -> None:
    result = scan_files({"app.py": APP, "tests/test_tracing.py": """
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider

        trace.set_tracer_provider(TracerProvider())
    """})
    assert outcome(result, "PR301")[0] == "missing"


def test_a_project_module_named_like_a_library_is_not_the_library(scan_files) -> None:
    result = scan_files({"app.py": APP + "\nimport licensing\n", "licensing.py": "PLAN = 'free'\n"})
    assert outcome(result, "PR302")[0] == "missing"


def test_kit_extra_declared_but_not_used_is_declared_not_wired(scan_files) -> None:
    result = scan_files({"app.py": APP, "pyproject.toml": '[project]\nname = "svc"\ndependencies = ["prodready-kit[all]"]\n'})
    for rule_id, extra in (("PR301", "tracing"), ("PR302", "licensing"), ("PR303", "cluster")):
        status, severity, _, details = outcome(result, rule_id)
        assert (status, severity, details[0]) == ("declared-not-wired", "medium", f"prodready-kit[{extra}] declared in pyproject.toml:3")


def test_an_empty_project_reports_no_missing_capability(tmp_path):
    from prodready.pipeline.options import ScanOptions
    from prodready.pipeline.scan import scan

    result = scan(ScanOptions(root=tmp_path, use_cache=False, jobs=1))
    assert [f.rule_id for f in result.findings] == []
