"""The http.server fixture's classes are true at runtime: the backup agent (`python -m agent`, in a
subprocess with the fixture as working directory) answers its probes with the storage directory
missing or writable, and serves its debug console only in development."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.conftest import FIXTURES, free_port, wait_for_port


@contextmanager
def agent(storage: Path, source: Path, **env: str) -> Iterator[int]:
    """The agent's API port while it runs with `storage` and `source` directories."""
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("AGENT_")}
    environment.update(AGENT_PORT=str(port), AGENT_STORAGE=str(storage), AGENT_SOURCE=str(source),
                       PYTHONDONTWRITEBYTECODE="1", **env)
    process = subprocess.Popen([sys.executable, "-m", "agent"], cwd=FIXTURES / "stdlib_http_daemon",
                               env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, timeout=30)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def call(port: int, method: str, path: str) -> tuple[int, object]:
    """(status, decoded JSON body or text) of one request."""
    data = b"" if method == "POST" else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body.decode(errors="replace")


def test_probes_with_the_storage_directory_missing(tmp_path: Path) -> None:
    with agent(tmp_path / "missing", tmp_path) as port:
        assert call(port, "GET", "/healthz") == (200, {"status": "ok"})  # static liveness
        assert call(port, "GET", "/readyz")[0] == 503  # real
        status, body = call(port, "GET", "/status")  # fake: "running" while backups cannot be written
        assert status == 200 and body["status"] == "running"
        assert call(port, "GET", "/debug/threads")[0] == 200  # exposed
        assert call(port, "POST", "/test/fail-next-backup")[0] == 404  # gated: production


def test_probes_with_writable_storage_and_the_debug_console_in_development(tmp_path: Path) -> None:
    storage, source = tmp_path / "storage", tmp_path / "source"
    storage.mkdir()
    source.mkdir()
    (source / "data.txt").write_text("rows", encoding="utf-8")
    with agent(storage, source, AGENT_ENV="development") as port:
        assert call(port, "GET", "/readyz") == (200, {"status": "ready"})
        assert call(port, "POST", "/test/fail-next-backup") == (202, {"fail_next": True})
        assert call(port, "POST", "/backups")[0] == 500
        assert call(port, "POST", "/backups")[0] == 201
        wait_for_port(port + 1, timeout=30)
        status, state = call(port + 1, "GET", "/anything")
        assert status == 200 and state["storage"] == str(storage)
