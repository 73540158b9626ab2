"""The fake-health codemod also moves the plain manifests' probes on the fake handler to the kit's
probe paths: a diff by default, written only with --write --unsafe-fixes, comments and layout kept,
Helm templates and compose files left alone."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from prodready.codemods.manifest_probes import ProbePathChange, rewrite_probe_paths
from prodready.codemods.runner import plan_fixes, verify_plan, write_plan
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from tests.conftest import FIXTURES

APP = """\
from fastapi import FastAPI

from services import db_client

app = FastAPI()


@app.get("/health")
async def health():
    return {"status": "healthy", "db_connected": db_client.is_connected()}
"""
MANIFEST = """\
# The API. Probes reviewed by the platform team.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1.0
          command: ["uvicorn", "app:app", "--port", "8000"]
          startupProbe:
            httpGet: {path: /health, port: 8000}  # generous: cold caches
            failureThreshold: 30
          readinessProbe:
            httpGet:
              path: "/health"
              port: 8000
          livenessProbe:
            httpGet:
              path: /health
              port: 8000
"""


def project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "requirements.txt").write_text("fastapi==0.115.6\n")
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "deployment.yaml").write_text(MANIFEST)
    return tmp_path


def rescan(root: Path):
    return scan(ScanOptions(root=root, use_cache=False, jobs=1))


def test_probe_paths_move_to_the_kit_in_a_diff_keeping_comments_and_layout(tmp_path: Path) -> None:
    root = project(tmp_path)
    plan = plan_fixes(rescan(root), select=["PR101"], unsafe=True)
    [manifest] = [c for c in plan.changes if c.path == "k8s/deployment.yaml"]
    assert manifest.updated.decode() == MANIFEST.replace(
        "{path: /health, port: 8000}", "{path: /health/startup, port: 8000}").replace(
        'path: "/health"', 'path: "/health/ready"').replace("path: /health\n", "path: /health/live\n")
    assert "+              path: /health/live" in manifest.diff()
    assert manifest.diff().startswith("# PR101 health-fake (unsafe fix)")


def test_nothing_is_written_without_unsafe_fixes(tmp_path: Path) -> None:
    root = project(tmp_path)
    safe = plan_fixes(rescan(root), select=["PR101"], unsafe=False)
    assert safe.changes == () and write_plan(safe, root) == ([], [])
    assert (root / "k8s" / "deployment.yaml").read_text() == MANIFEST


def test_the_written_fix_verifies_and_the_probes_reach_the_kit(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = rescan(root)
    plan = plan_fixes(result, select=["PR101"], unsafe=True)
    assert verify_plan(plan, result, rescan) == []
    assert write_plan(plan, root) == (["app.py", "k8s/deployment.yaml", "requirements.txt"], [])
    after = rescan(root)
    deploy = {(f.rule_id, f.location.start_line, dict(f.extra).get("handler")) for f in after.findings
              if f.family == "deploy"}
    assert deploy == {("PR507", 13, "prodready_kit.health startup"), ("PR507", 16, "prodready_kit.health readiness"),
                      ("PR507", 20, "prodready_kit.health liveness")}


def test_helm_templates_and_compose_files_are_not_rewritten(tmp_path: Path) -> None:
    root = tmp_path / "deploy_wiring"
    shutil.copytree(FIXTURES / "deploy_wiring", root)
    plan = plan_fixes(rescan(root), select=["PR101"], unsafe=True)
    assert sorted(c.path for c in plan.changes) == ["app/main.py", "k8s/base/inventory.yaml", "requirements.txt"]


def test_rewrite_keeps_other_documents_and_flow_style() -> None:
    text = textwrap.dedent("""\
        ---
        apiVersion: v1
        kind: Pod
        spec:
          containers:
          - name: a   # first
            readinessProbe: {httpGet: {path: '/health', port: 80}}
        ---
        # second document
        apiVersion: v1
        kind: Service
        metadata: {name: a}
    """)
    changed = rewrite_probe_paths(text, [ProbePathChange("0:spec.containers.0.readinessProbe.httpGet.path",
                                                         "/health/ready"),
                                         ProbePathChange("1:spec.containers.0.readinessProbe.httpGet.path", "/x")])
    assert changed == text.replace("'/health'", "'/health/ready'")
    assert rewrite_probe_paths("a: [unclosed\n", [ProbePathChange("0:a", "/x")]) == "a: [unclosed\n"


def test_the_deployment_says_which_semantics_the_handler_keeps(tmp_path: Path) -> None:
    from prodready.codemods.probes import deployed_probe_kinds

    root = project(tmp_path)
    result = rescan(root)
    kind_of = deployed_probe_kinds(result)
    assert (kind_of("/health"), kind_of("/orders")) == ("liveness", "unknown")
    [change] = [c for c in plan_fixes(result, select=["PR101"], unsafe=True, probe_kind_of=kind_of).changes
                if c.path == "app.py"]
    assert "`/health` keeps liveness semantics (a liveness probe calls it)" in change.diff()
    assert "liveness_response(health_registry)" in change.updated.decode()


def test_a_path_only_readiness_probes_call_keeps_readiness(tmp_path: Path) -> None:
    from prodready.codemods.probes import deployed_probe_kinds

    root = project(tmp_path)
    manifest = root / "k8s" / "deployment.yaml"
    manifest.write_text(MANIFEST.split("          livenessProbe:")[0])
    result = rescan(root)
    kind_of = deployed_probe_kinds(result)
    assert kind_of("/health") == "readiness"
    plan = plan_fixes(result, select=["PR101"], unsafe=True, probe_kind_of=kind_of)
    [change] = [c for c in plan.changes if c.path == "app.py"]
    assert "`/health` keeps readiness semantics (a readiness probe calls it)" in change.diff()
    assert "readiness_response(health_registry)" in change.updated.decode()
    [moved] = [c for c in plan.changes if c.path == "k8s/deployment.yaml"]
    assert 'path: "/health/ready"' in moved.updated.decode()
