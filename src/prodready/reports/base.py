"""Renderer registry: every output format registers one function by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from prodready.model.findings import ScanResult

RenderFunction = Callable[[ScanResult], str]


@dataclass(frozen=True)
class Renderer:
    """A named output format: its render function and a default file extension."""

    name: str
    render: RenderFunction
    extension: str
    description: str
    provenance: bool = False  # it shows the commit or repository-relative paths: the scan asks git


RENDERERS: dict[str, Renderer] = {}


def renderer(
    name: str, extension: str, description: str, *, provenance: bool = False
) -> Callable[[RenderFunction], RenderFunction]:
    """Decorator registering `render(result) -> str` under `name`."""

    def register(func: RenderFunction) -> RenderFunction:
        RENDERERS[name] = Renderer(name, func, extension, description, provenance)
        return func

    return register


def load_renderer(name: str) -> Renderer | None:
    """The renderer of one format, importing only its module when that is named after the format
    (`NAME` or `NAME_report`), else every renderer module; None for an unknown format."""
    import importlib
    import pkgutil

    import prodready.reports as package

    if name not in RENDERERS:
        modules = {info.name for info in pkgutil.iter_modules(package.__path__)} - {"base"}
        for module in (name, f"{name}_report"):
            if module in modules:
                importlib.import_module(f"{package.__name__}.{module}")
    if name not in RENDERERS:
        load_renderers()
    return RENDERERS.get(name)


def load_renderers() -> dict[str, Renderer]:
    """Import every renderer module and return the registry."""
    import importlib
    import pkgutil

    import prodready.reports as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "base":
            importlib.import_module(f"{package.__name__}.{info.name}")
    return RENDERERS
