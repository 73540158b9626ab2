"""Start test services as real processes on loopback and wait for them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ENVIRONMENT_VARIABLES = ("PRODREADY_ENV", "APP_ENV", "ENVIRONMENT", "ENV")


@dataclass
class Service:
    """A server process on 127.0.0.1:port (or one that refused to start: see returncode)."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        """Base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def returncode(self) -> int | None:
        """Exit code if the process has ended, else None."""
        return self.process.poll()

    def output(self) -> str:
        """What it wrote to stdout and stderr."""
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """Terminate and reap."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def command_for(kind: str, module: str, apps_dir: Path, port: int) -> list[str]:
    """uvicorn for ASGI modules, `python module.py PORT` for the WSGI ones."""
    if kind == "asgi":
        return [sys.executable, "-m", "uvicorn", f"{module}:app", "--host", "127.0.0.1", "--port", str(port),
                "--app-dir", str(apps_dir), "--log-level", "warning", "--no-access-log"]
    return [sys.executable, str(apps_dir / f"{module}.py"), str(port)]


def start_service(kind: str, module: str, apps_dir: Path, log_dir: Path, env: dict[str, str],
                  timeout: float = 30.0) -> Service:
    """Start a service with a clean environment (no *ENV variables unless given) and wait for it."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_VARIABLES}
    environment.update(env)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(apps_dir), environment.get("PYTHONPATH")]))
    log = log_dir / f"{module}-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command_for(kind, module, apps_dir, port), env=environment,
                                   stdout=sink, stderr=subprocess.STDOUT, cwd=apps_dir)
    service = Service(process, port, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return service
        except OSError:
            time.sleep(0.05)
    if process.poll() is None:
        service.stop()
        raise TimeoutError(f"{module} did not listen on {port}:\n{service.output()}")
    return service
