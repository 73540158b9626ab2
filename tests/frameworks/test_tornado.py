"""Tornado routes: handler lists, url() specs, add_handlers, Application subclasses, RequestHandler methods."""

from __future__ import annotations

from prodready.model.project import ProjectModel, Route


def table(project: ProjectModel) -> set[tuple[str, str, str, str, bool]]:
    """(methods, effective path, handler, handler span, mounted) of every route."""
    return {(",".join(r.methods), r.path, r.handler, r.location.label(), r.mounted) for r in project.routes}


def route(project: ProjectModel, path: str, method: str) -> Route:
    matching = [r for r in project.routes if r.path == path and method in r.methods]
    assert len(matching) == 1, project.routes
    return matching[0]


HANDLERS = """\
    import tornado.web


    class MainHandler(tornado.web.RequestHandler):
        def get(self):
            self.write("hello")

        def head(self):
            self.set_status(200)

        def helper(self):
            return 1


    class ItemHandler(tornado.web.RequestHandler):
        def initialize(self, store):
            self.store = store

        async def get(self, item_id):
            self.write(self.store[item_id])

        async def delete(self, item_id):
            self.store.pop(item_id)


    class ProxyHandler(tornado.web.RequestHandler):
        pass
    """


def test_application_with_tuples_url_specs_and_kwargs(linked) -> None:
    project = linked({
        "handlers.py": HANDLERS,
        "app.py": """\
            import tornado.web
            from tornado.web import url

            from handlers import ItemHandler, MainHandler, ProxyHandler


            def make_app(store):
                return tornado.web.Application([
                    (r"/", MainHandler),
                    url(r"^/items/([0-9]+)$", ItemHandler, dict(store=store), name="item"),
                    (r"/proxy/(.*)", ProxyHandler, {}, "proxy"),
                ])
            """,
    })
    assert table(project) == {
        ("GET", "/", "handlers.MainHandler.get", "handlers.py:5-6", True),
        ("HEAD", "/", "handlers.MainHandler.head", "handlers.py:8-9", True),
        ("GET", "/items/{param}", "handlers.ItemHandler.get", "handlers.py:19-20", True),
        ("DELETE", "/items/{param}", "handlers.ItemHandler.delete", "handlers.py:22-23", True),
        ("", "/proxy/{param}", "handlers.ProxyHandler", "handlers.py:26-27", True),
    }
    item = route(project, "/items/{param}", "GET")
    assert item.framework == "tornado" and item.name == "item" and item.local_path == "/items/{param}"
    assert item.mounts == ()  # given to the Application itself
    assert [r.name for r in project.routes if r.path == "/proxy/{param}"] == ["proxy"]


def test_module_level_list_in_a_urls_module_grown_under_debug(linked) -> None:
    project = linked({
        "handlers.py": HANDLERS,
        "debug_handlers.py": """\
            import tornado.web


            class DebugHandler(tornado.web.RequestHandler):
                def get(self):
                    self.write({"debug": True})
            """,
        "urls.py": """\
            import os

            from debug_handlers import DebugHandler
            from handlers import ItemHandler, MainHandler

            handlers = [
                (r"/", MainHandler),
            ]
            handlers += [(r"/items/([0-9]+)", ItemHandler, dict(store={}))]

            if os.environ.get("DEBUG") == "1":
                handlers.append((r"/debug", DebugHandler))
            """,
        "server.py": """\
            import tornado.ioloop
            import tornado.web

            from urls import handlers

            application = tornado.web.Application(handlers, cookie_secret="x")
            """,
    })
    assert table(project) == {
        ("GET", "/", "handlers.MainHandler.get", "handlers.py:5-6", True),
        ("HEAD", "/", "handlers.MainHandler.head", "handlers.py:8-9", True),
        ("GET", "/items/{param}", "handlers.ItemHandler.get", "handlers.py:19-20", True),
        ("DELETE", "/items/{param}", "handlers.ItemHandler.delete", "handlers.py:22-23", True),
        ("GET", "/debug", "debug_handlers.DebugHandler.get", "debug_handlers.py:5-6", True),
    }
    debug = route(project, "/debug", "GET")
    assert [(g.kind, g.expression, g.location.label()) for g in debug.gates] == [
        ("condition", 'os.environ.get("DEBUG") == "1"', "urls.py:11")]
    assert [m.location.label() for m in debug.mounts] == ["server.py:6"]
    assert route(project, "/", "GET").gates == ()


def test_add_handlers_and_an_application_subclass(linked) -> None:
    project = linked({
        "handlers.py": HANDLERS,
        "app.py": """\
            import tornado.web
            from tornado.options import options

            from handlers import ItemHandler, MainHandler


            class Application(tornado.web.Application):
                def __init__(self, store):
                    handlers = [(r"/", MainHandler)]
                    if options.debug:
                        handlers.append((r"/debug/items/(.*)", ItemHandler, dict(store=store)))
                    super().__init__(handlers, debug=options.debug)


            class LegacyApplication(tornado.web.Application):
                def __init__(self):
                    tornado.web.Application.__init__(self, [(r"/legacy", MainHandler)])


            def main():
                app = Application({})
                app.add_handlers(r"admin\\.example\\.com", [(r"/admin/items/(.*)", ItemHandler, dict(store={}))])
            """,
    })
    assert table(project) == {
        ("GET", "/", "handlers.MainHandler.get", "handlers.py:5-6", True),
        ("HEAD", "/", "handlers.MainHandler.head", "handlers.py:8-9", True),
        ("GET", "/debug/items/{param}", "handlers.ItemHandler.get", "handlers.py:19-20", True),
        ("DELETE", "/debug/items/{param}", "handlers.ItemHandler.delete", "handlers.py:22-23", True),
        ("GET", "/legacy", "handlers.MainHandler.get", "handlers.py:5-6", True),
        ("HEAD", "/legacy", "handlers.MainHandler.head", "handlers.py:8-9", True),
        ("GET", "/admin/items/{param}", "handlers.ItemHandler.get", "handlers.py:19-20", True),
        ("DELETE", "/admin/items/{param}", "handlers.ItemHandler.delete", "handlers.py:22-23", True),
    }  # only an Application has add_handlers: served, whatever `app` is
    debug = route(project, "/debug/items/{param}", "GET")
    assert [(g.kind, g.expression) for g in debug.gates] == [("condition", "options.debug")]
    assert [m.location.label() for m in debug.mounts] == ["app.py:12"]
    admin = route(project, "/admin/items/{param}", "GET")
    assert admin.gates == () and admin.mounts == ()  # the receiver, a local of main(), is not followed


def test_an_application_stored_on_an_attribute_with_handlers_built_in_the_method(linked) -> None:
    project = linked({
        "handlers.py": HANDLERS,
        "service.py": """\
            import tornado.web

            from handlers import ItemHandler, MainHandler


            from traitlets import Type

            class Service:
                health_handler_class = Type(ItemHandler, config=True)
                ui_handler_class = MainHandler

                def initialize(self, prefix, enable_ui):
                    handlers = [(r"/api/items/(.*)", ItemHandler, {"store": {}}),
                                (r"/health", self.health_handler_class)]
                    if enable_ui:
                        handlers += [(rf"/{prefix}/(.*)", self.ui_handler_class)]
                    self.tornado_app = tornado.web.Application(handlers, **self.settings)
            """,
    })
    assert table(project) == {
        ("GET", "/api/items/{param}", "handlers.ItemHandler.get", "handlers.py:19-20", True),
        ("DELETE", "/api/items/{param}", "handlers.ItemHandler.delete", "handlers.py:22-23", True),
        ("GET", "/health", "handlers.ItemHandler.get", "handlers.py:19-20", True),  # the trait's default class
        ("DELETE", "/health", "handlers.ItemHandler.delete", "handlers.py:22-23", True),
        ("GET", "/{prefix}/{param}", "handlers.MainHandler.get", "handlers.py:5-6", True),
        ("HEAD", "/{prefix}/{param}", "handlers.MainHandler.head", "handlers.py:8-9", True),
    }


def test_tuples_that_are_no_routes(linked) -> None:
    project = linked({
        "handlers.py": HANDLERS,
        "config.py": """\
            import tornado.web

            from handlers import MainHandler

            choices = [("draft", "Draft"), ("sent", MainHandler)]
            handlers = [("logging.StreamHandler", MainHandler)]
            headers = [("X-Frame-Options", "DENY")]
            """,
        "plain.py": """\
            from handlers import MainHandler

            mapping = [(r"/", MainHandler)]
            """,
    })
    assert project.routes == ()
