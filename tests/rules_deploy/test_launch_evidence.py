"""Launch commands as tracing evidence, on copies of the deploy_wiring fixture: a launcher in a
Dockerfile, Procfile, compose command or manifest makes tracing present with that line as its
evidence; instrumentation packages in requirements.txt alone stay declared-not-wired."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from tests.conftest import FIXTURES


def copy_of_fixture(tmp_path: Path) -> Path:
    root = tmp_path / "deploy_wiring"
    shutil.copytree(FIXTURES / "deploy_wiring", root)
    return root


def tracing(root: Path) -> tuple[str, str, tuple[str, ...], list[str]]:
    result = scan(ScanOptions(root=root, use_cache=False, jobs=1))
    [finding] = [f for f in result.findings if f.rule_id == "PR301"]
    return finding.status, finding.severity.label, finding.details, [r.label() for r in finding.related]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_requirements_alone_are_declared_not_wired(tmp_path: Path) -> None:
    status, severity, details, related = tracing(copy_of_fixture(tmp_path))
    assert (status, severity) == ("declared-not-wired", "medium")
    assert details[:3] == ("opentelemetry-distro declared in requirements.txt:7",
                           "opentelemetry-instrumentation-fastapi declared in requirements.txt:8",
                           "opentelemetry-exporter-otlp declared in requirements.txt:9")
    assert related == ["requirements.txt:7", "requirements.txt:8", "requirements.txt:9"]


def test_dockerfile_started_with_opentelemetry_instrument_is_present(tmp_path: Path) -> None:
    root = copy_of_fixture(tmp_path)
    edit(root / "Dockerfile", 'CMD ["uvicorn",', 'CMD ["opentelemetry-instrument", "uvicorn",')
    status, severity, details, related = tracing(root)
    assert (status, severity) == ("present", "none")
    assert details == ("started with `opentelemetry-instrument` (Dockerfile:15)",)
    assert related == ["Dockerfile:15"]


@pytest.mark.parametrize("path, old, new, evidence", [
    ("Procfile", "web: gunicorn", "web: ddtrace-run gunicorn", "started with `ddtrace-run` (Procfile:1)"),
    ("docker-compose.yml", "command: gunicorn", "command: newrelic-admin run-program gunicorn",
     "started with `newrelic-admin run-program` (docker-compose.yml:20)"),
    ("k8s/base/inventory.yaml", 'command: ["gunicorn",', 'command: ["opentelemetry-instrument", "gunicorn",',
     "started with `opentelemetry-instrument` (k8s/base/inventory.yaml:63)"),
    ("k8s/base/events.yaml", 'command: ["uvicorn",', 'command: ["sh", "-c", "exec opentelemetry-instrument uvicorn",',
     "started with `opentelemetry-instrument` (k8s/base/events.yaml:20)"),
])
def test_other_launch_commands_are_evidence(tmp_path: Path, path: str, old: str, new: str, evidence: str) -> None:
    root = copy_of_fixture(tmp_path)
    edit(root / path, old, new)
    status, _, details, _ = tracing(root)
    assert (status, details) == ("present", (evidence,))


def test_a_launcher_named_in_a_comment_or_requirement_is_not_a_launch(tmp_path: Path) -> None:
    root = copy_of_fixture(tmp_path)
    edit(root / "Dockerfile", "# Build the wheels", "# opentelemetry-instrument could wrap CMD. Build the wheels")
    edit(root / "requirements.txt", "redis==5.2.1\n", "redis==5.2.1\nopentelemetry-instrument-helpers==0.1\n")
    assert tracing(root)[0] == "declared-not-wired"
