"""Home-made feature flags: a settings dict or a model of named flags, and whether any function
reads it (at request time), for PR302."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from prodready.rules.inventory.vocabulary import Vocabulary

FLAG_TABLE = re.compile(r"^(FEATURE_?FLAGS|FEATURE_?TOGGLES|FEATURE_?SWITCHES|TOGGLES|FEATURES)$", re.IGNORECASE)
FLAG_MODEL = re.compile(r"^Feature_?(Flag|Toggle|Switch)\w*$")  # not `Flag` alone: a CTF's flags are answers
MODEL_BASES = re.compile(r"(^|\.)(Model|Base|DeclarativeBase|SQLModel|Document|TimeStampedModel)$")


@dataclass(frozen=True)
class FlagTable:
    """A table of named flags, where it is defined, and the first function that reads it."""

    name: str
    kind: str  # "settings dict" or "model"
    path: str
    line: int
    read_path: str = ""
    read_line: int = 0


def _tables(path: str, vocabulary: Vocabulary) -> list[FlagTable]:
    found = []
    for word, lines in vocabulary.settings.items():
        if "=" in word or "." in word or not FLAG_TABLE.match(word):
            continue
        if any(other.startswith(word + ".") for other in vocabulary.settings):  # a dict of named flags
            found.append(FlagTable(word, "settings dict", path, lines[0]))
    for cls in vocabulary.classes:
        if FLAG_MODEL.match(cls.name) and any(MODEL_BASES.search(base) for base in cls.bases):
            found.append(FlagTable(cls.name, "model", path, cls.line or cls.start))
    return found


def _read_in_function(name: str, vocabulary: Vocabulary) -> int:
    """The first line inside a function body where `name` is used, else 0."""
    lines = vocabulary.identifiers.get(name, ())
    for line in lines:
        if any(d.line < line <= d.end for d in vocabulary.defs):
            return line
    return 0


def flag_tables(vocabularies: Mapping[str, Vocabulary]) -> list[FlagTable]:
    """Every home-made flag table of the project, with the first function that reads it (if any)."""
    tables = [table for path in sorted(vocabularies) for table in _tables(path, vocabularies[path])]
    result = []
    for table in tables:
        read = next(((path, line) for path in sorted(vocabularies)
                     if (line := _read_in_function(table.name, vocabularies[path]))), ("", 0))
        result.append(FlagTable(table.name, table.kind, table.path, table.line, *read))
    return result
