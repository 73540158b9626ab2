"""Regression from review: words in pyproject.toml metadata are not declared dependencies."""

from __future__ import annotations

APP = """
from fastapi import FastAPI

app = FastAPI()
"""


def test_pyproject_metadata_words_declare_nothing(scan_files) -> None:
    result = scan_files({
        "app.py": APP,
        "pyproject.toml": (
            '[project]\nname = "svc"\ndescription = "Licensing and billing API"\n'
            'keywords = ["newrelic", "kazoo", "opentelemetry-sdk"]\ndependencies = ["fastapi"]\n'
        ),
    })
    capability = {(f.rule_id, f.status, f.location.label()) for f in result.findings if f.family == "capability"}
    assert capability == {("PR301", "missing", "app.py:3"), ("PR302", "missing", "app.py:3"),
                          ("PR303", "missing", "app.py:3")}
