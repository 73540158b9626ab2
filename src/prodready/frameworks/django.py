"""Django: `urlpatterns` lists of `path`/`re_path`/`url` entries and `include(...)`."""

from __future__ import annotations

import re

from prodready.frameworks.adapters import Adapter, register

DJANGO = register(Adapter(framework="django", import_roots=("django",), constructors={}))

ROUTE_ENTRIES = ("path", "re_path", "url")
INCLUDE = "include"
_REGEX_NOISE = re.compile(r"^\^|\$$")


def plain_path(pattern: str, is_regex: bool) -> str:
    """A `re_path` pattern without its anchors; `path` patterns unchanged."""
    return _REGEX_NOISE.sub("", pattern) if is_regex else pattern
