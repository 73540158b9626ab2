"""Whether a route handler issues a credential (decided from what is encoded and where it goes,
one helper deep) and whether it verifies one first (a login is authentication, not a test route)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from prodready.frameworks.functions import FunctionInfo
from prodready.frameworks.linking import ProjectRoutes
from prodready.frameworks.words import words
from prodready.model.findings import Confidence
from prodready.rules.exposure.credentials import (
    AUTHORITY_CLAIMS, IDENTITY_CLAIMS, CallSite, CredentialsCollector, FileCredentials, FunctionCredentials,
)
from prodready.rules.exposure.verifying import TOKEN_LIBRARIES

CREDENTIAL_WORDS = frozenset({
    "access", "refresh", "auth", "authentication", "bearer", "jwt", "session", "login", "apikey", "password",
    "passwd", "credential", "credentials", "impersonate", "impersonation",
})
CREDENTIAL_PAIRS = (frozenset({"api", "key"}), frozenset({"id", "token"}), frozenset({"personal", "token"}),
                    frozenset({"client", "secret"}))
NOT_CREDENTIAL_WORDS = frozenset({  # page cursors, CSRF, ETags, signed URLs, encoded ids, hashing
    "page", "pagination", "paginate", "paginated", "cursor", "next", "prev", "previous", "continuation", "offset",
    "csrf", "xsrf", "etag", "download", "upload", "url", "urls", "hashid", "hashids", "share", "unsubscribe",
    "nonce", "state", "cache", "checksum", "digest", "hash", "hashed", "hasher", "file", "filename", "media",
    "image", "export", "preview", "slug", "fingerprint",
})
OUTBOUND_WORDS = frozenset({"authorization", "headers"})  # the service's own credential on a request it makes
ISSUING_VERBS = frozenset({"create", "generate", "issue", "mint", "make", "sign", "encode", "new", "build", "obtain",
                           "grant", "write", "gen"})
CREDENTIAL_OBJECTS = frozenset({"token", "tokens", "jwt", "key", "keys", "credential", "credentials", "password"})
JWT_RECEIVERS = frozenset({"jwt", "jws", "jose", "jwe"})
LIBRARY_ISSUERS = frozenset({"write_token", "create_token_response", "create_authorization_response"})
CREDENTIAL_CLAIMS = IDENTITY_CLAIMS | AUTHORITY_CLAIMS | {"exp", "fresh", "jti", "type", "token_type"}
KEY_WORDS = frozenset({  # every word of a credential's name
    "access", "refresh", "id", "auth", "api", "key", "token", "password", "passwd", "secret", "jwt", "bearer",
    "session", "apikey", "client", "temporary", "temp", "new", "initial", "generated", "one", "time", "otp",
    "personal", "plain", "raw", "value", "login", "user", "service", "admin", "test", "dev", "debug", "demo",
})
CREDENTIAL_KEYS = frozenset({"password", "passwd", "apikey", "api_key", "jwt", "client_secret", "secret"})
SESSION_LOGINS = frozenset({"django.contrib.auth.login", "flask_login.login_user", "flask_login.utils.login_user",
                            "quart_auth.login_user", "flask_security.login_user", "flask_security.utils.login_user"})
TOKEN_MODELS = frozenset({"token", "authtoken", "apikey", "accesstoken", "refreshtoken", "personalaccesstoken"})
SECRET_CALLS = frozenset({"secrets.token_urlsafe", "secrets.token_hex", "secrets.token_bytes", "os.urandom",
                          "uuid.uuid4", "secrets.choice"})
SIGNED_IN_WORDS = frozenset({"current", "authenticated", "logged", "signed"})
PRINCIPAL_WORDS = frozenset({"user", "admin", "superuser", "account", "principal", "member", "staff"})


@dataclass(frozen=True)
class Minting:
    """How a handler issues a credential."""

    via: str  # "jwt.encode", "create_access_token -> jwt.encode", 'returns "access_token"'
    confidence: Confidence
    caller_chosen: bool = False  # a role, scope or admin flag the caller picks goes into it
    fixed_identity: str = ""  # a literal test identity it is issued for


def says_credential(found: set[str]) -> bool:
    """True when words name a credential (access token, API key, session, password...)."""
    return bool(found & CREDENTIAL_WORDS) or any(pair <= found for pair in CREDENTIAL_PAIRS)


def is_credential_key(key: str) -> bool:
    """True for response, cookie and field names that are a credential (`access_token`, `api_key`,
    `password`), not about one (`minimum_password_length`, `changePassword`, `next_page_token`)."""
    found = words(key)
    if not found or set(found) & NOT_CREDENTIAL_WORDS or not set(found) <= KEY_WORDS:
        return False
    return key.lower() in CREDENTIAL_KEYS or bool(set(found) & {"password", "passwd", "jwt", "apikey"}) or (
        says_credential(set(found)) and found[-1] in ("token", "key", "secret"))


def call_kind(name: str, qualified: str) -> str:
    """What kind of issuing call `name` may be: jwt, serializer, secret, session, model, named or ""."""
    parts = name.split(".")
    last = parts[-1]
    receiver = set(words(".".join(parts[:-1])))
    root = qualified.split(".")[0]
    if qualified in SESSION_LOGINS or last in LIBRARY_ISSUERS:
        return "session"
    if qualified in SECRET_CALLS or name in SECRET_CALLS:
        return "secret"
    if last in ("encode", "sign", "serialize") and (root in TOKEN_LIBRARIES or receiver & JWT_RECEIVERS):
        return "jwt"
    if last in ("dumps", "sign") and (root == "itsdangerous" or receiver & {"serializer", "signer", "serialiser"}):
        return "serializer"
    if last in ("create", "get_or_create") and "objects" in parts and "".join(words(parts[0])) in TOKEN_MODELS:
        return "model"
    if last == "for_user" and receiver & {"refresh", "access", "token"}:
        return "model"
    found = set(words(last))
    if found & ISSUING_VERBS and found & CREDENTIAL_OBJECTS and says_credential(found):
        return "named"  # create_access_token, generate_api_key, encode_auth_token, create_jwt
    return ""


def verdict(kind: str, site: CallSite, context: set[str], handed: set[str] = frozenset()) -> Confidence | None:
    """How sure it is that a call of `kind` issues a credential, given the words of where its
    result goes (`handed`: the keys and names it is handed out under, without the function's name)."""
    if not kind or context & NOT_CREDENTIAL_WORDS:
        return None
    if kind == "secret":  # a random value is a credential only where it is handed out as one
        if site.stored:
            return None
        context = handed
    if kind in ("session", "model", "named") or says_credential(context):
        return Confidence.HIGH
    if kind == "jwt":
        if {c.lower() for c in site.claims} & CREDENTIAL_CLAIMS:
            return Confidence.HIGH
        return None if site.claims_known else Confidence.MEDIUM
    if kind == "secret" and context & {"key", "keys"}:
        return Confidence.HIGH  # a random value handed out as a key: an API key
    if context & {"token", "tokens"}:
        return Confidence.MEDIUM  # a random or signed value handed out as a token
    return None  # generated secrets and signed payloads issue credentials only where one goes


def _facts(index: ProjectRoutes, module: str, info: FunctionInfo) -> FunctionCredentials | None:
    facts = index.project.facts_at(CredentialsCollector.name, index.paths.get(module))
    return facts.functions.get((info.qualname, info.def_line)) if isinstance(facts, FileCredentials) else None


def _own(index: ProjectRoutes, module: str, info: FunctionInfo, facts: FunctionCredentials,
         outer: set[str] = frozenset()) -> Iterator[Minting]:
    """What a function issues itself."""
    own_words = set(words(info.qualname.rsplit(".", 1)[-1])) | outer
    for site in facts.calls:
        if site.sent or set(site.context) & OUTBOUND_WORDS:
            continue  # mailed to the address on file, or sent to another service: not handed to the caller
        kind = call_kind(site.name, index.name_in(module, site.name, ""))
        handed = set(site.context) | set(outer)
        confidence = verdict(kind, site, own_words | handed | set(words(site.name.rsplit(".", 1)[-1])), handed)
        if confidence is not None:
            yield Minting(site.name, confidence, bool(site.authority_from), site.fixed_identity)
    if own_words & NOT_CREDENTIAL_WORDS:
        return
    for key, _line in facts.response_keys:
        if is_credential_key(key):
            yield Minting(f'returns "{key}"', Confidence.HIGH)
    for key, _line in facts.session_keys:
        yield Minting(f'session["{key}"]', Confidence.HIGH)


def _helpers(index: ProjectRoutes, module: str, info: FunctionInfo,
             facts: FunctionCredentials) -> Iterator[tuple[CallSite, str, FunctionInfo, FunctionCredentials]]:
    """The project functions a function calls, with their facts (one level)."""
    scope = info.qualname.rpartition(".")[0]
    seen: set[str] = set()
    for site in facts.calls:
        if site.name in seen:
            continue
        seen.add(site.name)
        found = index.function(index.name_in(module, site.name, scope))
        if found is None or found[1] is info or found[1].is_class:
            continue
        helper_facts = _facts(index, *found)
        if helper_facts is not None:
            yield site, found[0], found[1], helper_facts


def minting(index: ProjectRoutes, handler: str, line: int = 0) -> Minting | None:
    """The surest way a handler issues a credential (itself or through a helper it calls), else None."""
    found = index.function(handler, line)
    if found is None:
        return None
    module, info = found
    facts = _facts(index, module, info)
    if facts is None:
        return None
    candidates = list(_own(index, module, info, facts))
    for site, helper_module, helper, helper_facts in _helpers(index, module, info, facts):
        context = set(site.context)
        if context & (NOT_CREDENTIAL_WORDS | OUTBOUND_WORDS) or site.sent:
            continue
        for inner in _own(index, helper_module, helper, helper_facts, context):
            chosen = _caller_picks(site, helper, helper_facts)
            candidates.append(Minting(f"{site.name} -> {inner.via}", inner.confidence, chosen, inner.fixed_identity))
    if not candidates:
        return None
    best = max(candidates, key=lambda m: m.confidence)
    return replace(best, caller_chosen=any(m.caller_chosen for m in candidates),
                   fixed_identity=next((m.fixed_identity for m in candidates if m.fixed_identity), ""))


def _caller_picks(site: CallSite, helper: FunctionInfo, facts: FunctionCredentials) -> bool:
    """True when the handler passes its caller's input to a helper parameter that becomes an authority claim."""
    authority = {source for inner in facts.calls for source in inner.authority_from}
    params = [p for p in helper.params if p not in ("self", "cls")]
    given = {params[int(arg)] if arg.isdigit() and int(arg) < len(params) else arg for arg in site.caller_args}
    return bool(authority & given) or "request" in authority


def verification(index: ProjectRoutes, handler: str, line: int = 0) -> str:
    """Evidence that a handler (or a helper it calls) checks a credential, else ""."""
    found = index.function(handler, line)
    if found is None:
        return ""
    module, info = found
    facts = _facts(index, module, info)
    if facts is None:
        return ""
    if facts.takes:
        return f"takes `{facts.takes[0]}`"
    if facts.verified:
        return facts.verified[0]
    for site, _module, _helper, helper_facts in _helpers(index, module, info, facts):
        if helper_facts.verified:
            return f"{site.name} {helper_facts.verified[0]}"
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
