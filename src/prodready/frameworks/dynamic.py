"""Dynamic registration with literal inputs: what a loop over a literal list binds on each pass,
the string a name or f-string holds there, and the module `importlib.import_module("pkg.mod")`,
`import_string("pkg.mod:attr")` or `getattr(module, "router")` names.

Pure `ast` helpers: the route visitor calls them with its own bindings (loop values, constants).
"""

from __future__ import annotations

import ast
import re
from typing import Callable, Mapping

from prodready.engine.imports import absolute_module
from prodready.frameworks.astutil import dotted, last_name, literal_str

#: A width or precision of 1000 or more in a `%` or `str.format` template: not rendered (a scanned file
#: could ask for gigabytes).
_WIDE = re.compile(r"%[#0 +-]*(?:\d{4,}|\d*\.\d{4,})|\{[^{}]*:[^{}]*\d{4,}[^{}]*\}")

MAX_ITERATIONS = 64
MODULE_CALLS = frozenset({"import_module"})  # the call returns the module its string names
OBJECT_CALLS = frozenset({  # the call returns the object a "pkg.module:attr" / "pkg.module.attr" string names
    "import_string", "import_from_string", "import_object", "load_object", "locate", "resolve_name",
    "import_attribute", "load_attr", "string_import",
})
PACKAGE_NAMES = frozenset({"__name__", "__package__"})

StringOf = Callable[[ast.expr], "str | None"]


def iterations(node: ast.For | ast.AsyncFor, value_of: Callable[[ast.expr], ast.expr | None]) -> list[dict[str, ast.expr]] | None:
    """The loop variables' values on each pass of a loop over a literal list, tuple, set or
    `{...}.items()` (`value_of` gives what a plain name holds); None when the iterable is not
    literal, the loop defines functions, or it has too many passes."""
    items = literal_items(node.iter, value_of)
    if items is None or len(items) > MAX_ITERATIONS or defines_functions(node.body):
        return None
    return [_bind(node.target, item) for item in items]


def literal_items(node: ast.expr, value_of: Callable[[ast.expr], ast.expr | None]) -> list[ast.expr] | None:
    """The elements of a literal iterable (a plain name is looked up with `value_of`)."""
    if isinstance(node, ast.Name):
        bound = value_of(node)
        return literal_items(bound, lambda _: None) if bound is not None else None
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [e for e in node.elts if not isinstance(e, ast.Starred)]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "items"
            and isinstance(node.func.value, ast.Dict) and not node.args):
        pairs = zip(node.func.value.keys, node.func.value.values)
        return [ast.Tuple(elts=[k, v], ctx=ast.Load()) for k, v in pairs if k is not None]
    return None


def _bind(target: ast.expr, item: ast.expr) -> dict[str, ast.expr]:
    """Loop variables bound to one element (tuples unpacked when their lengths agree)."""
    if isinstance(target, ast.Name):
        return {target.id: item}
    if isinstance(target, (ast.Tuple, ast.List)) and isinstance(item, (ast.Tuple, ast.List)):
        if len(target.elts) == len(item.elts):
            found: dict[str, ast.expr] = {}
            for part, value in zip(target.elts, item.elts):
                found.update(_bind(part, value))
            return found
    return {}


def defines_functions(body: list[ast.stmt]) -> bool:
    """True when statements define a function, class or lambda."""
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))
               for statement in body for n in ast.walk(statement))


def string_value(node: ast.expr | None, names: Mapping[str, ast.expr], constants: Mapping[str, str]) -> str | None:
    """The string an expression holds: a literal, a module constant, a loop variable's value,
    an f-string or a `+` of those; None otherwise."""
    if node is None:
        return None
    literal = literal_str(node)
    if literal is not None:
        return literal
    if isinstance(node, ast.Name):
        if node.id in names:
            return string_value(names[node.id], {}, constants)
        return constants.get(node.id)
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            text = (str(part.value) if isinstance(part, ast.Constant)
                    else string_value(part.value, names, constants) if isinstance(part, ast.FormattedValue) else None)
            if text is None:
                return None
            parts.append(text)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = string_value(node.left, names, constants), string_value(node.right, names, constants)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # "/api/%s" % route
        template = string_value(node.left, names, constants)
        items = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        values = [string_value(item, names, constants) for item in items]
        if template is None or None in values or _WIDE.search(template):
            return None
        return _formatted(lambda: template % tuple(values))
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
            and not any(isinstance(a, ast.Starred) for a in node.args) and all(k.arg for k in node.keywords)):
        template = string_value(node.func.value, names, constants)  # "/api/v1.0/{}".format(route)
        args = [string_value(a, names, constants) for a in node.args]
        kwargs = {k.arg: string_value(k.value, names, constants) for k in node.keywords}
        if template is None or None in args or None in kwargs.values() or _WIDE.search(template):
            return None
        return _formatted(lambda: template.format(*args, **kwargs))
    return None


def _formatted(render: Callable[[], str]) -> str | None:
    """A `%` or `str.format` result, None when the template does not fit its arguments."""
    try:
        return render()
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def attribute_chain(node: ast.expr) -> tuple[ast.expr, list[str]]:
    """`import_module(x).router` -> (the call, ["router"]); `getattr(m, "router")` counts as `.router`."""
    attrs: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            attrs.insert(0, node.attr)
            node = node.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
              and len(node.args) >= 2 and literal_str(node.args[1]) is not None):
            attrs.insert(0, literal_str(node.args[1]) or "")
            node = node.args[0]
        else:
            return node, attrs


def is_import_call(node: ast.expr) -> bool:
    """True for `importlib.import_module(...)`, `import_string(...)` and their kin."""
    return isinstance(node, ast.Call) and last_name(dotted(node.func)) in MODULE_CALLS | OBJECT_CALLS


def imported_name(call: ast.Call, string_of: StringOf, module: str, is_package: bool) -> str | None:
    """The absolute dotted name an import call loads (`import_module(".health", __package__)`
    relative to `module`), or None when its argument is not a known string."""
    text = string_of(call.args[0]) if call.args else None
    if not text:
        return None
    text = text.replace(":", ".").strip()
    if text.startswith("."):
        package = call.args[1] if len(call.args) > 1 else None
        if not (isinstance(package, ast.Name) and package.id in PACKAGE_NAMES):
            return None
        level = len(text) - len(text.lstrip("."))
        return absolute_module(module, is_package, level, text.lstrip(".") or None) or None
    return text if all(part.isidentifier() for part in text.split(".")) else None
