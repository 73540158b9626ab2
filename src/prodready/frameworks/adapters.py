"""The framework adapter registry: which constructors make apps and routers, per framework."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from prodready.engine.imports import FileImports

HTTP_METHOD_DECORATORS = ("get", "post", "put", "delete", "patch", "options", "head", "trace")


@dataclass(frozen=True)
class Adapter:
    """What one framework calls its app and router objects and how it names prefixes."""

    framework: str
    import_roots: tuple[str, ...]
    constructors: Mapping[str, str]  # class name -> "app" or "router"
    prefix_keywords: tuple[str, ...] = ()
    needs_import: frozenset[str] = field(default_factory=frozenset)  # names too generic to trust alone
    prefix_replaced_by_mount: bool = False  # Flask: register_blueprint(url_prefix=) replaces it
    prefix_from_name: bool = False  # Flask-RESTX: Namespace("users") is served under /users


ADAPTERS: dict[str, Adapter] = {}


def register(adapter: Adapter) -> Adapter:
    """Add an adapter to the registry (each framework module calls this once)."""
    ADAPTERS[adapter.framework] = adapter
    return adapter


def app_classes() -> frozenset[str]:
    """Class names that create applications in any registered framework."""
    return frozenset(c for a in ADAPTERS.values() for c, kind in a.constructors.items() if kind == "app")


def constructor(name: str, imports: FileImports) -> tuple[Adapter, str] | None:
    """(adapter, kind) when calling dotted `name` creates an app or router, else None."""
    head, _, _ = name.partition(".")
    short = name.rsplit(".", 1)[-1]
    binding = imports.binding(head)
    origin = ""
    if binding is not None:
        origin = binding.module if binding.attr is None else f"{binding.module}.{binding.attr}"
    for adapter in ADAPTERS.values():
        kind = adapter.constructors.get(short)
        if kind is None:
            continue
        if origin and origin.split(".")[0] in adapter.import_roots:
            return adapter, kind
        if not origin and short not in adapter.needs_import and head not in imports.defined:
            return adapter, kind
    return None
