"""The GitHub Action, without a hosted runner: action.yml against the facts of the action metadata
schema, and its shell steps run for real by a small local runner (expressions, `if:`, step outputs).

The schema facts restate SchemaStore's `src/schemas/json/github-action.json` (commit ae5a68b2) for
composite actions: the keys GitHub reads at each level, which are required, their types, the
input and output id pattern and the branding colours.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.cli.support import FAKE_HEALTH, git

REPO_ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
ID_PATTERN = "^[_a-zA-Z][a-zA-Z0-9_-]*$"
STRING = {"type": "string"}
STEP_KEYS = ("run", "shell", "uses", "with", "name", "id", "if", "env", "working-directory")
COMPOSITE_ACTION_FACTS: dict[str, Any] = {
    "type": "object",
    "required": ["name", "description", "runs"],
    "additionalProperties": False,
    "properties": {
        "name": STRING, "author": STRING, "description": STRING,
        "inputs": {
            "type": "object", "additionalProperties": False,
            "patternProperties": {ID_PATTERN: {
                "type": "object", "required": ["description", "required"], "additionalProperties": False,
                "properties": {"description": STRING, "deprecationMessage": STRING, "required": {"type": "boolean"},
                               "default": STRING},
            }},
        },
        "outputs": {
            "type": "object", "additionalProperties": False,
            "patternProperties": {ID_PATTERN: {
                "type": "object", "required": ["description", "value"], "additionalProperties": False,
                "properties": {"description": STRING, "value": STRING},
            }},
        },
        "runs": {
            "type": "object", "required": ["using", "steps"], "additionalProperties": False,
            "properties": {
                "using": {"const": "composite"},
                "steps": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False,
                    "properties": {**{key: STRING for key in STEP_KEYS}, "with": {"type": "object"},
                                   "env": {"type": "object", "additionalProperties": STRING}},
                    "oneOf": [{"required": ["run", "shell"]}, {"required": ["uses"]}],
                }},
            },
        },
        "branding": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "color": {"enum": ["white", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"]},
                "icon": {"enum": ["shield", "check-circle"]},  # two of the schema's Feather icons
            },
        },
    },
}
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def test_action_yml_satisfies_the_action_metadata_schema() -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft7Validator(COMPOSITE_ACTION_FACTS).iter_errors(ACTION)]
    assert errors == []


def test_inputs_and_outputs_are_the_documented_ones() -> None:
    assert set(ACTION["inputs"]) == {"args", "config", "working-directory", "version", "fail-on", "sarif",
                                     "python-version"}
    assert ACTION["inputs"]["version"]["default"] == ""  # the action's own ref, never a package name
    assert set(ACTION["outputs"]) == {"exit-code", "findings", "sarif-file"}
    step_ids = {step.get("id") for step in ACTION["runs"]["steps"]}
    for output in ACTION["outputs"].values():
        assert re.fullmatch(r"\$\{\{ steps\.([\w-]+)\.outputs\.[\w-]+ \}\}", output["value"])
        assert output["value"].split(".")[1] in step_ids


def test_third_party_actions_are_pinned_by_commit_sha() -> None:
    uses = [step["uses"] for step in ACTION["runs"]["steps"] if "uses" in step]
    assert {use.split("@")[0] for use in uses} == {
        "actions/setup-python", "actions/cache", "github/codeql-action/upload-sarif"}
    assert all(SHA_PIN.match(use) for use in uses), uses
    text = (REPO_ROOT / "action.yml").read_text()
    for use in uses:  # the tag each SHA stands for, for readers and update bots
        assert re.search(re.escape(use) + r"\s+# v\d+\.\d+\.\d+", text), use


def test_scripts_read_inputs_only_through_the_environment() -> None:
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]  # no expression spliced into a script


# ---- a local runner for the composite action -------------------------------------------------


@dataclass
class Context:
    """What the expressions of action.yml can read."""

    inputs: dict[str, str]
    github: dict[str, Any]
    runner: dict[str, str]
    steps: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    failed: bool = False


_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|(?P<call>\w+\(\))|(?P<name>[\w.-]+))")


def evaluate(expression: str, context: Context) -> Any:
    """The subset of GitHub's expression language action.yml uses: contexts, 'strings',
    == != && || ! ( ), always() and success(), with JavaScript-like || and &&."""
    tokens = [next(k for k, v in m.groupdict().items() if v) + ":" + m.group().strip()
              for m in _TOKEN.finditer(expression)]
    position = 0

    def peek() -> str:
        return tokens[position] if position < len(tokens) else ""

    def take() -> str:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def lookup(path: str) -> Any:
        root, *rest = path.split(".")
        value: Any = getattr(context, root)
        for part in rest:
            value = value.get(part, "") if isinstance(value, dict) else ""
        return value

    def atom() -> Any:
        kind, _, text = take().partition(":")
        if text == "(":
            value = either()
            take()
            return value
        if text == "!":
            return not atom()
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "call":
            return {"always()": True, "success()": not context.failed}[text]
        return lookup(text)

    def comparison() -> Any:
        left = atom()
        while peek() in ("op:==", "op:!="):
            operator, right = take(), atom()
            left = (str(left) == str(right)) == (operator == "op:==")
        return left

    def chain(operand: Any, operator: str, combine: Any) -> Any:
        left = operand()
        while peek() == operator:
            take()
            left = combine(left, operand())
        return left

    def both() -> Any:
        return chain(comparison, "op:&&", lambda left, right: right if left else left)

    def either() -> Any:
        return chain(both, "op:||", lambda left, right: left or right)

    return either()


def substitute(text: str, context: Context) -> str:
    """`${{ expr }}` replaced by its value."""
    return EXPRESSION.sub(lambda m: str(evaluate(m.group(1), context) or ""), text)


def should_run(step: dict, context: Context) -> bool:
    """GitHub's rule: no `if:` means success(); an `if:` without a status function adds success()."""
    condition = step.get("if", "success()")
    if not re.search(r"\b(always|success|failure|cancelled)\(\)", condition):
        condition = f"success() && ({condition})"
    return bool(evaluate(EXPRESSION.sub(r"\1", condition), context))


@dataclass
class StepRun:
    """One executed run step."""

    name: str
    completed: subprocess.CompletedProcess[str]
    outputs: dict[str, str]


def run_action(workspace: Path, runner_temp: Path, context: Context, path: str,
               only: tuple[str, ...] = ()) -> tuple[list[str], list[StepRun]]:
    """Run every step (or those whose id or name is in `only`) as a runner would: `uses:` steps
    are only recorded; the shell steps run with bash like GitHub's (`bash --noprofile --norc -eo
    pipefail`). Returns the names of the steps that would run and the shell steps' results."""
    ran: list[str] = []
    results: list[StepRun] = []
    steps = [s for s in ACTION["runs"]["steps"] if not only or s.get("id") in only or s.get("name") in only]
    for step in steps:
        if not should_run(step, context):
            continue
        ran.append(step["name"])
        if "uses" in step:
            continue
        output_file = runner_temp / f"output-{len(ran)}"
        output_file.write_text("")
        env = {"PATH": path, "HOME": os.environ["HOME"], "RUNNER_TEMP": str(runner_temp), "CI": "true",
               "GITHUB_OUTPUT": str(output_file), "GITHUB_ACTIONS": "true",
               "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(runner_temp / "xdg"))}
        env.update({key: substitute(str(value), context) for key, value in step.get("env", {}).items()})
        cwd = workspace / substitute(step.get("working-directory", "."), context)
        script = runner_temp / f"step-{len(ran)}.sh"
        script.write_text(step["run"])
        completed = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd,
                                   env=env, capture_output=True, text=True, timeout=900)
        outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
        if "id" in step:
            context.steps[step["id"]] = {"outputs": outputs}
        context.failed = context.failed or completed.returncode != 0
        results.append(StepRun(step["name"], completed, outputs))
    return ran, results


def action_context(workspace: Path, runner_temp: Path, head_repository: str = "", **inputs: str) -> Context:
    defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    event = {"pull_request": {"head": {"repo": {"full_name": head_repository}}}} if head_repository else {}
    return Context(
        inputs={**defaults, **inputs},
        github={"action_path": str(REPO_ROOT), "action_repository": "", "action_ref": "", "repository": "acme/shop",
                "server_url": "https://github.com", "workspace": str(workspace), "event": event},
        runner={"temp": str(runner_temp), "os": "Linux"},
    )


def service_repository(workspace: Path) -> None:
    """A repository whose service lives in services/api, with a fake /health."""
    (workspace / "services" / "api").mkdir(parents=True)
    (workspace / "services" / "api" / "main.py").write_text(FAKE_HEALTH)
    git(workspace, "init", "-q", "-b", "main")
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "service")


def python_path() -> str:
    """PATH with a Python 3.11+ first, as on a runner that has one, without this test's PYTHONPATH."""
    return f"{Path(sys.executable).parent}{os.pathsep}/usr/bin{os.pathsep}/bin"


@pytest.mark.slow
def test_the_action_runs_end_to_end_on_a_subfolder_of_a_fork_pull_request(tmp_path: Path) -> None:
    workspace, runner_temp = tmp_path / "workspace", tmp_path / "runner-temp"
    runner_temp.mkdir()
    service_repository(workspace)
    context = action_context(workspace, runner_temp, head_repository="someone/shop-fork",
                             **{"working-directory": "services/api", "args": "--select 'health' ."})
    ran, results = run_action(workspace, runner_temp, context, python_path())
    by_name = {result.name: result for result in results}

    # A Python is on PATH: no setup-python, so nothing changes for the caller's later steps.
    assert by_name["Find Python"].outputs["found"] == "true"
    assert not any(name.startswith("Set up Python") for name in ran)
    assert "Cache pip downloads" in ran
    install = by_name["Install prodready"]
    assert install.completed.returncode == 0, install.completed.stderr
    assert install.outputs["bin"] == str(runner_temp / "prodready-venv" / "bin")

    scan = by_name["Scan"]
    assert scan.completed.returncode == 0, scan.completed.stderr  # the Gate step fails the job
    assert scan.outputs["exit-code"] == "1" and scan.outputs["findings"] == "1"
    # annotations name the file from the repository's top level, concise lines from the working directory
    assert "::error file=services/api/main.py,line=6,endLine=8,title=PR101 health-fake::" in scan.completed.stdout
    assert "main.py:6:1: PR101 [high] " in scan.completed.stdout
    sarif = json.loads(Path(scan.outputs["sarif-file"]).read_text())
    [result] = sarif["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "services/api/main.py"
    assert str(tmp_path) not in json.dumps(sarif)

    decision = by_name["Decide on the SARIF upload"]
    assert decision.outputs == {"upload": "false"}
    assert "::notice title=prodready::SARIF upload skipped: a pull request from a fork" in decision.completed.stdout
    assert "Upload SARIF" not in ran
    assert by_name["Gate"].completed.returncode == 1
    outputs = {name: substitute(spec["value"], context) for name, spec in ACTION["outputs"].items()}
    assert outputs == {"exit-code": "1", "findings": "1", "sarif-file": str(runner_temp / "prodready.sarif")}


def run_decision(tmp_path: Path, head_repository: str, sarif_input: str, sarif_text: str) -> tuple[list[str], StepRun]:
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    sarif = runner_temp / "prodready.sarif"
    sarif.write_text(sarif_text)
    context = action_context(tmp_path, runner_temp, head_repository, sarif=sarif_input)
    context.steps["scan"] = {"outputs": {"sarif-file": str(sarif), "exit-code": "0"}}
    ran, results = run_action(tmp_path, runner_temp, context, python_path(), only=("upload", "Upload SARIF", "Gate"))
    return ran, results[0]


@pytest.mark.parametrize("head, sarif_input, text, upload", [
    ("", "true", "{}", True),                        # a push: upload
    ("acme/shop", "true", "{}", True),               # a pull request from a branch of the repository
    ("someone/shop-fork", "true", "{}", False),      # a fork: read-only token, notice instead
    ("", "false", "{}", False),                      # sarif: false
    ("", "true", "", False),                         # no report was written (the scan could not run)
])
def test_sarif_upload_decision(tmp_path: Path, head: str, sarif_input: str, text: str, upload: bool) -> None:
    ran, decision = run_decision(tmp_path, head, sarif_input, text)
    assert decision.completed.returncode == 0, decision.completed.stderr
    assert decision.outputs == {"upload": str(upload).lower()}
    assert ("Upload SARIF" in ran) is upload


def test_find_python_reports_none_below_3_11(tmp_path: Path) -> None:
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    old = fake_bin / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")  # a python3 that is too old: the version check fails
    old.chmod(0o755)
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "python")
    output = tmp_path / "output"
    output.write_text("")
    completed = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                               env={"PATH": f"{fake_bin}:/bin", "GITHUB_OUTPUT": str(output)},
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert output.read_text() == "found=false\n"
    context = action_context(tmp_path, tmp_path)
    context.steps["python"] = {"outputs": {"found": "false"}}
    setup = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "setup-python")
    assert should_run(setup, context) and setup["with"]["update-environment"] == "false"


@pytest.mark.slow
def test_version_installs_that_ref_of_the_actions_repository(tmp_path: Path) -> None:
    mirror = tmp_path / "server" / "acme" / "prodready"
    subprocess.run(["git", "clone", "-q", "--no-local", str(REPO_ROOT), str(mirror)], check=True, capture_output=True)
    git(mirror, "tag", "v9.9.9")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    context = action_context(tmp_path, runner_temp, version="v9.9.9")
    context.github.update(server_url=(tmp_path / "server").as_uri(),
                          action_path=str(tmp_path / "work" / "_actions" / "acme" / "prodready" / "v1"))
    context.steps["python"] = {"outputs": {"found": "true", "path": sys.executable}}
    _, [result] = run_action(tmp_path, runner_temp, context, python_path(), only=("install",))
    assert result.completed.returncode == 0, result.completed.stderr
    origin = subprocess.run(
        [f"{result.outputs['bin']}/python", "-c", "import importlib.metadata as m, json; "
         "d = json.loads(m.distribution('prodready').read_text('direct_url.json')); print(d['url'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert origin == f"{(tmp_path / 'server').as_uri()}/acme/prodready"
