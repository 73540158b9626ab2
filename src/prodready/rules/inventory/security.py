"""Security checks that always pass: verifiers returning True, constant users, verification off."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from prodready.rules.inventory.vocabulary import DefFact, Vocabulary

VERIFIER_NAME = re.compile(
    r"^_*(verify|validate|check|authenticate|authori[sz]e|is_valid|has_valid|is_authenticated|"
    r"is_authori[sz]ed|has_permission|can_access)",
    re.I,
)
SECURITY_NOUN = re.compile(
    r"token|jwt|signature|sig$|password|passwd|credential|auth|api_?key|hmac|permission|access|"
    r"licen[cs]e|session|otp|mfa|secret|bearer|claims",
    re.I,
)
AUTH_DEPENDENCY_NAME = re.compile(
    r"^_*(get_current_(active_)?user|current_user|get_user_from_token|get_principal|get_identity|"
    r"verify_\w+|authenticate\w*|require_(auth|user|login)\w*|auth_required|get_authenticated_user)$",
    re.I,
)
ALLOW_ALL_CLASS = re.compile(r"^(Allow|Public|Anonymous|NoAuth|Open)", re.I)  # permissive by name: AllowAny
OPTION_TITLES = {
    "verify-signature-false": ("JWT signature verification disabled",
                               "tokens are decoded with `verify_signature: False`: any forged token is accepted"),
    "verify-false": ("JWT verification disabled", "tokens are decoded with `verify=False`: any forged token is accepted"),
    "algorithm-none": ("JWT 'none' algorithm accepted",
                       "the `none` algorithm is allowed: unsigned tokens pass verification"),
}


@dataclass(frozen=True)
class AlwaysPass:
    """One security check that cannot fail."""

    path: str
    start: int
    end: int
    symbol: str
    title: str
    explanation: str


def is_verifier(func: DefFact) -> bool:
    """A function whose name says it verifies a token, signature, password or permission.

    Properties (Django's `User.is_authenticated`) describe an object, not a check, and classes
    named as permissive on purpose (`AllowAny`, `PublicAccess`) are meant to let everyone in.
    """
    if func.is_property or not VERIFIER_NAME.search(func.name):
        return False
    if func.owner and ALLOW_ALL_CLASS.search(func.owner.rsplit(".", 1)[-1]):
        return False
    if func.name.lstrip("_").lower().startswith(("authenticate", "authori", "is_authenticated")):
        return True
    return bool(SECURITY_NOUN.search(func.name) or any(SECURITY_NOUN.search(p) for p in func.params))


def depends_targets(vocabularies: Mapping[str, Vocabulary]) -> frozenset[str]:
    """Names of functions used as dependencies anywhere in the project (last dotted segment)."""
    return frozenset(name.rsplit(".", 1)[-1] for vocab in vocabularies.values() for name in vocab.depends)


def _enclosing(vocabulary: Vocabulary, line: int) -> str:
    inside = [d for d in vocabulary.defs if d.start <= line <= d.end]
    return max(inside, key=lambda d: d.start).qualname if inside else ""


def always_pass_checks(path: str, vocabulary: Vocabulary, dependencies: frozenset[str]) -> Iterable[AlwaysPass]:
    """The always-passing security checks of one file, in line order."""
    found: list[AlwaysPass] = []
    for func in vocabulary.defs:
        if func.returns == "always-true" and is_verifier(func):
            found.append(AlwaysPass(path, func.start, func.end, func.qualname, f"`{func.qualname}()` always passes",
                                    f"`{func.qualname}()` returns True on every path without checking anything"))
        elif func.returns == "constant-user" and (func.name in dependencies or AUTH_DEPENDENCY_NAME.search(func.name)):
            found.append(AlwaysPass(path, func.start, func.end, func.qualname,
                                    f"`{func.qualname}()` returns a constant user",
                                    f"auth dependency `{func.qualname}()` returns the same hard-coded user "
                                    "for every request"))
    for option in vocabulary.insecure:
        title, explanation = OPTION_TITLES[option.kind]
        where = f" (in `{option.text}(...)`)" if option.kind != "verify-signature-false" else ""
        found.append(AlwaysPass(path, option.start, option.end, _enclosing(vocabulary, option.start), title,
                                explanation + where))
    return sorted(found, key=lambda item: (item.start, item.title))
