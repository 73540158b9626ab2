"""`http.server` routes: one per path a `do_X` method's dispatch names (==, in, startswith, substring,
match, a path table), served by the branch or by the method the branch calls; servers made by
assignment, `with`, inline or in a server subclass; gates in the branch test; health classes from
`send_response` / `send_error` / a send helper, each path on its own."""

from __future__ import annotations

from tests.conftest import scan_project
from tests.frameworks.test_linking import route, table

DAEMON = """\
    import json
    import os
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import urlparse


    def show_metrics(handler):
        handler.send_response(200)
        handler.end_headers()


    class AgentHandler(BaseHTTPRequestHandler):
        def do_GET(self):
            path = urlparse(self.path).path
            if path == "/healthz":
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")
            elif path in ("/ready", "/readyz"):
                self.readiness()
            elif path.startswith("/jobs/"):
                self.send_response(200)
                self.end_headers()
            elif "metrics" in path:
                return show_metrics(self)
            else:
                self.send_error(404)

        def do_POST(self):
            match self.path:
                case "/jobs" | "/jobs/":
                    self.send_response(202)
                    self.end_headers()
                case _:
                    self.send_error(404)

        def do_DELETE(self):
            if self.path == "/test/reset" and os.environ.get("AGENT_ENV") == "development":
                self.send_response(204)
                self.end_headers()

        def do_HEAD(self):
            self.send_response(200)
            self.end_headers()

        def readiness(self):
            self.send_response(200)
            self.end_headers()


    def serve():
        with ThreadingHTTPServer(("0.0.0.0", 8080), AgentHandler) as server:
            server.serve_forever()
    """


def test_each_dispatched_path_is_a_route_of_its_method(linked) -> None:
    project = linked({"agent/__init__.py": "", "agent/daemon.py": DAEMON})
    assert table(project) == {
        ("GET", "/healthz", "agent.daemon.AgentHandler.do_GET", "agent/daemon.py:15-18", True),
        ("GET", "/ready", "agent.daemon.AgentHandler.readiness", "agent/daemon.py:46-48", True),
        ("GET", "/readyz", "agent.daemon.AgentHandler.readiness", "agent/daemon.py:46-48", True),
        ("GET", "/jobs/{path}", "agent.daemon.AgentHandler.do_GET", "agent/daemon.py:21-23", True),
        ("GET", "/metrics", "agent.daemon.show_metrics", "agent/daemon.py:7-9", True),
        ("POST", "/jobs", "agent.daemon.AgentHandler.do_POST", "agent/daemon.py:31-33", True),
        ("POST", "/jobs/", "agent.daemon.AgentHandler.do_POST", "agent/daemon.py:31-33", True),
        ("DELETE", "/test/reset", "agent.daemon.AgentHandler.do_DELETE", "agent/daemon.py:38-40", True),
        ("HEAD", "/{path}", "agent.daemon.AgentHandler.do_HEAD", "agent/daemon.py:42-44", True),
    }
    reset = route(project, "/test/reset")
    assert [g.expression for g in reset.gates] == ['os.environ.get("AGENT_ENV") == "development"']
    assert [m.location.label() for m in route(project, "/healthz").mounts] == ["agent/daemon.py:52"]
    assert {r.framework for r in project.routes} == {"http.server"}


def test_path_tables_inline_servers_server_subclasses_and_unserved_handlers(linked) -> None:
    project = linked({
        "api.py": """\
            import http.server
            import socketserver


            def status(handler):
                handler.send_response(200)


            ROUTES = {"/status": status}


            class Base(http.server.BaseHTTPRequestHandler):
                routes = {"/version": "version", "/info": "do_info"}

                def version(self):
                    self.send_response(200)

                def do_info(self):
                    self.send_response(200)

                def do_GET(self):
                    name = self.routes.get(self.path)
                    if name:
                        getattr(self, name)()
                    handler = ROUTES.get(self.path)
                    if handler:
                        handler(self)


            class Admin(Base):
                def do_POST(self):
                    if self.path == "/admin/debug/gc":
                        self.send_response(200)


            class Never(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    if self.path == "/debug/dump":
                        self.send_response(200)


            class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
                def __init__(self, address):
                    http.server.HTTPServer.__init__(self, address, Admin)


            http.server.HTTPServer(("", 9000), Base).serve_forever()
            """,
    })
    assert table(project) == {
        ("GET", "/version", "api.Base.version", "api.py:15-16", True),
        ("GET", "/info", "api.Base.do_info", "api.py:18-19", True),
        ("GET", "/status", "api.status", "api.py:5-6", True),
        ("POST", "/admin/debug/gc", "api.Admin.do_POST", "api.py:32-33", True),
        ("GET", "/debug/dump", "api.Never.do_GET", "api.py:38-39", False),
    }


def test_handler_methods_routed_by_an_overridden_parse_request(linked) -> None:
    project = linked({
        "rest.py": """\
            from http.server import BaseHTTPRequestHandler, HTTPServer


            class Handler(BaseHTTPRequestHandler):
                def parse_request(self):
                    ok = BaseHTTPRequestHandler.parse_request(self)
                    name = self.path.lstrip("/").split("/")[0]
                    if ok and hasattr(self, f"do_{self.command}_{name}"):
                        self.command = f"{self.command}_{name}"
                    return ok

                def do_GET_liveness(self):
                    self.send_response(200)

                def do_POST_restart(self):
                    self.send_response(202)


            server = HTTPServer(("", 8008), Handler)
            """,
    })
    assert table(project) == {
        ("GET", "/liveness", "rest.Handler.do_GET_liveness", "rest.py:12-13", True),
        ("POST", "/restart", "rest.Handler.do_POST_restart", "rest.py:15-16", True),
    }


def test_health_class_of_each_dispatched_path(tmp_path) -> None:
    result = scan_project(tmp_path, {
        "requirements.txt": "redis\n",
        "daemon.py": """\
            import json
            from http import HTTPStatus
            from http.server import BaseHTTPRequestHandler, HTTPServer

            import redis

            store = redis.Redis()


            class Handler(BaseHTTPRequestHandler):
                def _json(self, code, payload):
                    body = json.dumps(payload).encode()
                    self.send_response(code)
                    self.end_headers()
                    self.wfile.write(body)

                def do_GET(self):
                    if self.path == "/health":
                        self._json(200, {"status": "ok"})
                    elif self.path == "/ready":
                        try:
                            store.ping()
                        except redis.RedisError:
                            self.send_error(HTTPStatus.SERVICE_UNAVAILABLE)
                            return
                        self._json(200, {"status": "ready"})
                    elif self.path == "/status":
                        try:
                            store.ping()
                        except redis.RedisError:
                            pass
                        self._json(200, {"status": "ok", "redis": "connected"})
                    else:
                        self.send_error(404)


            HTTPServer(("", 8080), Handler).serve_forever()
            """,
    })
    found = {(f.rule_id, f.location.start_line, f.location.end_line, f.status)
             for f in result.findings if f.family == "health"}
    assert found == {
        ("PR103", 18, 19, "static-liveness"),
        ("PR104", 20, 26, "real"),
        ("PR101", 27, 32, "fake"),
    }


def test_path_expressions_and_a_partial_handler(linked) -> None:
    project = linked({
        "probe.py": """\
            import functools
            from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
            from urllib.parse import urlparse


            class Probe(SimpleHTTPRequestHandler):
                def do_GET(self):
                    if self.path.split("?")[0] == "/live":
                        self.send_response(200)
                    elif urlparse(self.path).path.rstrip("/") == "/ready":
                        self.send_response(200)
                    else:
                        super().do_GET()


            server = ThreadingHTTPServer(("", 8000), functools.partial(Probe, directory="static"))
            """,
    })
    assert table(project) == {
        ("GET", "/live", "probe.Probe.do_GET", "probe.py:8-9", True),
        ("GET", "/ready", "probe.Probe.do_GET", "probe.py:10-11", True),
    }
