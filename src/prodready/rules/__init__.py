"""Rule families; every submodule registers its rules, collectors and families on import."""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    """Import every rule and framework module so their registries are complete."""
    import prodready.frameworks as frameworks

    for package in (__name__, frameworks.__name__):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            importlib.import_module(info.name)
