"""Django: `urlpatterns` lists of `path`/`re_path`/`url` entries, `include(...)` (module strings,
lists, `(patterns, app_name)` tuples, namespaces) and class-based views (`View.as_view()`: one
route per HTTP method the class defines; DRF ViewSets by the actions `as_view({...})` maps).

A pattern may be built from settings (`path(f"api/{settings.API_VERSION}/", ...)`): the settings
module's string values (module level, or a django-configurations class body) are recorded, and
linking puts them in the path."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from typing import Any

from prodready.frameworks.adapters.drf import HTTP_VERBS, viewset_actions
from prodready.frameworks.astutil import argument, callee, dotted, last_name, literal_str
from prodready.frameworks.facts import Dependency, Ref
from prodready.frameworks.library_routes import URLCONF, serve, wiring
from prodready.frameworks.registry import Adapter, register

ROUTE_ENTRIES = ("path", "re_path", "url")
SETTINGS_MARKERS = ("ROOT_URLCONF", "INSTALLED_APPS", "MIDDLEWARE")  # names only a settings module assigns
INHERITED = {  # django.views base class -> the HTTP handler methods it provides
    "View": (), "TemplateView": ("get",), "RedirectView": ("get", "post", "put", "patch", "delete"),
    "ListView": ("get",), "DetailView": ("get",), "FormView": ("get", "post"), "CreateView": ("get", "post"),
    "UpdateView": ("get", "post"), "DeleteView": ("get", "post", "delete"), "ArchiveIndexView": ("get",),
}
INCLUDE = "include"
_REGEX_NOISE = re.compile(r"^\^|\$$")
_OPTIONAL_GROUP = re.compile(r"(\(\?P<\w+>(?:[^()]|\([^()]*\))*\))\?")  # `(?P<id>\d+)?`: the group, optional


def plain_path(pattern: str, is_regex: bool) -> str:
    """A `re_path` pattern as a path: anchors dropped, a named group `<name>` (or its text when
    it can match only that: `(?P<version>(v1))` is `v1`), escapes undone; `path` patterns unchanged."""
    if not is_regex:
        return pattern
    text = _REGEX_NOISE.sub("", pattern)
    text = _OPTIONAL_GROUP.sub(r"\1", text)
    out: list[str] = []
    index = 0
    while index < len(text):
        if text.startswith("(?P<", index):
            close = _group_end(text, index)
            name_end = text.find(">", index)
            if close < 0 or name_end < 0:
                out.append(text[index:])
                break
            inner = text[name_end + 1:close]
            while inner.startswith("(") and _group_end(inner, 0) == len(inner) - 1:
                inner = inner[1:-1]
            out.append(inner if _is_literal(inner) else f"<{text[index + 4:name_end]}>")
            index = close + 1
        elif text[index] == "\\" and index + 1 < len(text) and not text[index + 1].isalnum():
            out.append(text[index + 1])
            index += 2
        else:
            out.append(text[index])
            index += 1
    path = "".join(out)
    return path[:-2] + "/" if path.endswith("/?") else path


def _group_end(text: str, start: int) -> int:
    """Index of the parenthesis closing the group opened at `start` (-1 when unbalanced)."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            return index
        index += 1
    return -1


def _is_literal(text: str) -> bool:
    """True for regex text that matches only itself (no metacharacters)."""
    return bool(text) and not any(c in text for c in ".^$*+?{}[]\\|()")


def entry(visitor: Any, owner: Ref, call: ast.Call) -> None:
    """`path("x/", view)` or `path("x/", include(...))`."""
    pattern = visitor.path_text(argument(call, 0, "route"))
    view = argument(call, 1, "view")
    if pattern is None or view is None:
        return
    path = plain_path(pattern, last_name(callee(call)) != "path")
    if isinstance(view, ast.Call) and last_name(callee(view)) == INCLUDE and view.args:
        library = wiring(literal_str(view.args[0]) or "", URLCONF)
        if library is not None:  # include("health_check.urls"): its routes (the mount says which library serves them)
            serve(visitor, owner, library, "django", call, path)
        visitor.add_mount(owner, include_target(visitor, view.args[0]), "django", call, path)
        visitor.add_mount(owner, included_module(visitor, view.args[0]), "django", call, path)
        return
    span = (call.lineno, call.end_lineno or call.lineno)  # where a view outside the project is located
    for served, wrapper in wrapped_views(visitor, view):
        actions = viewset_actions(served)
        visitor.add_route(owner, "django", tuple(http for _, http in actions), path, call, served, actions=actions,
                          span=span, decorators=wrapper)


def wrapped_views(visitor: Any, view: ast.expr) -> list[tuple[ast.expr, tuple[Dependency, ...]]]:
    """The views serving an entry, each with the wrapper around it as a decorator: `login_required(views.home)`
    is `views.home`, `Proxy(real_view_class=A, mock_view_class=B)` either class; any other view itself."""
    if not isinstance(view, ast.Call) or last_name(callee(view)) == "as_view":
        return [(view, ())]
    inner = [a for a in (*view.args, *(k.value for k in view.keywords)) if _names_view(a)]
    if not inner:
        return [(view, ())]
    wrapper = dotted(view.func)
    decorator = (Dependency(visitor.text.segment(view.func), wrapper, visitor.scope_name, view.lineno),) if wrapper else ()
    return [(served, decorator) for served in inner]


def _names_view(node: ast.expr) -> bool:
    """A view reference: a name (not a setting), `View.as_view()`, or a wrapper of one."""
    if isinstance(node, ast.Call):
        return last_name(callee(node)) == "as_view" or any(_names_view(a) for a in node.args)
    name = dotted(node) if isinstance(node, (ast.Name, ast.Attribute)) else ""
    return bool(name) and name.split(".")[0] != "settings" and not name.isupper()


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


def included_module(visitor: Any, node: ast.expr) -> Ref | None:
    """`include(api_urls)` of an imported name: Django takes `getattr(api_urls, "urlpatterns", api_urls)`,
    so an imported module's `urlpatterns` is mounted too (None for other targets)."""
    if isinstance(node, ast.Tuple) and node.elts:
        return included_module(visitor, node.elts[0])
    name = dotted(node) if isinstance(node, (ast.Name, ast.Attribute)) else ""
    if not name or visitor.imports.binding(name.split(".")[0]) is None:
        return None
    found = visitor.ref(node)
    return replace(found, text=f"{found.text}.urlpatterns") if found is not None and not found.is_call else None


def settings_bodies(tree: ast.Module) -> list[list[ast.stmt]]:
    """The statements of a Django settings module that assign settings: the module's own, and each
    top-level class body that does (django-configurations' `class Base(Configuration)`)."""
    bodies = [tree.body, *(node.body for node in tree.body if isinstance(node, ast.ClassDef))]
    return [body for body in bodies if any(assigned_name(s) in SETTINGS_MARKERS for s in body)]


def string_settings(body: list[ast.stmt]) -> dict[str, str]:
    """UPPERCASE names a statement list binds to strings (`API_VERSION = "v1.0"`)."""
    found = {}
    for statement in body:
        name = assigned_name(statement)
        value = literal_str(statement.value) if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
        if name.isupper() and value is not None:
            found[name] = value
    return found


def assigned_name(statement: ast.stmt) -> str:
    """The one plain name an assignment binds ("" for other statements)."""
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target] if isinstance(
        statement, ast.AnnAssign) else []
    return targets[0].id if len(targets) == 1 and isinstance(targets[0], ast.Name) else ""


def settings_module(visitor: Any, tree: ast.Module) -> None:
    """A settings module's string values (what `settings.API_VERSION` is) and its ROOT_URLCONF."""
    for body in settings_bodies(tree):
        values = string_settings(body)
        visitor.settings.update(values)
        visitor.root_urlconf = visitor.root_urlconf or values.get("ROOT_URLCONF", "")


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
        handler_methods={verb: (verb.upper(),) for verb in HTTP_VERBS},
        inherited=INHERITED,
        modules=(settings_module,),
        hints=("urlpatterns", "ROOT_URLCONF"),
    )
)
