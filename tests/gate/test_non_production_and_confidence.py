"""Issue 13 through `prodready scan`: code that never ships is reported as info with the reason,
`non-production`/`production` override it, `--min-confidence` and `min-confidence` leave findings
out, and JSON, SARIF, Markdown and the terminal say how sure each finding is."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from typer.testing import CliRunner

from prodready.cli import app

runner = CliRunner()
DEV_APP = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/debug/state")
    def state():
        return {}
    """
SERVICE = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/orders")
    def orders():
        return []
    """


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def scan_json(root: Path, *args: str) -> dict:
    result = runner.invoke(app, ["scan", str(root), "--format", "json", "--no-cache", "-j", "1", "--select",
                                 "exposure", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def exposure(report: dict) -> set[tuple[str, str, int, str]]:
    return {(f["rule_id"], f["path"], f["start_line"], f["severity"]) for f in report["findings"]}


def test_findings_in_default_non_production_directories_are_info_and_say_why(tmp_path: Path) -> None:
    root = write(tmp_path, {"examples/demo.py": DEV_APP, "benchmarks/load.py": DEV_APP, "service/main.py": SERVICE})
    report = scan_json(root)
    assert exposure(report) == {("PR201", "examples/demo.py", 6, "info"), ("PR201", "benchmarks/load.py", 6, "info")}
    assert report["non_production"] == [
        {"path": "benchmarks/", "reason": "benchmarks (`benchmarks/`)", "findings": 1},
        {"path": "examples/", "reason": "example code (`examples/`)", "findings": 1},
    ]
    finding = next(f for f in report["findings"] if f["path"] == "examples/demo.py")
    assert finding["details"][-1] == "Treated as non-production code, example code (`examples/`): reported as info"


def test_configured_patterns_override_the_defaults(tmp_path: Path) -> None:
    root = write(tmp_path, {"examples/demo.py": DEV_APP, "playground/app.py": DEV_APP})
    (root / "pyproject.toml").write_text(
        '[tool.prodready]\nnon-production = ["playground/"]\nproduction = ["examples/demo.py"]\n')
    assert exposure(scan_json(root)) == {
        ("PR201", "examples/demo.py", 6, "high"), ("PR201", "playground/app.py", 6, "info"),
    }


def test_a_module_production_code_imports_ships(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "scripts/__init__.py": "",
        "scripts/tools.py": 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/debug")\n\n\n'
                            '@router.get("/state")\ndef state():\n    return {}\n',
        "main.py": "from fastapi import FastAPI\n\nfrom scripts import tools\n\napp = FastAPI()\n"
                   "app.include_router(tools.router)\n",
    })
    assert exposure(scan_json(root)) == {("PR201", "scripts/tools.py", 6, "high")}


def test_an_app_started_only_under_main_on_loopback_is_a_prototype(tmp_path: Path) -> None:
    main_block = '\n\nif __name__ == "__main__":\n    import uvicorn\n\n    uvicorn.run(app, host="{host}")\n'
    root = write(tmp_path, {
        "service/main.py": SERVICE,
        "prototype.py": textwrap.dedent(DEV_APP) + main_block.format(host="127.0.0.1"),
        "public_demo.py": textwrap.dedent(DEV_APP) + main_block.format(host="0.0.0.0"),
    })
    report = scan_json(root)
    assert exposure(report) == {("PR201", "prototype.py", 6, "info"), ("PR201", "public_demo.py", 6, "high")}
    assert [n["path"] for n in report["non_production"]] == ["prototype.py"]


def test_the_only_app_of_a_project_is_the_service_even_when_started_under_main(tmp_path: Path) -> None:
    root = write(tmp_path, {"app.py": textwrap.dedent(DEV_APP) + '\n\nif __name__ == "__main__":\n    app.run()\n'})
    assert exposure(scan_json(root)) == {("PR201", "app.py", 6, "high")}


def test_min_confidence_leaves_out_findings_below_it(tmp_path: Path) -> None:
    root = write(tmp_path, {"main.py": DEV_APP})  # a dev route by one word of its path: medium
    report = scan_json(root)
    assert [(f["rule_id"], f["confidence"]) for f in report["findings"]] == [("PR201", "medium")]
    assert scan_json(root, "--min-confidence", "high")["findings"] == []
    assert len(scan_json(root, "--min-confidence", "medium")["findings"]) == 1
    (root / "pyproject.toml").write_text('[tool.prodready]\nmin-confidence = "high"\n')
    assert scan_json(root)["findings"] == []
    assert len(scan_json(root, "--min-confidence", "low")["findings"]) == 1


def test_bad_confidence_values_exit_2(tmp_path: Path) -> None:
    root = write(tmp_path, {"main.py": DEV_APP})
    result = runner.invoke(app, ["scan", str(root), "--no-cache", "--min-confidence", "sure"])
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())  # rich wraps the error in a box
    assert "unknown confidence 'sure' (choose from: high, medium, low)" in message
    (root / "pyproject.toml").write_text('[tool.prodready]\nmin-confidence = "sure"\n')
    result = runner.invoke(app, ["scan", str(root), "--no-cache"])
    assert result.exit_code == 2
    assert "key 'min-confidence': expected one of high, medium, low, got 'sure'" in result.stderr


def test_reports_say_how_sure_each_finding_is(tmp_path: Path) -> None:
    root = write(tmp_path, {"main.py": DEV_APP})
    sarif = json.loads(runner.invoke(app, ["scan", str(root), "--format", "sarif", "--no-cache"]).stdout)
    run = sarif["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "PR201")
    assert (result["properties"]["precision"], result["rank"]) == ("medium", 60.0)
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "PR201")
    assert rule["properties"]["precision"] == "high"
    markdown = runner.invoke(app, ["scan", str(root), "--format", "markdown", "--no-cache"]).stdout
    assert "**Rule**: `PR201` dev-route-exposed (severity high, confidence medium)" in markdown
    terminal = runner.invoke(app, ["scan", str(root), "--format", "terminal", "--no-cache", "-o",
                                   str(tmp_path / "out.txt")])
    assert terminal.exit_code == 1
    assert "HIGH PR201 dev-route-exposed [exposed] confidence medium" in (tmp_path / "out.txt").read_text()



def test_a_router_a_production_app_mounts_from_a_test_directory_ships(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "api/__init__.py": "",
        "api/test/__init__.py": "",
        "api/test/routes.py": 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/qa")\n\n\n'
                              '@router.post("/reset")\ndef reset():\n    return {}\n',
        "main.py": "import api.test.routes\nfrom fastapi import FastAPI\n\napp = FastAPI()\n"
                   "app.include_router(api.test.routes.router)\n",
    })
    assert exposure(scan_json(root)) == {("PR201", "api/test/routes.py", 6, "high")}
