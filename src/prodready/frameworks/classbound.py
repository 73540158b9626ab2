"""Registrations a classmethod makes for the class it is called on.

`LocateView.configure(config)` runs `config.add_route(name, cls.route)` and `config.add_view(cls,
route_name=name, request_method=cls.methods)` that a base class defines: the classmethod's objects
are mounted once per calling class, and `cls.<attr>` is read from that class's literal attributes
(its own, else its project bases'); `if cls.cors_origin:` holds when that attribute is truthy.
"""

from __future__ import annotations

import re
from typing import Container, Iterable, Protocol

from prodready.frameworks.facts import Condition
from prodready.frameworks.functions import FunctionInfo

CLS = "cls"
MAX_CLASSES = 16
_EXPRESSION = re.compile(r"\$\{cls\.(\w+)\}")
_TEST = re.compile(r"^(not\s+)?cls\.(\w+)$")

AttributeValue = tuple[str, ...] | None  # strings, or None for a falsy literal


class Classes(Protocol):
    """What the project index answers about classes."""

    def function(self, qualified: str, line: int = 0) -> tuple[str, FunctionInfo] | None: ...

    def name_in(self, module: str, text: str, scope: str, imported: bool = False) -> str: ...


def lineage(classes: Classes, cls: str) -> list[tuple[str, str, FunctionInfo]]:
    """Project class `cls` and its project bases, nearest first: (qualified name, module, info)."""
    found: list[tuple[str, str, FunctionInfo]] = []
    pending = [cls]
    while pending and len(found) < MAX_CLASSES:
        name = pending.pop(0)
        hit = classes.function(name)
        if hit is None or not hit[1].is_class or any(known == name for known, _, _ in found):
            continue
        found.append((name, hit[0], hit[1]))
        pending += [classes.name_in(hit[0], base, "") for base in hit[1].bases]
    return found


def attribute(classes: Classes, cls: str, name: str) -> tuple[AttributeValue] | None:
    """(value,) of the literal class attribute `name` as `cls` sees it; None when none is literal."""
    for _, _, info in lineage(classes, cls):
        value = info.attribute(name)
        if value is not None:
            return value
    return None


def method(classes: Classes, cls: str, name: str) -> tuple[str, FunctionInfo] | None:
    """(module, info) of the method `name` that `cls` defines or inherits from a project base."""
    for qualified, _, _ in lineage(classes, cls):
        found = classes.function(f"{qualified}.{name}")
        if found is not None and not found[1].is_class:
            return found
    return None


def template(classes: Classes, objects: Container[str], child: str) -> tuple[str, str] | None:
    """(classmethod's object, calling class) for a mount child `pkg.View.configure.config` whose
    method `pkg.View` or one of its project bases defines; None when `child` is not one."""
    parts = child.split(".")
    for cut in range(len(parts) - 2, 0, -1):
        cls = ".".join(parts[:cut])
        found = classes.function(cls)
        if found is None or not found[1].is_class:
            continue
        rest = ".".join(parts[cut:])
        return next(((f"{q}.{rest}", cls) for q, _, _ in lineage(classes, cls) if f"{q}.{rest}" in objects), None)
    return None


def bound_path(path: str, classes: Classes, cls: str) -> str | None:
    """`path` with each `${cls.attr}` replaced by `cls`'s string attribute; None when one is not a
    literal string."""
    names = _EXPRESSION.findall(path)
    if not names:
        return path
    for name in names:
        value = attribute(classes, cls, name)
        if value is None or value[0] is None or len(value[0]) != 1:
            return None
        path = path.replace(f"${{cls.{name}}}", value[0][0])
    return path


def holds(conditions: Iterable[Condition], classes: Classes, cls: str) -> tuple[bool, tuple[Condition, ...]]:
    """Whether the `if cls.attr:` tests among `conditions` hold for `cls`, and the other conditions."""
    others = []
    for condition in conditions:
        match = _TEST.match(condition.expression.strip())
        value = attribute(classes, cls, match.group(2)) if match else None
        if match is None or value is None:
            others.append(condition)
            continue
        truthy = (value[0] is not None) != bool(match.group(1))
        if truthy == condition.negated:
            return False, ()
    return True, tuple(others)
