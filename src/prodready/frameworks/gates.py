"""What makes a route unreachable in production: env/debug conditions, auth and kit guards."""

from __future__ import annotations

import re
from typing import Iterable

from prodready.frameworks.facts import Condition
from prodready.frameworks.words import words
from prodready.model.config import DEFAULT_GATE_NAMES

AUTH_WORDS = frozenset({
    "auth", "authenticate", "authenticated", "login", "current", "permission", "permissions", "admin",
    "bearer", "oauth2",
})
AUTH_PAIRS = (  # words that authenticate only together: `require_role`, `verify_token`, `jwt_required`
    (frozenset({"require", "requires", "required"}),  # `token_required`, `require_magic_token`, `require_api_sudo`
     frozenset({"user", "role", "roles", "scope", "scopes", "token", "sudo", "staff", "superuser"})),
    (frozenset({"verify"}), frozenset({"token", "user", "key"})),
    (frozenset({"api"}), frozenset({"key"})),
    (frozenset({"jwt"}), frozenset({"required"})),
)
NOT_AUTH_WORDS = frozenset({"settings", "config", "agent"})  # `get_token_settings`, `get_user_agent`
GUARD_NAMES = ("dev_only", "dev_only_view", "guard_blueprint", "guard_router")
GUARD_MODULE = "prodready_kit.guards"
SETTINGS_OBJECTS = ("settings", "config", "conf", "app_settings", "cfg")
SETTINGS_WORDS = frozenset({
    "debug", "env", "environment", "test", "testing", "tests", "dev", "developer", "development", "prod",
    "production", "local", "staging", "stage", "mode", "demo", "sandbox",
})
FLAG_WORDS = SETTINGS_WORDS - {"mode", "test", "demo"}  # a bare flag named for an environment (not `test_mode`)
ENV_CALLS = ("environ", "getenv")
_METHOD_RESTRICTION = re.compile(r"^require_(GET|POST|PUT|PATCH|DELETE|safe|http_methods)$")


def is_gate_condition(condition: Condition, gate_names: Iterable[str] = DEFAULT_GATE_NAMES) -> bool:
    """True when the statement under `condition` runs outside production only: the test is
    about the environment or debug settings and, in its `if` body, is not trivially true nor
    true in production (`ENV == "production"`); in its `else`, it must be true in production."""
    if condition.always or condition.production != condition.negated:
        return False
    return mentions_environment(condition, gate_names)


def mentions_environment(condition: Condition, gate_names: Iterable[str] = DEFAULT_GATE_NAMES) -> bool:
    """True when an `if` test is about the environment or debug settings."""
    if condition.names_environment:
        return True
    names = set(gate_names)
    for name in condition.names:
        parts = name.split(".")
        if name in names or parts[-1] in names:
            return True
        if len(parts) == 1 and set(words(name)) & FLAG_WORDS:  # `if DEV_MODE:`, `if enable_debug_tools:`
            return True
        if any(part in ENV_CALLS for part in parts):
            return True
        if len(parts) > 1 and parts[-2].lower() in SETTINGS_OBJECTS and set(words(parts[-1])) & SETTINGS_WORDS:
            return True
    return False


def is_auth_name(name: str) -> bool:
    """True when a dependency/decorator name says it authenticates or authorises
    (not Django's `require_POST`/`require_http_methods`, which only restrict methods)."""
    last = name.rsplit(".", 1)[-1]
    if _METHOD_RESTRICTION.match(last):
        return False
    found = set(words(last))
    if found & NOT_AUTH_WORDS:
        return False
    return bool(found & AUTH_WORDS) or any(found & first and found & second for first, second in AUTH_PAIRS)


def is_guard_name(qualified: str) -> bool:
    """True for prodready_kit.guards helpers (by resolved module or by their names)."""
    return qualified.startswith(GUARD_MODULE) or qualified.rsplit(".", 1)[-1] in GUARD_NAMES
