"""Run inside a fixture service's folder: import its app and print the routes the framework itself
serves, as JSON lines {"methods", "path", "file", "line"} (the handler's source file and first line).

Usage: python route_table.py MODULE:ATTR        (FastAPI/Starlette, Flask, aiohttp)
       python route_table.py django:SETTINGS_MODULE
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import sys
from typing import Any, Iterator

IGNORED_METHODS = {"HEAD", "OPTIONS"}  # added by the frameworks themselves


def _source(handler: Any) -> tuple[str, int]:
    """The handler's file (relative to the working directory) and first line (decorators included)."""
    handler = inspect.unwrap(getattr(handler, "view_class", handler))
    file = inspect.getsourcefile(handler) or ""
    _, line = inspect.getsourcelines(handler)
    return os.path.relpath(file), line


def _own(handler: Any) -> bool:
    """True when the handler is defined under the working directory (not inherited from the framework)."""
    file = inspect.getsourcefile(inspect.unwrap(handler)) or ""
    return not os.path.relpath(file).startswith("..")


def _starlette(routes: list[Any], prefix: str = "") -> Iterator[tuple[list[str], str, Any]]:
    from starlette.routing import Host, Mount, WebSocketRoute

    for route in routes:
        if isinstance(route, (Mount, Host)):
            yield from _starlette(route.routes, prefix + (route.path if isinstance(route, Mount) else ""))
        elif hasattr(route, "effective_route_contexts"):  # FastAPI's included routers
            for context in route.effective_route_contexts():
                yield sorted(set(context.methods or ()) - IGNORED_METHODS), prefix + context.path, context.endpoint
        elif isinstance(route, WebSocketRoute):
            yield ["GET"], prefix + route.path, route.endpoint
        elif hasattr(route, "endpoint") and getattr(route, "include_in_schema", True) is not None:
            yield sorted(set(route.methods or ()) - IGNORED_METHODS), prefix + route.path, route.endpoint


def _flask(app: Any) -> Iterator[tuple[list[str], str, Any]]:
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        cls = getattr(view, "view_class", None)
        methods = sorted(set(rule.methods or ()) - IGNORED_METHODS)
        if cls is not None:  # a MethodView: one handler per method
            for method in methods:
                yield [method], rule.rule, getattr(cls, method.lower())
        else:
            yield methods, rule.rule, view


def _aiohttp(app: Any) -> Iterator[tuple[list[str], str, Any]]:
    from aiohttp import web

    for route in app.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        path = info.get("path") or info.get("formatter") or ""
        handler = route.handler
        if inspect.isclass(handler) and issubclass(handler, web.View):
            for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                if method.lower() in vars(handler) and route.method in ("*", method):
                    yield [method], path, getattr(handler, method.lower())
        elif route.method not in IGNORED_METHODS:
            yield [route.method], path, handler


def _django(settings_module: str) -> Iterator[tuple[list[str], str, Any]]:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django
    from django.urls import URLPattern, URLResolver, get_resolver

    django.setup()

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[list[str], str, Any]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                cls = getattr(pattern.callback, "view_class", None)
                path = "/" + prefix + str(pattern.pattern)
                if cls is None:
                    yield [], path, pattern.callback
                    continue
                methods = [m for m in cls.http_method_names if hasattr(cls, m) and m.upper() not in IGNORED_METHODS]
                for method in methods or [""]:
                    handler = getattr(cls, method) if method else cls
                    yield [method.upper()] if method else [], path, handler if _own(handler) else cls

    yield from walk(get_resolver().url_patterns, "")


def main(target: str) -> None:
    sys.path.insert(0, os.getcwd())
    if target.startswith("django:"):
        found = _django(target.removeprefix("django:"))
    else:
        module_name, _, attribute = target.partition(":")
        app = getattr(importlib.import_module(module_name), attribute)
        if hasattr(app, "url_map"):
            found = _flask(app)
        elif hasattr(app, "add_subapp"):
            found = _aiohttp(app)
        else:
            found = _starlette(app.routes)
    for methods, path, handler in found:
        file, line = _source(handler)
        if not file.startswith(".."):  # the framework's own routes (FastAPI's /docs)
            print(json.dumps({"methods": methods, "path": path, "file": file, "line": line}))


if __name__ == "__main__":
    main(sys.argv[1])
