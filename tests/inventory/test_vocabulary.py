"""The vocabulary collector: what it keeps of a file, with lines, and that it pickles."""

from __future__ import annotations

import ast
import pickle
import textwrap

from prodready.model.project import ParsedSource
from prodready.rules.inventory.vocabulary import build_vocabulary

SOURCE = textwrap.dedent('''
    """Module docstring mentions Sentinel."""
    from .clients import redis_ha as ha
    from redis.sentinel import Sentinel as S


    class Breaker(Base):
        """Class docstring: half_open."""

        def call(self, func):
            state = "half_open"
            return S([("h", 1)]).master_for("m")

        def reset(self):
            pass


    def verify_token(token):
        return True


    def current_user(user=Depends(get_current_user)):
        return {"username": "admin"}
''').lstrip()


def vocabulary():
    return build_vocabulary(ParsedSource("pkg/mod.py", "pkg.mod", SOURCE, ast.parse(SOURCE)))


def test_imports_are_resolved_and_aliased() -> None:
    vocab = vocabulary()
    assert vocab.imports == {"pkg.clients.redis_ha": (2,), "redis.sentinel.Sentinel": (3,)}
    assert vocab.aliases == {"ha": "pkg.clients.redis_ha", "S": "redis.sentinel.Sentinel"}
    assert vocab.resolve("S().master_for") == "redis.sentinel.Sentinel().master_for"


def test_classes_defs_and_stub_facts() -> None:
    vocab = vocabulary()
    assert [(c.qualname, c.start, c.end, c.bases) for c in vocab.classes] == [("Breaker", 6, 14, ("Base",))]
    assert [(d.qualname, d.owner, d.start, d.end, d.stub, d.returns) for d in vocab.defs] == [
        ("Breaker.call", "Breaker", 9, 11, "", ""),
        ("Breaker.reset", "Breaker", 13, 14, "pass", ""),
        ("verify_token", "", 17, 18, "return-true", "always-true"),
        ("current_user", "", 21, 22, "", "constant-user"),
    ]
    assert vocab.depends == ("get_current_user",)


def test_words_with_sorted_lines_and_no_docstrings() -> None:
    vocab = vocabulary()
    assert vocab.strings["half_open"] == (10,)
    assert not [s for s in vocab.strings if "docstring" in s]
    assert vocab.calls["S().master_for"] == (11,)
    assert vocab.identifiers["self"] == (9, 13)
    assert vocab.line_count == 22


def test_vocabulary_pickles() -> None:
    vocab = vocabulary()
    assert pickle.loads(pickle.dumps(vocab)) == vocab
