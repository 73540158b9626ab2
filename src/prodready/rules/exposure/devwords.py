"""Which routes say test/debug/dev/mock/fake/demo, and where they say it."""

from __future__ import annotations

import re
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


TEST_VERBS = frozenset({"test", "testing"})
INTEGRATION_WORDS = frozenset({  # what a product feature sends a test message through
    "email", "emails", "mail", "smtp", "sms", "webhook", "webhooks", "hook", "hooks", "connection", "connections",
    "connector", "connectors", "integration", "integrations", "notification", "notifications", "notifier",
    "channel", "channels", "alert", "alerts", "slack", "teams", "discord", "telegram", "pagerduty", "opsgenie",
    "jira", "llm", "ldap", "saml", "sso", "idp", "oidc", "provider", "providers", "source", "sources",
    "destination", "destinations", "template", "templates", "message", "messages", "push", "printer", "ftp",
    "sftp", "storage", "bucket", "proxy", "mqtt", "broker", "send", "logging", "syslog", "aggregator",
})
SCOPE_WORDS = frozenset({"api", "apis", "org", "orgs", "organization", "organizations", "tenant", "tenants",
                         "workspace", "workspaces", "internal", "public", "rest", "admin"})
SCOPE_PARAMS = SCOPE_WORDS | {"version", "lang", "language", "locale", "org", "project"}
STRUCTURAL = frozenset({"router", "router prefix", "tag", "module name"})  # the router or module says it


def _is_param(segment: str) -> bool:
    return segment.startswith(("{", "<", ":", "(?P<", "$"))


def _param_words(segment: str) -> tuple[str, ...]:
    """Words of a path parameter's name: `{org_id}`, `<int:pk>`, `(?P<version>v2)`, `:id`."""
    match = re.search(r"[<{]\s*(?:\w+:)?(\w+)", segment) or re.match(r":(\w+)", segment)
    return words(match.group(1)) if match else ()


def _is_scope(segment: str) -> bool:
    found = set(words(segment))
    return not found or found <= SCOPE_WORDS or bool(re.fullmatch(r"v\d+(\.\d+)*", segment))


def tests_a_resource(path: str) -> bool:
    """True when the path's "test" is a verb on a resource, a product feature sending a sample
    through something configured (`/connections/{id}/test`, `/email/test`, `/integrations/slack/
    test-message`, `/notification/send-test/{uuid}`), not a route named test (`/test/...`)."""
    segments = [s for s in path.split("/") if s]
    for index, segment in enumerate(segments):
        found = set(words(segment))
        if _is_param(segment) or not found & TEST_VERBS:
            continue
        before = segments[:index]
        on_instance = bool(before) and _is_param(before[-1]) and not set(_param_words(before[-1])) & SCOPE_PARAMS
        resources = [s for s in before if not _is_param(s) and not _is_scope(s)]
        if on_instance:  # `/hooks/{id}/test`, `/<uuid:code>/test/`, not `/orgs/{org}/test`
            return len(before) == 1 or not _is_scope(before[-2])
        if not resources:
            return False  # `/test/...`, `/api/v1/test`: the route itself is the test
        return bool(found & INTEGRATION_WORDS or any(set(words(s)) & INTEGRATION_WORDS for s in before))
    return False


def dev_word_evidence(route: Route, vocabulary: Iterable[str],
                      domain: frozenset[tuple[str, str]] = frozenset()) -> str:
    """Where the route says test/dev/... ("module name `rbac_test_routes`"), else "";
    `domain` pairs (see domain_terms) do not count."""
    found = dev_word_evidences(route, vocabulary, domain)
    return found[0][1] if found else ""


def dev_word_evidences(route: Route, vocabulary: Iterable[str],
                       domain: frozenset[tuple[str, str]] = frozenset()) -> list[tuple[str, str]]:
    """(where, evidence) for every place the route says test/dev/...: its path, router prefix,
    handler name, router, tags or module; "test" as a verb on a resource does not count in its
    path or handler name (`POST /webhooks/{id}/test`, `send_test_email`)."""
    vocab = {v.lower() for v in vocabulary}
    module, _, handler = route.handler.rpartition(".")
    local = route.local_path.strip("/")
    full = route.path.strip("/")
    joined = full.endswith(local)  # else the path was rewritten on the way: read it whole
    prefix = full[: len(full) - len(local)] if joined else ""
    feature = tests_a_resource(route.path)
    verbs = vocab - TEST_VERBS if feature else vocab
    handler_words = set(words(handler))
    sends = feature or bool(handler_words & TEST_VERBS and handler_words & INTEGRATION_WORDS)  # send_test_email
    checks = [
        ("path", route.local_path if joined else route.path, verbs),
        ("router prefix", prefix, vocab),
        ("handler name", handler, vocab - TEST_VERBS if sends else vocab),
        ("router", route.router.rsplit(".", 1)[-1] if route.router else "", vocab),
        *(("tag", tag, vocab) for tag in route.tags),
        *(("module name", part, vocab) for part in _module_parts(module)),
    ]
    found = []
    for where, text, words_here in checks:
        parts = text.split("/") if where in ("path", "router prefix") else [text]  # segments are read apart
        word = next((w for w in (_dev_word(p, words_here, domain) for p in parts) if w), "")
        if text and word:  # exact words: "/lab-tests" is a domain, not a test
            label = "path" if where == "router prefix" else where
            shown = route.path if label == "path" else text
            found.append((where, f'{label} `{shown}` says "{word}"'))
    return found


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
