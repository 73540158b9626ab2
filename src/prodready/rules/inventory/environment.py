"""Documented environments (`.env.example` and the like) as configuration the packs match."""

from __future__ import annotations

from typing import Mapping

from prodready.engine.discovery import ENV_EXAMPLE_NAMES
from prodready.rules.inventory.settings import env_words
from prodready.rules.inventory.vocabulary import MAX_LINES, Vocabulary


def environment_vocabularies(manifests: Mapping[str, str]) -> dict[str, Vocabulary]:
    """The documented environments (`.env.example`) as vocabularies holding only settings."""
    found = {}
    for path in sorted(manifests):
        if path.rsplit("/", 1)[-1] in ENV_EXAMPLE_NAMES:
            text = manifests[path]
            words = {key: tuple(lines[:MAX_LINES]) for key, lines in env_words(text).items()}
            found[path] = Vocabulary({}, {}, (), (), {}, {}, {}, line_count=text.count("\n") + 1, settings=words)
    return found
