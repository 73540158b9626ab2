"""Django: `urlpatterns` lists of `path`/`re_path`/`url` entries and `include(...)`."""

from __future__ import annotations

import ast
import re
from typing import Any

from prodready.frameworks.astutil import argument, callee, last_name, literal_str
from prodready.frameworks.facts import Ref
from prodready.frameworks.registry import Adapter, register

ROUTE_ENTRIES = ("path", "re_path", "url")
INCLUDE = "include"
_REGEX_NOISE = re.compile(r"^\^|\$$")


def plain_path(pattern: str, is_regex: bool) -> str:
    """A `re_path` pattern without its anchors; `path` patterns unchanged."""
    return _REGEX_NOISE.sub("", pattern) if is_regex else pattern


def entry(visitor: Any, owner: Ref, call: ast.Call) -> None:
    """`path("x/", view)` or `path("x/", include(...))`."""
    pattern = literal_str(argument(call, 0, "route"))
    view = argument(call, 1, "view")
    if pattern is None or view is None:
        return
    path = plain_path(pattern, last_name(callee(call)) != "path")
    if isinstance(view, ast.Call) and last_name(callee(view)) == INCLUDE and view.args:
        visitor.add_mount(owner, include_target(visitor, view.args[0]), "django", call, path)
        return
    visitor.add_route(owner, "django", (), path, call, view)


def include_target(visitor: Any, node: ast.expr) -> Ref | None:
    """What `include(...)` mounts: "app.urls", (patterns, "namespace"), a name or `[path(...)]`."""
    module = literal_str(node)
    if module is not None:
        return Ref(f"{module}.urlpatterns", absolute=True)
    if isinstance(node, ast.Tuple) and node.elts:
        return include_target(visitor, node.elts[0])
    if isinstance(node, ast.List):
        made = visitor.add_object(f"<include@{node.lineno}>", "list", "django", node)
        visitor.entries(made, node, "django")
        return made
    return visitor.ref(node)


def url_list(visitor: Any, name: str, entries: frozenset[str]) -> bool:
    """`urlpatterns = [path(...)]`, or any list of `path`/`re_path`/`url` in a file importing Django."""
    return bool(entries & set(ROUTE_ENTRIES)) and (name == "urlpatterns" or visitor.imports_from("django"))


DJANGO = register(
    Adapter(
        framework="django",
        import_roots=("django",),
        constructors={},
        entries={name: entry for name in ROUTE_ENTRIES},
        lists=url_list,
        hints=("urlpatterns", "ROOT_URLCONF"),
    )
)
