"""One file's vocabulary as searchable words: each kind joined once, searched per pattern."""

from __future__ import annotations

from typing import Iterator

from prodready.rules.inventory.literals import may_contain_match
from prodready.rules.inventory.packs import Matcher
from prodready.rules.inventory.vocabulary import Vocabulary


def terms(vocabulary: Vocabulary, kind: str) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The words of one vocabulary kind with their lines."""
    if kind == "imports":
        yield from vocabulary.imports.items()
    elif kind == "names":
        for cls in vocabulary.classes:
            yield cls.name, (cls.line or cls.start,)
        for func in vocabulary.defs:
            yield func.name, (func.line or func.start,)
    elif kind == "attributes":
        yield from vocabulary.identifiers.items()
    elif kind == "calls":
        for name, lines in vocabulary.calls.items():
            yield name, lines
            resolved = vocabulary.resolve(name)
            if resolved != name:
                yield resolved, lines
    elif kind == "strings":
        yield from vocabulary.strings.items()
    elif kind == "settings":
        yield from vocabulary.settings.items()


class FileIndex:
    """One file's vocabulary, with each kind's words joined once so a pattern is searched in
    one call (patterns are compiled with re.MULTILINE: ^ and $ anchor to each word)."""

    def __init__(self, path: str, vocabulary: Vocabulary) -> None:
        self.path = path
        self.vocabulary = vocabulary
        self._entries: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        self._joined: dict[str, str] = {}
        self._lowered: dict[str, str | None] = {}

    def entries(self, kind: str) -> list[tuple[str, tuple[int, ...]]]:
        """(word, lines) of one kind."""
        if kind not in self._entries:
            self._entries[kind] = list(terms(self.vocabulary, kind))
        return self._entries[kind]

    def mentions(self, matcher: Matcher) -> bool:
        """True when some word of the matcher's kind matches (one search per pattern, skipped
        when the words lack every literal the patterns require)."""
        kind = matcher.kind
        if kind not in self._joined:
            joined = "\n".join(word for word, _ in self.entries(kind))
            self._joined[kind] = joined
            self._lowered[kind] = joined.lower() if joined.isascii() else None
        return may_contain_match(matcher.literals, self._lowered[kind]) and matcher.matches(self._joined[kind])

    def matching(self, matcher: Matcher) -> Iterator[tuple[str, tuple[int, ...]]]:
        """The (word, lines) the matcher matches."""
        if self.mentions(matcher):
            yield from ((word, lines) for word, lines in self.entries(matcher.kind) if matcher.matches(word))
