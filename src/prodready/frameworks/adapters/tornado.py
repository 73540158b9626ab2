"""Tornado: `Application([(r"/x", Handler), url(r"/y", Handler, dict(...), name="y")])`, handler
lists kept in a variable (`handlers = [...]`, grown with `+=`/`append`), `app.add_handlers(host, [...])`,
`Application` subclasses calling `super().__init__(handlers, ...)`, and `RequestHandler` classes
whose `get`/`head`/`post`/... methods serve one route each.

Patterns are regular expressions; a route's path is the pattern as a template, each group a
`{parameter}` (`frameworks.regex_paths`), one route per word of a group of literal words
(`(user|services)/([^/]+)`). Handler lists merge as the code merges them: an empty
list that handler tuples are appended to, module lists extended in a loop over modules, and a list
given to a prefixing helper (`self.handlers = self.add_url_prefix(self.hub_prefix, h)`), whose
prefix is the setting's literal default (`hub_prefix = Unicode("/hub/")`). A pattern may be built by
`url_path_join(prefix, "x")`, `"%s/x" % prefix` or an f-string.
"""

from __future__ import annotations

import ast
from typing import Any

from prodready.frameworks.astutil import argument, dotted, keyword, last_name, literal_str
from prodready.frameworks.facts import ObjectDecl, Ref, RouteDecl
from prodready.frameworks.regex_paths import alternatives, template
from prodready.frameworks.registry import TUPLE_ENTRY, Adapter, register

ROOT = "tornado"
SPEC_CALLS = ("url", "URLSpec")
APPLICATION = "Application"
HANDLER_METHODS = {
    "get": ("GET",), "head": ("HEAD",), "post": ("POST",), "put": ("PUT",), "delete": ("DELETE",),
    "patch": ("PATCH",), "options": ("OPTIONS",),
}
_PATTERN_START = ("/", "^", "(", ".", "\\")
JOIN_CALLS = ("url_path_join", "url_concat", "urljoin", "join")  # url_path_join(prefix, "x"): one path
PREFIX_WORD = "prefix"  # add_url_prefix(prefix, handlers): a helper putting a prefix on each pattern
TRAIT_TYPES = ("Type",)  # traitlets' `health_handler_class = Type(HealthHandler, config=True)`
HANDLER_LIST_WORD = "handlers"  # `handlers = [...]`, `default_handlers = [...]`: Tornado's word for route lists


def from_tornado(visitor: Any, node: ast.expr) -> bool:
    """True when a dotted name is imported from Tornado (`tornado.web.Application`, `Application`)."""
    head = dotted(node).split(".")[0]
    binding = visitor.imports.binding(head) if head else None
    return binding is not None and binding.module.split(".")[0] == ROOT


def spec(visitor: Any, owner: Ref, item: ast.expr) -> None:
    """`(pattern, Handler[, kwargs[, name]])` or `url(pattern, Handler, kwargs, name=...)`: one route."""
    if isinstance(item, ast.Tuple):
        if len(item.elts) < 2:
            return
        pattern, handler = item.elts[0], item.elts[1]
        name = literal_str(item.elts[3]) if len(item.elts) > 3 else None
    elif isinstance(item, ast.Call):
        pattern, handler = argument(item, 0, "pattern"), argument(item, 1, "handler")
        name = literal_str(keyword(item, "name") or (item.args[3] if len(item.args) > 3 else None))
    else:
        return
    path = pattern_text(visitor, pattern)
    literal = literal_str(pattern)
    if path is None or handler is None or literal and not literal.startswith(_PATTERN_START):
        return
    handler = class_attribute(visitor, handler)
    if not isinstance(handler, (ast.Name, ast.Attribute)):
        return
    handler_ref = visitor.ref(handler)
    if handler_ref is None:
        return
    for variant in alternatives(path):
        visitor.routes.append(RouteDecl(owner, ROOT, (), template(variant), item.lineno, handler_ref=handler_ref,
                                        name=name or "", conditions=tuple(visitor.conditions)))


def pattern_text(visitor: Any, node: ast.expr) -> str | None:
    """A pattern as written (`RouteVisitor.path_text`), or joined by `url_path_join(a, b)` or
    formatted by `"%s/x" % prefix`."""
    if isinstance(node, ast.Call) and last_name(dotted(node.func)) in JOIN_CALLS and node.args:
        parts = [pattern_text(visitor, a) for a in node.args]
        return None if None in parts else "/".join(p.strip("/") for p in parts if p)  # type: ignore[union-attr]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and literal_str(node.left) is not None:
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        text = literal_str(node.left) or ""
        for value in values:
            text = text.replace("%s", visitor.path_text(value) or "", 1)
        return text
    return visitor.path_text(node)


def class_attribute(visitor: Any, handler: ast.expr) -> ast.expr:
    """`self.health_handler_class` in a method: the class the enclosing class body binds that
    attribute to (`= HealthHandler`, or a traitlets `Type(HealthHandler, ...)` default), else the
    expression itself."""
    if not (isinstance(handler, ast.Attribute) and isinstance(handler.value, ast.Name) and handler.value.id == "self"):
        return handler
    for depth in range(len(visitor.scope) - 1, 0, -1):
        value = visitor.bound.get(".".join([*visitor.scope[:depth], handler.attr]))
        if value is None:
            continue
        if isinstance(value, ast.Call) and last_name(dotted(value.func)) in TRAIT_TYPES:
            value = argument(value, 0, "default_value")
        named = isinstance(value, (ast.Name, ast.Attribute)) and dotted(value).split(".")[0] != "self"
        return value if named else handler
    return handler


def handlers_into(visitor: Any, owner: Ref | None, node: ast.expr | None, call: ast.expr) -> None:
    """The routes of a handlers value: literal lists (and `+` of them), or a list named elsewhere."""
    if owner is None or node is None:
        return
    if isinstance(node, (ast.List, ast.Tuple)):
        visitor.entries(owner, node, ROOT)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        handlers_into(visitor, owner, node.left, call)
        handlers_into(visitor, owner, node.right, call)
    elif isinstance(node, (ast.Name, ast.Attribute)):
        visitor.add_mount(owner, visitor.ref(node), ROOT, call, "")


def application(visitor: Any, call: ast.Call, made: Ref) -> None:
    """`tornado.web.Application(handlers, **settings)`."""
    handlers_into(visitor, made, argument(call, 0, "handlers"), call)


def add_handlers(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`app.add_handlers(r".*", [(r"/x", Handler)])`: only an Application has that method, so its
    routes are served even when the receiver cannot be told (a Jupyter extension's
    `serverapp.web_app`); they hang on an application of their own, mounted on the receiver."""
    handlers = argument(call, 1, "host_handlers")
    if handlers is None:
        return False
    served = visitor.add_object(f"<add_handlers@{call.lineno}>", "app", ROOT, call)
    handlers_into(visitor, served, handlers, call)
    visitor.add_mount(visitor.ref(owner), served, ROOT, call, "")
    return True


def application_class(visitor: Any, cls: ast.ClassDef) -> None:
    """`class App(tornado.web.Application)`: an application, its handlers given to `super().__init__`."""
    if any(last_name(dotted(base)) == APPLICATION and from_tornado(visitor, base) for base in cls.bases):
        visitor.objects.append(ObjectDecl(visitor.key(cls.name), "app", ROOT, cls.lineno, cls.end_lineno or cls.lineno,
                                          conditions=tuple(visitor.conditions)))


def init_call(visitor: Any, owner: ast.expr, call: ast.Call) -> bool:
    """`super().__init__(handlers, ...)` / `tornado.web.Application.__init__(self, handlers, ...)` in
    the `__init__` of an Application subclass."""
    if len(visitor.scope) < 2 or visitor.scope[-1] != "__init__":
        return False
    cls = ".".join(visitor.scope[:-1])
    if not any(o.key == cls and o.framework == ROOT and o.kind == "app" for o in visitor.objects):
        return False
    first = 0 if isinstance(owner, ast.Call) and dotted(owner.func) == "super" else 1
    handlers_into(visitor, Ref(cls), argument(call, first, "handlers"), call)
    return True


def prefixed(visitor: Any, key: str, call: ast.Call) -> bool:
    """`handlers = add_url_prefix(prefix, h)` on a handler list of this file: a list of its own,
    the given list mounted on it under the prefix."""
    if PREFIX_WORD not in last_name(dotted(call.func)).lower() or len(call.args) != 2:
        return False
    prefix, handlers = call.args
    if visitor.list_framework(handlers) != ROOT:
        return False
    visitor.objects.append(ObjectDecl(key, "list", ROOT, call.lineno, call.end_lineno or call.lineno,
                                      conditions=tuple(visitor.conditions)))
    visitor.add_mount(Ref(key), visitor.ref(handlers), ROOT, call, visitor.path_text(prefix))
    return True


def handler_list(visitor: Any, name: str, entries: frozenset[str]) -> bool:
    """A list of `(pattern, Handler)` tuples or `url(...)` specs in a file that imports Tornado, or
    a list of such tuples (or an empty one) named for handlers (a urls module may import only the
    handler classes; a package may merge its modules' lists into `default_handlers = []`)."""
    if not entries:
        return HANDLER_LIST_WORD in name.lower()
    if visitor.imports_from(ROOT):
        return bool(entries & {TUPLE_ENTRY, *SPEC_CALLS})
    return TUPLE_ENTRY in entries and HANDLER_LIST_WORD in name.lower()


TORNADO = register(
    Adapter(
        framework=ROOT,
        import_roots=(ROOT,),
        constructors={APPLICATION: "app"},
        needs_import=frozenset({APPLICATION}),
        calls={"add_handlers": add_handlers, "__init__": init_call},
        classes=(application_class,),
        entries={TUPLE_ENTRY: spec, **{name: spec for name in SPEC_CALLS}},
        lists=handler_list,
        constructed=application,
        call_assignments=(prefixed,),
        handler_methods=HANDLER_METHODS,
        hints=("tornado", f"{HANDLER_LIST_WORD} = ["),
    )
)
