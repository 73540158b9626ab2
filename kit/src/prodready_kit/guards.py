"""Production guards: fail-closed environment detection, dev-only routes, and a start-up check.

Framework modules are imported lazily, only when a guard runs against that framework, so
importing this module imports no web framework.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, TypeVar

ENVIRONMENT_VARIABLES = ("PRODREADY_ENV", "APP_ENV", "ENVIRONMENT", "ENV")
DEVELOPMENT_ENVIRONMENTS = frozenset({"development", "dev", "local", "test", "testing"})
PRODUCTION = "production"
DEV_ROUTE_WORDS = frozenset({"test", "testing", "debug", "dev", "mock", "fake", "demo", "seed", "populate"})  # the scanner's words
TOKEN_MINTING_WORDS = frozenset({"mint", "impersonate"})
TOKEN_MAKING_VERBS = frozenset({"generate", "mint", "forge", "fake"})
TOKEN_NOUNS = frozenset({"token", "tokens", "jwt", "jwts"})
# a dev word followed by one of these in the same path segment still names dev tooling (`/debug-tools`)
DEV_TOOLING_NOUNS = frozenset({"tools", "utils", "helpers", "routes", "endpoints", "views", "fixtures", "hooks",
                               "pages", "flags", "settings", "vars", "users", "tokens", "accounts", "data"})
# whole words of a dependency's name that say it authenticates or authorises (the scanner's notion)
AUTH_WORDS = frozenset({"auth", "authenticate", "authenticated", "authorize", "authorized", "login", "permission",
                        "permissions", "admin", "bearer", "oauth2", "jwt"})
# decorator factories that check the signed-in user although their names do not say so
AUTH_DECORATORS = frozenset({"user_passes_test", "requires"})  # Django's (login_required, ...), Starlette's
METHOD_RESTRICTIONS = frozenset({"require_get", "require_post", "require_put", "require_patch", "require_delete",
                                 "require_safe", "require_http_methods"})
GUARD_MARK = "__prodready_dev_only__"

V = TypeVar("V", bound=Callable[..., Any])


def current_environment() -> str:
    """The first set of PRODREADY_ENV, APP_ENV, ENVIRONMENT, ENV; unset or unknown -> "production"."""
    for variable in ENVIRONMENT_VARIABLES:
        value = os.environ.get(variable, "").strip().lower()
        if value:
            return value if value in DEVELOPMENT_ENVIRONMENTS else PRODUCTION
    return PRODUCTION


def is_production() -> bool:
    """True unless the environment is explicitly a development one (fails closed)."""
    return current_environment() not in DEVELOPMENT_ENVIRONMENTS


class DevOnlyRouteHidden(LookupError):
    """Raised by a dev-only view in production when no web framework is recognised."""


async def dev_only() -> None:
    """FastAPI dependency: `APIRouter(dependencies=[Depends(dev_only)])` answers 404 in production."""
    if is_production():
        from starlette.exceptions import HTTPException

        raise HTTPException(status_code=404)


def _hide(args: tuple[Any, ...]) -> None:
    """Raise the calling framework's 404."""
    first = args[0] if args else None
    if "django" in sys.modules:
        from django.http import Http404, HttpRequest

        if isinstance(first, HttpRequest) or isinstance(args[1] if len(args) > 1 else None, HttpRequest):
            raise Http404("not available in production")
    if "starlette" in sys.modules:
        from starlette.exceptions import HTTPException
        from starlette.requests import Request

        if isinstance(first, Request):
            raise HTTPException(status_code=404)
    if "flask" in sys.modules:
        import flask

        if flask.has_request_context():
            flask.abort(404)
    raise DevOnlyRouteHidden("not available in production")


def dev_only_view(view: V) -> V:
    """Decorator for Flask, Django (and Starlette) views: the view answers 404 in production."""
    if inspect.iscoroutinefunction(view):
        @functools.wraps(view)
        async def guarded_async(*args: Any, **kwargs: Any) -> Any:
            if is_production():
                _hide(args)
            return await view(*args, **kwargs)
        guarded: Any = guarded_async
    else:
        @functools.wraps(view)
        def guarded_sync(*args: Any, **kwargs: Any) -> Any:
            if is_production():
                _hide(args)
            return view(*args, **kwargs)
        guarded = guarded_sync
    setattr(guarded, GUARD_MARK, True)
    return guarded


def guard_blueprint(blueprint: Any) -> Any:
    """Flask: every route of `blueprint` (and of its nested blueprints) answers 404 in production."""
    def hide_in_production() -> None:
        if is_production():
            import flask

            flask.abort(404)

    blueprint.before_request(hide_in_production)
    setattr(blueprint, GUARD_MARK, True)
    return blueprint


@dataclass(frozen=True)
class MountedRoute:
    """A route as the start-up check sees it: where it answers, what handles it, whether guarded."""

    methods: tuple[str, ...]
    path: str
    handler: str  # module.function
    tags: tuple[str, ...] = ()
    name: str = ""
    guarded: bool = False  # behind a dev-only guard or an auth dependency/decorator

    def describe(self) -> str:
        """"GET /test/reset (module.handler)"."""
        return f"{','.join(self.methods) or '*'} {self.path} ({self.handler})"


class UnsafeRoutesError(RuntimeError):
    """Test or debug routes are mounted without a dev-only guard and this is production."""

    def __init__(self, routes: Iterable[MountedRoute]) -> None:
        self.routes = tuple(routes)
        listing = "\n".join(f"  {route.describe()}" for route in self.routes)
        super().__init__(
            f"refusing to start in production ({current_environment()!r}): {len(self.routes)} test/debug "
            f"route(s) mounted without a dev-only guard:\n{listing}\nGuard them with "
            "prodready_kit.guards.dev_only (FastAPI), dev_only_view (views) or guard_blueprint (Flask), "
            "or set PRODREADY_ENV=development where this is not production.")


def _word_list(text: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", re.sub(r"\{[^}]*\}|<[^>]*>", " ", text))
    return [word for word in re.split(r"[^a-z0-9]+", spaced.lower()) if word]


def _words(text: str) -> set[str]:
    return set(_word_list(text))


def _is_dev_word(word: str) -> bool:
    return word in DEV_ROUTE_WORDS or (word.endswith("s") and word[:-1] in DEV_ROUTE_WORDS)


def _collection_dev_words(path: str) -> set[str]:
    """Dev words that name a resource collection in a path segment: `/demo-requests`, `/test-runs`."""
    found = set()
    for segment in path.split("/"):
        segment_words = _word_list(segment)
        for word, following in zip(segment_words, segment_words[1:]):
            plural = following.endswith("s") and not following.endswith("ss")
            if (_is_dev_word(word) and plural and not _is_dev_word(following)
                    and following not in DEV_TOOLING_NOUNS):
                found.add(word)
    return found


def _says_dev(words: set[str]) -> bool:
    return any(_is_dev_word(word) for word in words)


def _mints_tokens(words: set[str]) -> bool:
    return bool(words & TOKEN_MINTING_WORDS) or bool(words & TOKEN_MAKING_VERBS and words & TOKEN_NOUNS)


def looks_dev_only(route: MountedRoute) -> bool:
    """Whether the scanner would call it a test/debug route: path, handler, module, tags or name
    (a dev word naming a resource collection of the path, `/demo-requests`, does not count)."""
    module, _, function = route.handler.rpartition(".")
    words = _words(" ".join((route.path, module.rpartition(".")[2], function, route.name, *route.tags)))
    return _says_dev(words - _collection_dev_words(route.path)) or _mints_tokens(words)


def is_auth_name(name: str) -> bool:
    """Whether a dependency or decorator name says it authenticates or authorises, by whole words:
    `require_admin`, `get_current_user`, `OAuth2PasswordBearer`, `login_required` (not `require_POST`)."""
    last = name.rsplit(".", 1)[-1]
    if last.lower() in METHOD_RESTRICTIONS:
        return False
    words = _word_list(last)
    return (bool(set(words) & AUTH_WORDS) or last.lower().startswith("require_")
            or "current_user" in "_".join(words))


def _handler_name(function: Any) -> str:
    target = getattr(function, "view_class", function)
    module = getattr(target, "__module__", "") or ""
    name = getattr(target, "__name__", type(target).__name__)
    return f"{module}.{name}" if module else name


def _is_guarded(function: Any) -> bool:
    return bool(getattr(function, GUARD_MARK, False))


def _decorated_by_auth(function: Any) -> bool:
    """Whether a view is wrapped (functools.wraps) by an auth decorator: the wrapper's code is
    named for the decorator that made it (`login_required.<locals>.decorated_view`)."""
    seen = 0
    while hasattr(function, "__wrapped__") and seen < 32:
        code = getattr(function, "__code__", None)
        enclosing = [part for part in getattr(code, "co_qualname", "").split(".")[:-1] if part != "<locals>"]
        if any(part in AUTH_DECORATORS or is_auth_name(part) for part in enclosing):
            return True
        function, seen = function.__wrapped__, seen + 1
    return False


def _flask_auth_hooks(app: Any, blueprints: list[str | None]) -> bool:
    """Whether a before_request hook of the app or of one of `blueprints` has an auth name."""
    hooks = app.before_request_funcs
    return any(is_auth_name(_callable_name(hook)) for name in blueprints for hook in hooks.get(name, ()))


def _depends_on_guard(dependant: Any) -> bool:
    if dependant is None:
        return False
    return dependant.call is dev_only or any(_depends_on_guard(sub) for sub in dependant.dependencies)


def _callable_name(call: Any) -> str:
    if call is None:
        return ""
    return getattr(call, "__name__", "") or type(call).__name__


def _depends_on_auth(dependant: Any) -> bool:
    """Whether a FastAPI route (or a dependency of it, at any depth) depends on an auth dependency."""
    if dependant is None:
        return False
    return any(is_auth_name(_callable_name(sub.call)) or _depends_on_auth(sub) for sub in dependant.dependencies)


def _expand_included_routers(routes: Iterable[Any]) -> list[Any]:
    """Newer FastAPI includes routers lazily: expand them into their effective routes."""
    if "fastapi" not in sys.modules:
        return list(routes)
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI copies included routes, nothing to expand
        return list(routes)
    return list(iter_route_contexts(routes))


def _starlette_routes(routes: Iterable[Any], prefix: str = "") -> Iterator[MountedRoute]:
    from starlette.routing import Host, Mount

    for route in _expand_included_routers(routes):
        if isinstance(getattr(route, "original_route", route), (Mount, Host)):
            inner = route.routes
            if inner:
                yield from _starlette_routes(inner, prefix + getattr(route, "path", ""))
            else:  # an opaque ASGI app (static files, another framework): judged by its mount path
                yield MountedRoute((), prefix + getattr(route, "path", ""), _handler_name(route.app),
                                   guarded=_is_guarded(route.app))
            continue
        endpoint = getattr(route, "endpoint", None)
        yield MountedRoute(
            methods=tuple(sorted(getattr(route, "methods", None) or ())),
            path=prefix + getattr(route, "path", ""),
            handler=_handler_name(endpoint),
            tags=tuple(str(tag) for tag in getattr(route, "tags", None) or ()),
            name=getattr(route, "name", "") or "",
            guarded=(_is_guarded(endpoint) or _depends_on_guard(getattr(route, "dependant", None))
                     or _depends_on_auth(getattr(route, "dependant", None)) or _decorated_by_auth(endpoint)),
        )


def _flask_routes(app: Any) -> Iterator[MountedRoute]:
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions.get(rule.endpoint)
        parts = rule.endpoint.split(".")[:-1]
        names = [".".join(parts[:end]) for end in range(1, len(parts) + 1)]
        blueprints = [app.blueprints.get(name) for name in names]
        yield MountedRoute(
            methods=tuple(sorted(set(rule.methods or ()) - {"HEAD", "OPTIONS"})),
            path=rule.rule,
            handler=_handler_name(view),
            name=rule.endpoint,
            guarded=(_is_guarded(view) or any(_is_guarded(bp) for bp in blueprints) or _decorated_by_auth(view)
                     or _flask_auth_hooks(app, [None, *names])),
        )


def _django_patterns(app: Any) -> list[Any] | None:
    """URL patterns of a Django handler (ROOT_URLCONF), urlconf module or pattern list; else None."""
    from django.core.handlers.base import BaseHandler
    from django.urls import get_resolver

    if isinstance(app, (list, tuple)):
        return list(app)
    if hasattr(app, "urlpatterns"):
        return list(app.urlpatterns)
    if isinstance(app, BaseHandler):
        return list(get_resolver().url_patterns)
    return None


def _django_routes(patterns: Iterable[Any], prefix: str = "") -> Iterator[MountedRoute]:
    from django.urls import URLResolver

    for pattern in patterns:
        path = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from _django_routes(pattern.url_patterns, path)
        else:
            yield MountedRoute(methods=(), path="/" + path, handler=_handler_name(pattern.callback),
                               name=pattern.name or "",
                               guarded=_is_guarded(pattern.callback) or _decorated_by_auth(pattern.callback))


def mounted_routes(app: Any) -> list[MountedRoute]:
    """Every route of a FastAPI/Starlette app or router, Flask app, or Django handler/urlconf/patterns."""
    if hasattr(app, "url_map") and hasattr(app, "view_functions"):
        return list(_flask_routes(app))
    if "starlette" in sys.modules and hasattr(app, "routes") and not isinstance(app, (list, tuple)):
        return list(_starlette_routes(app.routes))
    patterns = _django_patterns(app) if "django" in sys.modules else None
    if patterns is not None:
        return list(_django_routes(patterns))
    raise TypeError(f"don't know how to list the routes of {type(app).__name__}")


def _allowed(route: MountedRoute, allow: frozenset[str]) -> bool:
    return bool({route.path, route.handler, route.handler.rpartition(".")[2]} & allow)


def unsafe_routes(app: Any, allow: Iterable[str] = ()) -> list[MountedRoute]:
    """Routes that look test/debug-only (or mint tokens) and are mounted without a dev-only guard
    or an auth dependency; `allow` names paths or handlers (`module.function` or `function`) to accept."""
    allowed = frozenset(allow)
    return [route for route in mounted_routes(app)
            if looks_dev_only(route) and not route.guarded and not _allowed(route, allowed)]


def assert_safe_for_production(app: Any, allow: Iterable[str] = ()) -> None:
    """In production, raise UnsafeRoutesError when unguarded test/debug routes are mounted;
    `allow` names paths or handlers the user has judged safe."""
    if not is_production():
        return
    unsafe = unsafe_routes(app, allow)
    if unsafe:
        raise UnsafeRoutesError(unsafe)
