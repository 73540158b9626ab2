"""Token minting and credential checks in route handlers (one helper level deep)."""

from __future__ import annotations

import re

from prodready.frameworks.functions import FunctionInfo
from prodready.frameworks.linking import ProjectRoutes
from prodready.frameworks.words import words

TOKEN_LIBRARIES = ("jwt", "jose", "authlib", "itsdangerous", "paseto", "secrets")
SIGNING_METHODS = frozenset({"encode", "dumps", "sign"})
SIGNING_RECEIVER_WORDS = frozenset({"jwt", "jose", "jws", "serializer", "signer", "token", "tokens"})
SECRETS_FUNCTIONS = frozenset({"token_urlsafe", "token_hex", "token_bytes"})
SESSION_LOGINS = ("django.contrib.auth.login", "flask_login.login_user", "flask_login.utils.login_user")
_MINTING_NAME = re.compile(r"^(create|generate|issue|mint|make|sign|encode|new|build|get_new)_\w*tokens?$")
CREDENTIAL_PARAMS = frozenset({
    "password", "passwd", "credentials", "form_data", "refresh_token", "code", "otp", "api_key", "secret",
    "client_secret", "authorization_code",
})
SIGNED_IN_WORDS = frozenset({"current", "authenticated", "logged", "signed"})
PRINCIPAL_WORDS = frozenset({"user", "admin", "superuser", "account", "principal", "member", "staff"})
CREDENTIAL_CALL_WORDS = frozenset({"verify", "authenticate", "password", "validate", "decode", "check"})


def is_minting_call(name: str, qualified: str) -> bool:
    """True for calls that mint tokens or credentials (jwt.encode, create_access_token, sign,
    a session login such as django.contrib.auth.login)."""
    last = name.rsplit(".", 1)[-1]
    if _MINTING_NAME.match(last.lower()) or last == "sign" and "." not in name:
        return True
    if qualified in SESSION_LOGINS:
        return True
    root = qualified.split(".")[0]
    if root == "secrets":
        return last in SECRETS_FUNCTIONS
    if last in SIGNING_METHODS:
        receiver = set(words(name.rsplit(".", 1)[0])) if "." in name else set()
        return root in TOKEN_LIBRARIES or bool(receiver & SIGNING_RECEIVER_WORDS)
    return False


def minting_call(index: ProjectRoutes, handler: str, line: int = 0) -> str:
    """The call through which a handler mints tokens (its own or a helper's), else ""."""
    found = index.function(handler, line)
    if found is None:
        return ""
    module, info = found
    direct = _minting_in(index, module, info)
    if direct:
        return direct
    scope = info.qualname.rpartition(".")[0]
    for call in index.calls(module, info):
        helper = index.function(index.name_in(module, call, scope))
        if helper is not None and helper[1] is not info:
            inner = _minting_in(index, helper[0], helper[1])
            if inner:
                return f"{call} -> {inner}"
    return ""


def _minting_in(index: ProjectRoutes, module: str, info: FunctionInfo) -> str:
    for call in index.calls(module, info):
        qualified = index.name_in(module, call, "")
        if is_minting_call(call, qualified):
            return call
    return ""


def signed_in_parameter(index: ProjectRoutes, handler: str, line: int = 0) -> str:
    """A handler parameter that receives the signed-in user (`current_user`, `current_superuser`):
    FastAPI fills it from an auth dependency, so only signed-in callers reach the route; else ""."""
    found = index.function(handler, line)
    if found is None:
        return ""
    for param in found[1].params:
        param_words = words(param)
        if len(param_words) > 1 and param_words[0] in SIGNED_IN_WORDS and param_words[-1] in PRINCIPAL_WORDS:
            return param
    return ""


def checks_credentials(index: ProjectRoutes, handler: str, line: int = 0) -> bool:
    """True when the handler takes or verifies credentials (a login or refresh endpoint)."""
    found = index.function(handler, line)
    if found is None:
        return False
    module, info = found
    if CREDENTIAL_PARAMS & set(info.params):
        return True
    return any(set(words(call.rsplit(".", 1)[-1])) & CREDENTIAL_CALL_WORDS for call in index.calls(module, info))
