"""dev_only_view on a plain Starlette endpoint, served by a real uvicorn on loopback."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from prodready_kit.guards import ENVIRONMENT_VARIABLES, dev_only_view


@dev_only_view
async def debug_info(request) -> PlainTextResponse:
    return PlainTextResponse("debug")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_guarded_endpoint_answers_404_in_production_and_200_in_development(monkeypatch):
    for variable in ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    app = Starlette(routes=[Route("/debug/info", debug_info)])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{server.config.port}", timeout=5) as client:
            assert client.get("/debug/info").status_code == 404
            monkeypatch.setenv("PRODREADY_ENV", "development")
            response = client.get("/debug/info")
            assert (response.status_code, response.text) == (200, "debug")
    finally:
        server.should_exit = True
        thread.join(5)
