"""Required literals: the substring test that skips a pack pattern's search never changes an answer."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from prodready.model.project import ParsedSource
from prodready.rules.inventory.file_index import FileIndex
from prodready.rules.inventory.literals import may_contain_match, required_literal
from prodready.rules.inventory.packs import EVIDENCE_KINDS, PATTERN_FLAGS, builtin_packs
from prodready.rules.inventory.vocabulary import build_vocabulary

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize(("pattern", "literal"), [
    (r"^(jwt|jose\.jwt)\.decode$", ".decode"),  # a branch ends the run
    (r"(^|\.)DEFAULT_AUTHENTICATION_CLASSES=\S*(jwt|JSONWebToken)", "default_authentication_classes="),
    (r"^\w*AUTHENTICATION_BACKENDS\w*=(?!django\.contrib)", "authentication_backends"),  # never inside a lookahead
    ("token_?cache", "token"),  # an optional character ends the run
    ("(?:abc)def", "abcdef"),  # a group of plain text continues it
    ("a(?:bc)d", "abcd"),
    ("[ab]c+", None),  # a class and a repeat: nothing required is plain text (conservatively)
    (r"\d+", None),
    ("xſy", None),  # the long s folds to an ASCII s under IGNORECASE: no ASCII shortcut
])
def test_required_literal(pattern: str, literal: str | None) -> None:
    assert required_literal(re.compile(pattern, PATTERN_FLAGS)) == literal


def test_a_text_without_the_literals_cannot_match_and_an_unknown_text_always_may() -> None:
    assert may_contain_match(("sentinel", "cluster"), "redis\nmaster_for") is False
    assert may_contain_match(("sentinel",), "redis.sentinel.sentinel") is True
    assert may_contain_match(None, "anything") is True
    assert may_contain_match(("sentinel",), None) is True  # a non-ASCII text is always searched


def _fixture_indexes() -> list[FileIndex]:
    indexes = []
    for path in sorted(FIXTURES.rglob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        relpath = path.relative_to(FIXTURES).as_posix()
        indexes.append(FileIndex(relpath, build_vocabulary(ParsedSource(relpath, relpath, text, tree))))
    return indexes


def test_every_builtin_pattern_gives_the_same_answer_with_and_without_the_shortcut() -> None:
    matchers = {id(m): m for pack in builtin_packs() for component in pack.components for m in component.anchors}
    matchers.update({id(m): m for pack in builtin_packs() for capability in pack.capabilities
                     for group in capability.groups for m in group})
    indexes = _fixture_indexes()
    assert len(indexes) > 100 and len(matchers) > 200
    found = 0
    for index in indexes:
        for matcher in matchers.values():
            if matcher.kind not in EVIDENCE_KINDS:
                continue
            searched = matcher.matches("\n".join(word for word, _ in index.entries(matcher.kind)))
            assert index.mentions(matcher) is searched, (index.path, matcher.kind, [p.pattern for p in matcher.patterns])
            found += searched
    assert found > 0  # the comparison saw matches, not only misses
