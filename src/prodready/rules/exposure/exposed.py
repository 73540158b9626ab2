"""PR201 dev-route-exposed."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DevRouteExposed(Rule):
    """A test, debug or token-minting route mounted unconditionally in the production app.

    What it finds
    Routes that issue a credential without checking one, or whose path, handler name, router,
    prefix, tags or module say test/testing/debug/dev/mock/fake/demo/seed/populate (or whose handler's
    docstring says "development only", "for testing purposes", "not for production"), when the
    chain of mounts from their router to the application (`app.include_router(rbac_test_routes.router,
    prefix="/api/v1")`, `register_blueprint`, Starlette `Mount`, Django `include`) has no
    environment/debug condition, no auth dependency (an `Annotated[..., Depends(auth)]` alias
    included), scope or permission decorator, and the handler (or the helper it hands over to)
    does not refuse outside development or callers off an address allow-list. Issuing a
    credential is decided from what is encoded and where it goes (a JWT with `sub`/`role`/
    `scope`/`exp` claims, `create_access_token`-style helpers of the auth libraries, a session
    login, an API key or password generated and returned, a response carrying `access_token`,
    `refresh_token`, `api_key` or `password`), also one helper deep; page tokens, CSRF tokens,
    ETags, signed download links, hashids and password hashes are not credentials, nor is one the
    service mails or texts (a recovery code) or sends in an outgoing `Authorization` header. A
    route that issues one after verifying one (password, refresh token, OAuth code, SSO assertion, LDAP bind,
    invite or magic-link token, an identity provider's token handed back to it as `Authorization`) is the product's login, unless the caller picks the role or the
    identity is a fixed test one. "test" as a verb on a resource (`/webhooks/{id}/test`,
    `/email/test`) is a feature. Critical when the route issues credentials. Confidence is high
    for credentials and for routers, prefixes, tags or modules that say dev, medium for a word of
    the path, handler name or docstring alone. In code that never ships (examples/, docs/, scripts/,
    tests/, exported notebooks, `__main__`-only prototypes on loopback) it is info.

    Why it matters
    A test token generator reachable in production hands anyone an admin token. Debug and
    mock endpoints leak internals and bypass business rules.

    Example
    ```python
    import jwt
    from fastapi import APIRouter, FastAPI

    router = APIRouter(prefix="/rbac-test")


    @router.get("/generate-tokens")
    async def generate_test_tokens():
        return {"admin": jwt.encode({"role": "admin"}, "secret", algorithm="HS256")}


    app = FastAPI()
    app.include_router(router, prefix="/api/v1")
    ```

    Use instead
    ```python
    import jwt
    from fastapi import APIRouter, Depends, FastAPI

    from prodready_kit.guards import dev_only

    router = APIRouter(prefix="/rbac-test", dependencies=[Depends(dev_only)])


    @router.get("/generate-tokens")
    async def generate_test_tokens():
        return {"admin": jwt.encode({"role": "admin"}, "secret", algorithm="HS256")}


    app = FastAPI()
    app.include_router(router, prefix="/api/v1")
    ```

    Fix
    Unsafe (the routes disappear in production). The codemod adds
    `dependencies=[Depends(prodready_kit.guards.dev_only)]` to the router (FastAPI) or wraps the
    blueprint in `guard_blueprint` (Flask), so the routes answer 404 unless the environment is
    explicitly a development one. Better still, stop mounting them in production code.
    """

    id = "PR201"
    slug = "dev-route-exposed"
    family = "exposure"
    status = "exposed"
    severity = Severity.HIGH
    message = "Test/development route is mounted unconditionally"
    fixable = True
    fix_safety = "unsafe"
    kit_replacement = "prodready_kit.guards.dev_only"
