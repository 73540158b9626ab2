"""Two distributions from one repository, each built with `python -m build` and installed into a
fresh virtualenv: the scanner without the kit, and the kit without the scanner, light enough
for a production image; the docs' FastAPI example runs as pasted against a real redis-server."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
KIT_DOC = REPO / "docs" / "kit-health.md"
SCANNER_TOOLCHAIN = {"libcst", "astroid", "rich", "typer", "jinja2", "pygments", "prodready"}
MAX_PACKAGES = 15  # prodready-kit[fastapi,redis], the kit included
MAX_EXTRA_MB = 25  # beyond what FastAPI alone brings
BOOTSTRAP = {"pip", "setuptools", "wheel"}

pytestmark = pytest.mark.slow


def build(project: Path, out: Path) -> Path:
    """The wheel `python -m build` makes of `project`."""
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(project)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = out.glob("*.whl")
    return wheel


def venv(where: Path, *requirements: str) -> Path:
    """A fresh virtualenv with `requirements` installed; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=120)
    python = where / "bin" / "python"
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements],
                   check=True, capture_output=True, timeout=600, env=environment)
    return python


def installed(python: Path) -> dict[str, str]:
    """{distribution name (lower-case): version} in a virtualenv, pip's own tools left out."""
    listing = subprocess.run([str(python), "-m", "pip", "list", "--format", "json", "--disable-pip-version-check"],
                             check=True, capture_output=True, text=True).stdout
    return {item["name"].lower(): item["version"] for item in json.loads(listing)
            if item["name"].lower() not in BOOTSTRAP}


def site_packages_bytes(python: Path) -> int:
    """Bytes under the virtualenv's site-packages, pip's own tools left out."""
    site = next((python.parent.parent / "lib").glob("python3*/site-packages"))
    skip = tuple(BOOTSTRAP)
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file()
               and not p.relative_to(site).parts[0].lower().startswith(skip))


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    return {"kit": build(REPO / "kit", out / "kit"), "scanner": build(REPO, out / "scanner")}


@pytest.fixture(scope="module")
def kit_python(wheels: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return venv(tmp_path_factory.mktemp("kit-venv") / "venv", f"{wheels['kit']}[fastapi,redis]")


def test_the_kit_alone_is_light_and_brings_none_of_the_scanner(kit_python: Path, tmp_path: Path) -> None:
    packages = installed(kit_python)
    assert "prodready-kit" in packages and not SCANNER_TOOLCHAIN & set(packages)
    assert len(packages) < MAX_PACKAGES, sorted(packages)
    fastapi_only = venv(tmp_path / "fastapi-venv", "fastapi")
    extra_mb = (site_packages_bytes(kit_python) - site_packages_bytes(fastapi_only)) / 1e6
    assert extra_mb < MAX_EXTRA_MB
    documented = re.search(r"brings (\d+) packages, ([\d.]+) MB beyond", KIT_DOC.read_text(encoding="utf-8"))
    assert documented, "docs/kit-health.md states the measured package count and size"
    assert int(documented.group(1)) == len(packages)
    assert abs(float(documented.group(2)) - extra_mb) < 1.0  # the documented figure is this one, rounded
    imported = subprocess.run([str(kit_python), "-c", "import sys, prodready_kit.health.fastapi; "
                               "print(sorted(m for m in ('typer', 'rich', 'libcst', 'prodready') if m in sys.modules))"],
                              capture_output=True, text=True, check=True)
    assert imported.stdout.strip() == "[]"


def test_the_scanner_alone_scans_without_the_kit(wheels: dict[str, Path], tmp_path: Path) -> None:
    python = venv(tmp_path / "scanner-venv", str(wheels["scanner"]))
    packages = installed(python)
    assert "prodready" in packages and not {"prodready-kit", "fastapi", "flask", "django", "redis"} & set(packages)
    completed = subprocess.run([str(python.parent / "prodready"), "scan", str(REPO / "fixtures" / "oms_monolith"),
                                "--format", "json", "--no-cache"], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 1, completed.stderr
    assert "PR101" in {finding["rule_id"] for finding in json.loads(completed.stdout)["findings"]}


def first_python_block(markdown: str) -> str:
    return re.search(r"```python\n(.*?)```", markdown, re.S).group(1)


def test_the_fastapi_example_runs_as_pasted_against_a_real_redis(kit_python: Path, tmp_path: Path,
                                                                 redis_server) -> None:
    subprocess.run([str(kit_python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "uvicorn"],
                   check=True, capture_output=True, timeout=600)
    (tmp_path / "main.py").write_text(first_python_block(KIT_DOC.read_text(encoding="utf-8")), encoding="utf-8")
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"REDIS_URL": redis_server.url}
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen([str(kit_python), "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", str(port)],
                              cwd=tmp_path, env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            assert wait_until_serving(client), (tmp_path / "server.log").read_text()
            assert client.get("/health/ready").status_code == 200
            redis_server.kill()
            assert ready_status_once_cache_expires(client, 503) == 503  # results are cached for 1 s
            assert client.get("/health/live").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ready_status_once_cache_expires(client: httpx.Client, expected: int, within: float = 10.0) -> int:
    """Poll readiness until it answers `expected`; the last status it answered."""
    deadline = time.monotonic() + within
    status = client.get("/health/ready").status_code
    while status != expected and time.monotonic() < deadline:
        time.sleep(0.1)
        status = client.get("/health/ready").status_code
    return status


def wait_until_serving(client: httpx.Client, within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            client.get("/health/live")
            return True
        except httpx.TransportError:
            time.sleep(0.1)
    return False
