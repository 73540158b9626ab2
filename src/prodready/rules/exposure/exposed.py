"""PR201 dev-route-exposed."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DevRouteExposed(Rule):
    """A test, debug or token-minting route mounted unconditionally in the production app.

    What it finds
    Routes that mint tokens or credentials without checking any (`jwt.encode`,
    `create_access_token`, signing helpers, also one helper call deep), or whose path, handler
    name, router, tags or module say test/testing/debug/dev/mock/fake/demo, when the chain of
    mounts from their router to the application (`app.include_router(rbac_test_routes.router,
    prefix="/api/v1")`, `register_blueprint`, Starlette `Mount`, Django `include`) has no
    environment/debug condition and no auth dependency. Critical when the route mints tokens.

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
