"""Which routes say test/debug/dev/mock/fake/demo, and where they say it."""

from __future__ import annotations

from typing import Iterable

from prodready.frameworks.words import matches_word, words
from prodready.scanner.model import Route

ACRONYMS = {
    "rbac": "RBAC", "api": "API", "jwt": "JWT", "sso": "SSO", "oauth": "OAuth", "id": "ID", "url": "URL",
    "http": "HTTP", "db": "DB", "sql": "SQL", "ui": "UI", "iam": "IAM", "acl": "ACL", "mfa": "MFA", "otp": "OTP",
}
GENERIC_MODULES = frozenset({"routes", "router", "routers", "views", "view", "main", "app", "api", "urls",
                             "endpoints", "handlers", "server", "__init__", "application", "wsgi", "asgi"})


def dev_word_evidence(route: Route, vocabulary: Iterable[str]) -> str:
    """Where the route says test/dev/... ("module name `rbac_test_routes`"), else ""."""
    vocab = tuple(vocabulary)
    module, _, handler = route.handler.rpartition(".")
    checks = [
        ("path", route.path),
        ("handler name", handler),
        ("router", route.router.rsplit(".", 1)[-1] if route.router else ""),
        *(("tag", tag) for tag in route.tags),
        *(("module name", part) for part in _module_parts(module)),
    ]
    for where, text in checks:
        word = matches_word(text, vocab, suffixes=())  # exact words: "/lab-tests" is a domain, not a test
        if text and word:
            return f'{where} `{text}` says "{word}"'
    return ""


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
