"""Run inside a fixture directory: import its app and answer requests in-process, one JSON line each.

Usage: python probe_app.py MODULE:ATTR "GET /path" ...   (PROBE_LIFESPAN=0 skips start-up/shut-down)
       python probe_app.py django:SETTINGS_MODULE "GET /path" ...
       python probe_app.py tornado:MODULE:FACTORY "GET /path" "GET host.name/path" ...
           (a real HTTPServer on a loopback port; PROBE_ARGS are parsed as Tornado command-line options
           before FACTORY() builds the application)
"""

from __future__ import annotations

import importlib
import json
import os
import sys


def _load(target: str):
    module_name, _, attribute = target.partition(":")
    sys.path.insert(0, os.getcwd())
    return getattr(importlib.import_module(module_name), attribute)


def _body(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


def _django_client(settings_module: str):
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    sys.path.insert(0, os.getcwd())
    import django
    from django.test import Client

    django.setup()
    return Client(raise_request_exception=False)


def _tornado(target: str, requests: list[str]) -> None:
    import asyncio

    from tornado.httpclient import AsyncHTTPClient
    from tornado.httpserver import HTTPServer
    from tornado.options import parse_command_line
    from tornado.testing import bind_unused_port

    factory = _load(target)  # its module defines the options first
    parse_command_line(["probe", "--logging=none", *os.getenv("PROBE_ARGS", "").split()])

    async def run() -> None:
        app = factory()
        sock, port = bind_unused_port()
        server = HTTPServer(app)
        server.add_sockets([sock])
        client = AsyncHTTPClient()
        for spec in requests:
            method, where = spec.split(" ", 1)
            host, _, path = where.partition("/") if not where.startswith("/") else ("", "", where[1:])
            response = await client.fetch(
                f"http://127.0.0.1:{port}/{path}", method=method, raise_error=False,
                headers={"Host": host} if host else None,
                body=b"{}" if method in ("POST", "PUT", "PATCH") else None,
            )
            print(json.dumps({"request": spec, "status": response.code,
                              "body": _body((response.body or b"").decode(errors="replace"))}))
        server.stop()

    asyncio.run(run())


def main(target: str, requests: list[str]) -> None:
    if target.startswith("tornado:"):
        _tornado(target.removeprefix("tornado:"), requests)
        return
    if target.startswith("django:"):
        client = _django_client(target.removeprefix("django:"))
        for spec in requests:
            method, path = spec.split(" ", 1)
            response = client.generic(method, path)
            print(json.dumps({"request": spec, "status": response.status_code,
                              "body": _body(response.content.decode(errors="replace"))}))
        return
    app = _load(target)
    if hasattr(app, "wsgi_app"):  # Flask (Quart, an ASGI app, goes through Starlette's TestClient)
        client = app.test_client()
        for spec in requests:
            method, path = spec.split(" ", 1)
            response = client.open(path, method=method)
            print(json.dumps({"request": spec, "status": response.status_code,
                              "body": _body(response.get_data(as_text=True))}))
        return
    from starlette.testclient import TestClient

    client = TestClient(app, raise_server_exceptions=False)
    use_lifespan = os.getenv("PROBE_LIFESPAN", "1") == "1"
    if use_lifespan:
        client.__enter__()
    try:
        for spec in requests:
            method, path = spec.split(" ", 1)
            response = client.request(method, path)
            print(json.dumps({"request": spec, "status": response.status_code, "body": _body(response.text)}))
    finally:
        if use_lifespan:
            client.__exit__(None, None, None)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
