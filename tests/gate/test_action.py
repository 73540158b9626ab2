"""The GitHub Action: its shape, and its scan step run for real with bash on a fake health endpoint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
FAKE_HEALTH = '''from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health():
    return {"status": "healthy", "db_connected": True}
'''


def step(name_or_uses: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if name_or_uses in (s.get("name"), s.get("uses", "").split("@")[0]))


def test_composite_action_sets_up_python_installs_scans_and_uploads_sarif() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert step("actions/setup-python")["with"]["python-version"] == "${{ inputs.python-version }}"
    assert "pip install" in step("Install prodready")["run"]
    assert ACTION["inputs"]["version"]["default"] == ""  # never a package name by default
    upload = step("github/codeql-action/upload-sarif")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert "always()" in upload["if"]
    assert step("Gate")["run"] == "exit ${{ steps.scan.outputs.exit-code }}"


def run_scan_step(workspace: Path, **inputs: str) -> tuple[dict[str, str], subprocess.CompletedProcess[str]]:
    scan = step("Scan")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_OUTPUT": str(workspace / "github_output"), "CI": "1"}
    for key, value in scan["env"].items():
        input_name = value.removeprefix("${{ inputs.").removesuffix(" }}")
        env[key] = inputs.get(input_name, ACTION["inputs"][input_name]["default"])
    completed = subprocess.run(["bash", "-eo", "pipefail", "-c", scan["run"]], cwd=workspace, env=env,
                               capture_output=True, text=True, timeout=300)
    outputs = dict(line.split("=", 1) for line in (workspace / "github_output").read_text().splitlines())
    return outputs, completed


def test_scan_step_writes_sarif_annotations_and_the_exit_code(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(FAKE_HEALTH)
    outputs, completed = run_scan_step(tmp_path)
    assert completed.returncode == 0, completed.stderr  # the step records the code; the Gate step fails
    assert outputs == {"exit-code": "1"}
    assert "::error file=main.py,line=6,endLine=8,title=PR101 health-fake::" in completed.stdout
    sarif = json.loads((tmp_path / "prodready.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert "PR101" in {result["ruleId"] for result in sarif["runs"][0]["results"]}


def test_scan_step_passes_fail_on(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(FAKE_HEALTH)
    outputs, _ = run_scan_step(tmp_path, **{"fail-on": "critical"})
    assert outputs == {"exit-code": "0"}


def test_install_step_installs_prodready_from_the_actions_own_checkout(tmp_path: Path) -> None:
    install = step("Install prodready")
    venv = tmp_path / "runner-python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "GITHUB_ACTION_PATH": str(REPO_ROOT),
           "PRODREADY_VERSION": ACTION["inputs"]["version"]["default"]}
    env.pop("PYTHONPATH", None)
    completed = subprocess.run(["bash", "-eo", "pipefail", "-c", install["run"]], cwd=tmp_path, env=env,
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr
    origin = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import importlib.metadata as m, json; print(json.loads(m.distribution('prodready').read_text('direct_url.json'))['url'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert origin == REPO_ROOT.as_uri()
    (tmp_path / "service").mkdir()
    (tmp_path / "service" / "main.py").write_text(FAKE_HEALTH)
    scanned = subprocess.run([str(venv / "bin" / "prodready"), "scan", "service", "--format", "github"],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert scanned.returncode == 1 and "PR101 health-fake" in scanned.stdout
