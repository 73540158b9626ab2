"""One module per web framework, each registering its `Adapter` (see `frameworks.registry`).

Adding a framework is adding a module here: `load_all` imports every one of them.
"""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    """Import (and so register) every adapter module of this package."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
