"""Word-ish matching of paths, names and module names against configured vocabularies."""

from __future__ import annotations

import functools
import re
from typing import Iterable

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")  # getUser, HTTPBearer
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


@functools.lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """Lower-case words of a path, identifier or dotted name ("/rbac-test/genTokens" ->
    rbac, test, gen, tokens); path parameters ({id}, <int:id>) are dropped."""
    text = re.sub(r"\{[^}]*\}|<[^>]*>", " ", text)
    return tuple(w.lower() for w in _SEPARATORS.split(_CAMEL.sub(" ", text)) if w)


def matches_word(text: str, vocabulary: Iterable[str], suffixes: Iterable[str] = ("s",)) -> str:
    """The vocabulary word `text` contains as a whole word (or word plus a suffix), else ""."""
    vocab = {v.lower() for v in vocabulary}
    for word in words(text):
        if word in vocab:
            return word
        for suffix in suffixes:
            if word.endswith(suffix) and word[: -len(suffix)] in vocab:
                return word[: -len(suffix)]
    return ""
