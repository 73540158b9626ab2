"""Imports a fix adds go where isort and ruff put them, and its lines respect the configured line
length (ruff, black, isort settings; 88 by default); ruff itself checks the results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from prodready.codemods.import_order import FIRST_PARTY, STDLIB, THIRD_PARTY, section_of
from prodready.codemods.runner import plan_fixes
from prodready.codemods.style import DEFAULT_LINE_LENGTH, project_style
from prodready.model.findings import Finding, Location, ScanResult, Severity

RUFF = Path(sys.executable).with_name("ruff")


def tracing_fixed(root: Path, source: str, line: int, service: str = "app.py") -> str:
    """The file `service` (holding `source`) after the tracing fix anchored at `line`."""
    (root / service).parent.mkdir(parents=True, exist_ok=True)
    (root / service).write_text(source)
    (root / "requirements.txt").write_text("fastapi\n")
    finding = Finding(rule_id="PR301", slug="capability-tracing", family="capability", status="missing",
                      severity=Severity.LOW, message="no tracing", location=Location(service, line, line))
    plan = plan_fixes(ScanResult(root=str(root), findings=(finding,)), unsafe=True)
    return next(c for c in plan.changes if c.path == service).updated.decode()


def ruff_clean(root: Path, source: str) -> bool:
    """True when ruff's isort and line-length rules pass on `source` as root/app.py (root's config)."""
    (root / "app.py").write_text(source)
    result = subprocess.run([str(RUFF), "check", "--no-cache", "--select", "I,E501", "app.py"], cwd=root,
                            capture_output=True, text=True, timeout=60)
    return result.returncode == 0


CASES = [
    pytest.param('import os\n\nfrom fastapi import FastAPI\n\napp = FastAPI(debug=bool(os.getenv("D")))\n', 5,
                 'import os\n\nfrom fastapi import FastAPI\nfrom prodready_kit.tracing import setup_tracing\n\n'
                 'app = FastAPI(debug=bool(os.getenv("D")))\nsetup_tracing(app, service_name="svc")\n',
                 id="third-party section, sorted"),
    pytest.param('"""Service."""\n\nimport os\n\napp = __import__("fastapi").FastAPI()\nPORT = os.getenv("P")\n', 5,
                 '"""Service."""\n\nimport os\n\nfrom prodready_kit.tracing import setup_tracing\n\n'
                 'app = __import__("fastapi").FastAPI()\nPORT = os.getenv("P")\n', id="new section after stdlib"),
    pytest.param('from __future__ import annotations\n\nfrom fastapi import FastAPI\n\nfrom svc.db import engine\n\n'
                 'app = FastAPI()\n', 7,
                 'from __future__ import annotations\n\nfrom fastapi import FastAPI\n'
                 'from prodready_kit.tracing import setup_tracing\n\nfrom svc.db import engine\n\n'
                 'app = FastAPI()\nsetup_tracing(app, service_name="svc")\n', id="before first party"),
    pytest.param('from fastapi import FastAPI\nfrom prodready_kit.tracing import PROBE_PATHS\n\napp = FastAPI()\n', 4,
                 'from fastapi import FastAPI\nfrom prodready_kit.tracing import PROBE_PATHS, setup_tracing\n\n'
                 'app = FastAPI()\nsetup_tracing(app, service_name="svc")\n', id="merged into the module's import"),
    pytest.param('from fastapi import FastAPI\nfrom prodready_kit.tracing import (\n    PROBE_PATHS,\n)\n\n'
                 'app = FastAPI()\n', 6,
                 'from fastapi import FastAPI\nfrom prodready_kit.tracing import (\n    PROBE_PATHS,\n'
                 '    setup_tracing,\n)\n\napp = FastAPI()\nsetup_tracing(app, service_name="svc")\n',
                 id="merged into a parenthesised import"),
]


@pytest.mark.parametrize(("source", "line", "expected"), CASES)
def test_imports_land_in_their_section_in_order(tmp_path, source, line, expected):
    root = tmp_path / "svc"
    (root / "svc").mkdir(parents=True)
    (root / "svc" / "db.py").write_text("engine = None\n")
    if "__import__" in source:
        expected = expected.replace('PORT = os.getenv("P")\n', 'setup_tracing(app, service_name="svc")\nPORT = os.getenv("P")\n')
    assert ruff_clean(root, source)
    fixed = tracing_fixed(root, source, line)
    assert fixed == expected
    assert ruff_clean(root, fixed)


def test_a_merged_import_that_no_longer_fits_is_wrapped(tmp_path):
    root = tmp_path / "svc"
    root.mkdir()
    (root / "pyproject.toml").write_text("[tool.ruff]\nline-length = 50\n")
    source = "from fastapi import FastAPI\nfrom prodready_kit.tracing import PROBE_PATHS\n\napp = FastAPI()\n"
    fixed = tracing_fixed(root, source, 4)
    assert fixed.startswith("from fastapi import FastAPI\nfrom prodready_kit.tracing import (\n"
                            "    PROBE_PATHS,\n    setup_tracing,\n)\n")
    assert ruff_clean(root, fixed)


def test_a_written_call_that_does_not_fit_is_split_like_black(tmp_path):
    root = tmp_path / "a-service-with-a-long-name"
    root.mkdir()
    (root / "pyproject.toml").write_text("[tool.black]\nline-length = 40\n")
    fixed = tracing_fixed(root, "from fastapi import FastAPI\n\napp = FastAPI()\n", 3)
    assert fixed.endswith('app = FastAPI()\nsetup_tracing(\n    app,\n    service_name="a-service-with-a-long-name",\n)\n')


def test_lines_inside_a_function_count_their_indentation(tmp_path):
    root = tmp_path / "svc"
    root.mkdir()
    (root / "pyproject.toml").write_text("[tool.ruff]\nline-length = 40\n")
    source = "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n"
    fixed = tracing_fixed(root, source, 5)
    assert "    app = Flask(__name__)\n    setup_tracing(\n        app, service_name=\"svc\"\n    )\n" in fixed
    assert ruff_clean(root, fixed)


def _style_root(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize(("files", "length"), [
    ({}, DEFAULT_LINE_LENGTH),
    ({"pyproject.toml": "[tool.ruff]\nline-length = 120\n"}, 120),
    ({"pyproject.toml": "[tool.black]\nline-length = 100\n"}, 100),
    ({"pyproject.toml": "[tool.black]\nline-length = 100\n[tool.ruff]\nline-length = 110\n"}, 110),
    ({"pyproject.toml": "[tool.isort]\nline_length = 79\n"}, 79),
    ({"pyproject.toml": "[tool.black]\nline-length = 100\n", "ruff.toml": "line-length = 72\n"}, 72),
    ({"pyproject.toml": "[tool.ruff]\nline-length = 120\n", "pkg/pyproject.toml": "[tool.black]\nline-length = 90\n"}, 90),
    ({"pyproject.toml": "[project]\nname = 'x'\n"}, DEFAULT_LINE_LENGTH),
])
def test_the_line_length_is_the_nearest_configured_one(tmp_path, files, length):
    root = _style_root(tmp_path, files)
    assert project_style(root, "pkg/app.py").line_length == length


def test_first_party_modules_are_the_ones_under_the_source_roots_or_configured(tmp_path):
    root = _style_root(tmp_path, {"pyproject.toml": '[tool.ruff]\nsrc = ["lib"]\n[tool.ruff.lint.isort]\n'
                                                    'known-first-party = ["acme"]\n', "lib/orders/db.py": "",
                                  "tools.py": ""})
    style = project_style(root, "lib/orders/app.py")
    assert [section_of(module, 0, style) for module in ("orders.db", "orders", "acme.x", "tools", "os", "redis")] == [
        FIRST_PARTY, FIRST_PARTY, FIRST_PARTY, THIRD_PARTY, STDLIB, THIRD_PARTY]
