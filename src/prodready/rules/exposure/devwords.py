"""Which routes say test/debug/dev/mock/fake/demo, and where they say it."""

from __future__ import annotations

from typing import Iterable

from prodready.frameworks.words import words
from prodready.model.project import Route

ACRONYMS = {
    "rbac": "RBAC", "api": "API", "jwt": "JWT", "sso": "SSO", "oauth": "OAuth", "id": "ID", "url": "URL",
    "http": "HTTP", "db": "DB", "sql": "SQL", "ui": "UI", "iam": "IAM", "acl": "ACL", "mfa": "MFA", "otp": "OTP",
}
GENERIC_MODULES = frozenset({"routes", "router", "routers", "views", "view", "main", "app", "api", "urls",
                             "endpoints", "handlers", "server", "__init__", "application", "wsgi", "asgi"})


def domain_terms(routes: Iterable[Route], vocabulary: Iterable[str]) -> frozenset[tuple[str, str]]:
    """(dev word, noun) pairs the API addresses as resource collections: `/test-runs/{run_id}` ->
    ("test", "run"), so `create_test_run` and `/test-runs` are its domain, not a test route."""
    vocab = {v.lower() for v in vocabulary}
    found = set()
    for route in routes:
        segments = [s for s in route.path.split("/") if s]
        for segment, following in zip(segments, segments[1:]):
            if not following.startswith(("{", "<", ":")):
                continue
            segment_words = words(segment)
            found |= {(a, _singular(b)) for a, b in zip(segment_words, segment_words[1:])
                      if a in vocab and b not in vocab}
    return frozenset(found)


def dev_word_evidence(route: Route, vocabulary: Iterable[str],
                      domain: frozenset[tuple[str, str]] = frozenset()) -> str:
    """Where the route says test/dev/... ("module name `rbac_test_routes`"), else "";
    `domain` pairs (see domain_terms) do not count."""
    vocab = {v.lower() for v in vocabulary}
    module, _, handler = route.handler.rpartition(".")
    checks = [
        ("path", route.path),
        ("handler name", handler),
        ("router", route.router.rsplit(".", 1)[-1] if route.router else ""),
        *(("tag", tag) for tag in route.tags),
        *(("module name", part) for part in _module_parts(module)),
    ]
    for where, text in checks:
        parts = text.split("/") if where == "path" else [text]  # a path's segments are read apart
        word = next((w for w in (_dev_word(p, vocab, domain) for p in parts) if w), "")
        if text and word:  # exact words: "/lab-tests" is a domain, not a test
            return f'{where} `{text}` says "{word}"'
    return ""


def _dev_word(text: str, vocab: set[str], domain: frozenset[tuple[str, str]]) -> str:
    """The first vocabulary word of `text` that does not modify a domain noun, else ""."""
    text_words = words(text)
    for index, word in enumerate(text_words):
        following = _singular(text_words[index + 1]) if index + 1 < len(text_words) else ""
        if word in vocab and (word, following) not in domain:
            return word
    return ""


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _module_parts(module: str) -> list[str]:
    """The module path without its top-level package (a project named "demo" is not a dev route)."""
    parts = module.split(".")
    return parts[1:] if len(parts) > 1 else parts


def title_of(route: Route) -> str:
    """A report heading from the route's module or router ("RBAC Test Routes")."""
    module, _, handler = route.handler.rpartition(".")
    candidates = [module.rsplit(".", 1)[-1], route.router.rsplit(".", 1)[-1] if route.router else "", handler]
    name = next((c for c in candidates if c and c.lower() not in GENERIC_MODULES), handler)
    return " ".join(ACRONYMS.get(w, w.capitalize()) for w in words(name))
