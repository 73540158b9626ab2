"""Whether a node of a function body checks a credential: compares a password or token, reads
one from the request, trusts a proxy's identity header, or calls a verifier (password hashes,
JWT decoding, timed signatures, OAuth code exchange, SAML, LDAP, WebAuthn)."""

from __future__ import annotations

import ast

from prodready.frameworks.astutil import dotted, literal_str
from prodready.frameworks.words import words

VERIFY_WORDS = frozenset({"verify", "authenticate", "authn", "saml", "ldap", "oidc", "checkpw", "valid"})
VERIFY_PAIRS = (  # words that verify only together: `check_password`, `validate_token`, `fetch_token`
    (frozenset({"check", "validate", "confirm", "decode"}),
     frozenset({"password", "token", "credentials", "otp", "code", "signature", "ticket", "hash", "secret", "key"})),
    (frozenset({"compare"}), frozenset({"digest"})),
    (frozenset({"authorize", "exchange", "fetch"}), frozenset({"token", "code"})),
)
VERIFYING_RECEIVERS = frozenset({"saml", "ldap", "webauthn", "passkey", "mfa", "totp", "otp", "cas", "oidc", "sso"})
TOKEN_RECEIVER_WORDS = frozenset({"jwt", "jose", "jws", "token", "tokens", "serializer", "signer"})
HEADER_SOURCES = frozenset({"headers", "environ", "META"})
OAUTH_SERVER_CALLS = frozenset({"create_token_response", "create_authorization_response", "validate_token_request"})
COMPARED_CREDENTIAL_WORDS = frozenset({"password", "passwd", "secret", "token", "otp", "pin", "signature", "digest"})
CREDENTIAL_FIELDS = frozenset({"password", "passwd", "otp", "refresh_token", "client_secret", "authorization_code"})
NOT_PRESENTED_WORDS = frozenset({  # tokens a request carries that prove nobody's identity
    "page", "next", "prev", "cursor", "continuation", "csrf", "xsrf", "push", "device", "fcm", "apns", "test",
})
TOKEN_LIBRARIES = frozenset({"jwt", "jose", "authlib", "itsdangerous", "paseto", "jwcrypto"})


def key_text(node: ast.AST | None) -> str:
    """A dict key or subscript: its string, or the dotted name it is read from."""
    return literal_str(node) or dotted(node)


def checks_credential(node: ast.AST) -> str:
    """What checking a credential `node` does ("compares `data.password`"), else ""."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(
            node.ops[0], (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
        sides = [node.left, *node.comparators]
        if any(isinstance(s, ast.Constant) and (s.value is None or isinstance(s.value, bool)) for s in sides):
            return ""
        for side in sides:
            text = dotted(side) or key_text(getattr(side, "slice", None))
            if text and set(words(text)) & COMPARED_CREDENTIAL_WORDS:
                return f"compares `{text}`"
    if isinstance(node, ast.Subscript) and key_text(node.slice) in CREDENTIAL_FIELDS:
        return f"reads `{key_text(node.slice)}` from the request"
    if isinstance(node, ast.Attribute) and node.attr in CREDENTIAL_FIELDS and isinstance(
            node.ctx, ast.Load) and dotted(node.value) not in ("settings", "config", "self"):
        return f"reads `{dotted(node)}`"  # a form's or body's password (`form.password.data`)
    if isinstance(node, ast.Dict):
        presented = presented_to_provider(node)
        if presented:
            return f"presents the caller's `{presented}` to its issuer"
    if isinstance(node, (ast.Subscript, ast.Call)):
        header = header_identity(node)
        if header:
            return f"trusts the identity header `{header}`"
    if isinstance(node, ast.Call):
        name = dotted(node.func)
        if name and (is_verifying_call(name) or name.endswith((".loads", ".unsign")) and any(
                kw.arg == "max_age" for kw in node.keywords)):  # itsdangerous's timed serializers
            return f"calls `{name}`"
        if name.rsplit(".", 1)[-1] == "get" and node.args and is_read_credential(literal_str(node.args[0]) or ""):
            return f"reads `{literal_str(node.args[0])}` from the request"
    return ""


def is_read_credential(key: str) -> bool:
    """True for request fields that carry a credential to check: a password, a refresh token or an
    identity provider's token the route hands on to the provider (`google_token`, `id_token`)."""
    return key in CREDENTIAL_FIELDS or is_presented_token(key)


def is_presented_token(key: str) -> bool:
    """True for `google_token`, `facebook_token`, `id_token`, `access_token`: a token the caller
    presents (social sign-in), not a page cursor, CSRF or push-notification token."""
    found = words(key)
    return len(found) > 1 and found[-1] == "token" and not set(found) & NOT_PRESENTED_WORDS


def presented_to_provider(headers: ast.Dict) -> str:
    """`{"Authorization": f"Bearer {access_token}"}`: request headers that hand a token the caller
    presented (`access_token`, `id_token`, `payload.google_token`) to the identity provider that issued
    it (Microsoft Graph's `/me`, an OIDC userinfo endpoint), which answers only for a valid one; the
    presented token's name, else ""."""
    for key, value in zip(headers.keys, headers.values):
        if key is None or key_text(key).lower() != "authorization":
            continue
        for inner in ast.walk(value):
            name = inner.attr if isinstance(inner, ast.Attribute) else inner.id if isinstance(inner, ast.Name) else ""
            if name and is_presented_token(name) and dotted(inner).split(".")[0] not in ("settings", "config", "self"):
                return dotted(inner)
    return ""


def header_identity(node: ast.AST) -> str:
    """`request.headers.get(settings.REMOTE_USER_HEADER)`, `request.environ["REMOTE_USER"]`."""
    if isinstance(node, ast.Subscript):
        source, key = node.value, node.slice
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        source, key = node.func.value, node.args[0]
    else:
        return ""
    if dotted(source).rsplit(".", 1)[-1] not in HEADER_SOURCES:
        return ""
    text = key_text(key)
    found = set(words(text))
    if ({"remote", "forwarded", "auth"} & found and {"user", "email", "login"} & found) or "authorization" in found:
        return text
    return ""


def is_verifying_call(name: str) -> bool:
    """True for calls that check a credential: verify_password, authenticate, validate_token,
    jwt.decode, serializer.loads, hmac.compare_digest, an OAuth code exchange, SAML/LDAP clients."""
    parts = name.split(".")
    if parts[-1] in OAUTH_SERVER_CALLS:  # authlib/oauthlib check the grant and the client
        return True
    last = set(words(parts[-1]))
    receiver = set(words(".".join(parts[:-1])))
    if last & VERIFY_WORDS or (receiver & VERIFYING_RECEIVERS and not last & {"url", "login", "redirect"}):
        return True
    if any(last & first and last & second for first, second in VERIFY_PAIRS):
        return True
    if parts[-1] in ("decode", "loads", "unsign"):
        return bool(receiver & TOKEN_RECEIVER_WORDS) or parts[0] in TOKEN_LIBRARIES
    return parts[-1] == "bind" and bool(receiver & {"conn", "connection", "ldap"})
