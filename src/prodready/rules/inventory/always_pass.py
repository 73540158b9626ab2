"""PR403 always-pass-security-check."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class AlwaysPassSecurityCheck(Rule):
    """A security check that always succeeds.

    What it finds
    - a token, signature, password or permission verifier (`verify_token`, `check_signature`,
      `authenticate`, `has_permission`, ...) that returns True on every path and can neither
      fail nor raise (errors swallowed count as success); properties and classes permissive by
      name (`AllowAny`, `Public...`) are left alone;
    - an auth dependency (used in `Depends(...)`, or named `get_current_user`, `verify_*`,
      `authenticate*`) that returns the same literal user for every request;
    - JWT decoding with `options={"verify_signature": False}`, `verify=False`, or with
      `"none"` among the accepted `algorithms`.

    Why it matters
    These are the fakes that hurt most: the code looks protected, tests that send a valid token
    pass, and any forged or unsigned token is accepted in production.

    Example
    ```python
    import jwt


    def verify_token(token: str) -> bool:
        try:
            jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            pass
        return True
    ```

    Use instead
    ```python
    import os

    import jwt


    def verify_token(token: str) -> dict:
        return jwt.decode(
            token,
            os.environ["JWT_SECRET"],
            algorithms=["HS256"],
            options={"require": ["exp", "sub"]},
        )
    ```

    Fix
    No automatic fix: verify the signature with the issuer's key, pin the accepted algorithms,
    let verification errors reach the caller as 401, and build the user from the verified claims.
    """

    id = "PR403"
    slug = "always-pass-security-check"
    family = "inventory"
    status = "fake"
    severity = Severity.HIGH
    message = "Security check always passes"
