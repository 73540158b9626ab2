"""Shortcuts taken for speed answer exactly what the plain versions answer."""

from __future__ import annotations

import ast
import re

import pytest

from prodready.frameworks.astutil import iter_calls
from prodready.rules.health.responses import _statements
from prodready.rules.inventory.packs import PATTERN_FLAGS, Matcher

SOURCE = '''
import os
x = make(os.getenv("A"), [f(1) for _ in g()])
def outer(a=default()):
    first()
    if cond(a):
        second(lambda: hidden())
        class Inner:
            value = hidden_in_class()
    else:
        third(**kw(), key=val())
    try:
        fourth()
    except Error as error:
        fifth(error)
    finally:
        sixth()
    def nested():
        hidden_in_nested()
    match a:
        case 1:
            seventh()
    return await eighth()[ninth()]
'''


def _plain_calls(nodes, skip):
    """The reference: a stack walk over ast.iter_child_nodes."""
    stack = [n for n in nodes if isinstance(n, ast.AST)]
    while stack:
        node = stack.pop()
        if isinstance(node, skip):
            continue
        if isinstance(node, ast.Call):
            yield node
        stack.extend(ast.iter_child_nodes(node))


@pytest.mark.parametrize("skip", [
    (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda),
    (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda),
])
def test_iter_calls_finds_the_calls_of_the_plain_walk_in_the_same_order(skip) -> None:
    tree = ast.parse(SOURCE.replace("def outer", "async def outer"))
    body = tree.body[-1].body
    names = [ast.unparse(c.func) for c in iter_calls(body, skip)]
    assert names == [ast.unparse(c.func) for c in _plain_calls(body, skip)]
    assert "hidden" not in names and "hidden_in_nested" not in names
    assert ("hidden_in_class" in names) == (ast.ClassDef not in skip)
    assert {"first", "cond", "kw", "val", "fifth", "seventh", "eighth", "ninth"} <= set(names)


def test_statements_lists_nested_blocks_without_nested_scopes() -> None:
    function = ast.parse(SOURCE).body[-1]
    lines = [node.lineno for node in _statements(function.body)]
    assert lines == [5, 6, 7, 11, 12, 13, 17, 15, 20, 22, 23]  # a try's handlers after its finally


@pytest.mark.parametrize("patterns, texts", [
    (["^redis$", "(sentinel|cluster)_?client", "Health"], ["redis", "my_redis", "SentinelClient", "healthy", "x"]),
    (["(b)", r"(a)\1"], ["aa", "ab", "b", "a"]),  # a back-reference: searched one pattern at a time
    (["(?P<n>x)", "(?P<n>y)"], ["x", "y", "z"]),  # the same group name twice cannot be joined
    (["^one$"], ["one", "two\none", "ones"]),
])
def test_a_matcher_matches_exactly_when_one_of_its_patterns_does(patterns: list[str], texts: list[str]) -> None:
    matcher = Matcher("names", tuple(re.compile(p, PATTERN_FLAGS) for p in patterns))
    for text in texts:
        assert matcher.matches(text) == any(p.search(text) for p in matcher.patterns), text
