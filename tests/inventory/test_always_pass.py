"""PR403: security checks that always pass, and look-alikes that must stay quiet."""

from __future__ import annotations

import pytest


def always_pass(result) -> list[tuple[str, int, int, str, str]]:
    return [(f.location.path, f.location.start_line, f.location.end_line, f.symbol, f.title)
            for f in result.findings if f.rule_id == "PR403"]


FLAGGED = {
    "returns-true": ("""
        def verify_token(token: str) -> bool:
            # TODO: check the signature
            return True
    """, [("auth.py", 1, 3, "verify_token", "`verify_token()` always passes")]),
    "swallowed-error": ("""
        import jwt

        SECRET = "s"


        def validate_jwt(token):
            try:
                jwt.decode(token, SECRET, algorithms=["HS256"])
            except jwt.PyJWTError:
                pass
            return True
    """, [("auth.py", 6, 11, "validate_jwt", "`validate_jwt()` always passes")]),
    "method-with-token-parameter": ("""
        import logging


        class SignatureChecker:
            def verify(self, payload, signature):
                logging.info("checking %s", signature)
                return True
    """, [("auth.py", 5, 7, "SignatureChecker.verify", "`SignatureChecker.verify()` always passes")]),
    "verify-signature-false": ("""
        import jwt


        def read_claims(token):
            return jwt.decode(token, options={"verify_signature": False})
    """, [("auth.py", 5, 5, "read_claims", "JWT signature verification disabled")]),
    "algorithm-none": ("""
        import jwt


        def read_claims(token, key):
            return jwt.decode(token, key, algorithms=["HS256", "none"])
    """, [("auth.py", 5, 5, "read_claims", "JWT 'none' algorithm accepted")]),
    "verify-false": ("""
        import jwt


        def read_claims(token):
            return jwt.decode(token, verify=False)
    """, [("auth.py", 5, 5, "read_claims", "JWT verification disabled")]),
    "constant-current-user": ("""
        from fastapi import Depends
        from fastapi.security import OAuth2PasswordBearer

        oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


        async def get_current_user(token: str = Depends(oauth2_scheme)):
            if not token:
                raise ValueError("no token")
            return {"username": "admin", "roles": ["admin"]}
    """, [("auth.py", 7, 10, "get_current_user", "`get_current_user()` returns a constant user")]),
    "constant-user-dependency": ("""
        from dataclasses import dataclass

        from fastapi import Depends, FastAPI

        app = FastAPI()


        @dataclass
        class User:
            id: int
            name: str


        def who_is_calling():
            return User(id=1, name="admin")


        @app.get("/me")
        def me(user: User = Depends(who_is_calling)):
            return user
    """, [("auth.py", 14, 15, "who_is_calling", "`who_is_calling()` returns a constant user")]),
}

QUIET = {
    "exception-propagates": """
        import jwt


        def verify_token(token, key):
            jwt.decode(token, key, algorithms=["HS256"])
            return True
    """,
    "can-return-false": """
        import hmac


        def check_signature(payload, signature, key):
            if not signature:
                return False
            return True
    """,
    "health-check-returns-true": """
        def check_disk():
            return True
    """,
    "settings-dependency": """
        from fastapi import Depends, FastAPI

        app = FastAPI()


        def get_settings():
            return {"debug": False, "region": "eu"}


        @app.get("/settings")
        def settings(values=Depends(get_settings)):
            return values
    """,
    "real-current-user": """
        import jwt


        def get_current_user(token, key):
            claims = jwt.decode(token, key, algorithms=["RS256"])
            return {"username": claims["sub"]}
    """,
}


@pytest.mark.parametrize("case", sorted(FLAGGED))
def test_always_pass_checks_are_flagged(case: str, scan_files) -> None:
    source, expected = FLAGGED[case]
    result = scan_files({"auth.py": source})
    assert always_pass(result) == expected
    assert {f.severity.label for f in result.findings if f.rule_id == "PR403"} == {"high"}
    assert {f.area for f in result.findings if f.rule_id == "PR403"} == {"authentication"}


@pytest.mark.parametrize("case", sorted(QUIET))
def test_real_checks_are_not_flagged(case: str, scan_files) -> None:
    assert always_pass(scan_files({"auth.py": QUIET[case]})) == []


def test_always_pass_in_tests_is_ignored(scan_files) -> None:
    source, _ = FLAGGED["returns-true"]
    assert always_pass(scan_files({"tests/test_auth.py": source, "conftest.py": source})) == []


def test_permissive_by_name_classes_and_properties_are_not_flagged(scan_files) -> None:
    source = """
        class BasePermission:
            pass


        class AllowAny(BasePermission):
            def has_permission(self, request, view):
                return True


        class IsOwner(BasePermission):
            def has_permission(self, request, view):
                return True


        class User:
            @property
            def is_authenticated(self):
                return True
    """
    assert always_pass(scan_files({"permissions.py": source})) == [
        ("permissions.py", 11, 12, "IsOwner.has_permission", "`IsOwner.has_permission()` always passes"),
    ]
