"""How Litestar and Tornado handlers answer: exact rule, file, line span, status and evidence."""

from __future__ import annotations

from prodready.model.findings import Finding

ROUTE_CLASSES = frozenset({"PR101", "PR102", "PR103", "PR104"})


def classes(findings: list[Finding]) -> set[tuple[str, str, int, int, str]]:
    return {(f.rule_id, f.location.path, f.location.start_line, f.location.end_line, f.status)
            for f in findings if f.rule_id in ROUTE_CLASSES}


def details(findings: list[Finding], line: int) -> tuple[str, ...]:
    return next(f.details for f in findings if f.rule_id in ROUTE_CLASSES and f.location.start_line == line)


TORNADO = """\
    import logging

    import tornado.web
    from tornado.web import HTTPError

    from deps import db, redis


    class Live(tornado.web.RequestHandler):
        def get(self):
            self.write({"status": "ok"})


    class Ready(tornado.web.RequestHandler):
        async def get(self):
            if not await db.is_connected():
                self.set_status(503)
            self.write({"ready": True})


    class Cache(tornado.web.RequestHandler):
        async def get(self):
            try:
                await redis.ping()
            except Exception:
                self.send_error(503)
                return
            await self.finish({"status": "ok"})


    class Queue(tornado.web.RequestHandler):
        async def get(self):
            if not await db.queue_depth_ok():
                self.send_error()
            self.write("OK")


    class Db(tornado.web.RequestHandler):
        async def get(self):
            if not await db.is_connected():
                raise HTTPError(503, reason="database down")
            self.write({"status": "ok"})


    class Status(tornado.web.RequestHandler):
        async def get(self):
            try:
                await redis.ping()
            except Exception:
                logging.warning("redis down")
            self.write({"status": "healthy", "redis": "connected"})


    class Heartbeat(tornado.web.RequestHandler):
        async def get(self):
            up = await db.is_connected()
            self.write({"status": "up" if up else "down"})


    app = tornado.web.Application([
        (r"/live", Live), (r"/ready", Ready), (r"/health/cache", Cache), (r"/health/queue", Queue),
        (r"/health/db", Db), (r"/status", Status), (r"/heartbeat", Heartbeat),
    ])
    """


def test_tornado_handlers_answer_through_write_set_status_send_error_and_http_error(scan_files) -> None:
    findings = scan_files({"app.py": TORNADO, "deps.py": "db = redis = None\n"})
    assert classes(findings) == {
        ("PR103", "app.py", 10, 11, "static-liveness"),
        ("PR104", "app.py", 15, 18, "real"),
        ("PR104", "app.py", 22, 28, "real"),
        ("PR104", "app.py", 32, 35, "real"),
        ("PR104", "app.py", 39, 42, "real"),
        ("PR101", "app.py", 46, 51, "fake"),
        ("PR102", "app.py", 55, 57, "body-only-failure"),
    }
    assert details(findings, 15) == ("Can answer HTTP 503 when a check fails",)
    assert details(findings, 22) == ("Can answer HTTP 503 when a check fails",)
    assert details(findings, 32) == ("Can answer HTTP 500 when a check fails",)  # send_error() defaults to 500
    assert details(findings, 39) == ("Can answer HTTP 503 when a check fails",)


def test_a_write_on_something_else_than_the_handler_is_no_answer(scan_files) -> None:
    findings = scan_files({
        "app.py": """\
            import tornado.web


            class Health(tornado.web.RequestHandler):
                def get(self):
                    self.log.write({"status": "down"})
                    self.write({"status": "ok"})


            app = tornado.web.Application([(r"/health", Health)])
            """,
    })
    assert classes(findings) == {("PR103", "app.py", 5, 7, "static-liveness")}


LITESTAR = """\
    from litestar import Litestar, get
    from litestar.exceptions import HTTPException, ServiceUnavailableException
    from litestar.response import Response

    from deps import db


    @get("/ready")
    async def ready() -> dict:
        if not await db.is_connected():
            raise ServiceUnavailableException("database unreachable")
        return {"status": "ready"}


    @get("/health/db")
    async def health_db() -> dict:
        if not await db.is_connected():
            raise HTTPException(status_code=503, detail="database unreachable")
        return {"status": "ok"}


    @get("/health/cache")
    async def health_cache() -> Response:
        if not await db.cache_ok():
            return Response(content={"status": "down"}, status_code=503)
        return Response(content={"status": "up"})


    @get("/health/tuple")
    async def health_tuple() -> tuple:
        if not await db.is_connected():
            return {"status": "down"}, 503
        return {"status": "up"}, 200


    app = Litestar([ready, health_db, health_cache, health_tuple])
    """


def test_litestar_exceptions_and_responses_carry_their_codes(scan_files) -> None:
    findings = scan_files({"app.py": LITESTAR, "deps.py": "db = None\n"})
    assert classes(findings) == {
        ("PR104", "app.py", 8, 12, "real"),
        ("PR104", "app.py", 15, 19, "real"),
        ("PR104", "app.py", 22, 26, "real"),
        ("PR102", "app.py", 29, 33, "body-only-failure"),  # Litestar serialises a tuple: HTTP 200
    }
    assert details(findings, 8) == ("Can answer HTTP 503 when a check fails",)
    assert details(findings, 15) == ("Can answer HTTP 503 when a check fails",)
    assert details(findings, 22) == ("Can answer HTTP 503 when a check fails",)


def test_an_empty_tornado_health_method_answers_a_constant_200(scan_files) -> None:
    findings = scan_files({"hub/pages.py": """\
        import tornado.web


        class HealthCheckHandler(tornado.web.RequestHandler):
            \"\"\"Serve health check probes as quickly as possible.\"\"\"

            def get(self):
                pass

            head = get


        class OrdersHandler(tornado.web.RequestHandler):
            def get(self):
                ...


        app = tornado.web.Application([(r"/health$", HealthCheckHandler), (r"/orders$", OrdersHandler)])
    """})
    assert classes(findings) == {("PR103", "hub/pages.py", 7, 8, "static-liveness")}
    assert details(findings, 7) == ("Constant answer (the same answer) that checks no dependency: right for liveness only",)
