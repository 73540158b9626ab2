"""Issue 13: minting is issuing a credential (what is encoded, where it goes), a login that verifies
a credential is authentication, "test" as a verb on a resource is a feature, gates inside handler
bodies count, and every finding says how sure it is. Exact rule, file, line, status, severity."""

from __future__ import annotations

import pytest

from prodready.model.findings import Confidence, Finding, Severity

MAIN = """\
    from fastapi import FastAPI

    import routes

    app = FastAPI()
    app.include_router(routes.router)
    """


def exposure(findings: list[Finding]) -> set[tuple[str, str, int, str, str]]:
    """(rule, path, line, status, severity) of the exposure family's route findings."""
    return {(f.rule_id, f.location.path, f.location.start_line, f.status, f.severity.label)
            for f in findings if f.family == "exposure"}


def routes_module(body: str) -> dict[str, str]:
    """A routes.py whose router is mounted unconditionally by main.py."""
    header = "import jwt\nimport secrets\nfrom fastapi import APIRouter, HTTPException\n\nrouter = APIRouter()\n\n\n"
    return {"routes.py": header + body, "main.py": MAIN}


NOT_MINTING = {
    "page token from a helper": '''\
def encode_page_token(offset):
    return jwt.encode({"offset": offset}, "k", algorithm="HS256")


@router.get("/items")
def items():
    return {"items": [], "next_page_token": encode_page_token(50)}
''',
    "jwt cursor with non-credential claims": '''\
@router.get("/feed")
def feed():
    return {"cursor": jwt.encode({"after": 10, "v": 1}, "k", algorithm="HS256")}
''',
    "csrf token": '''\
@router.get("/form")
def form():
    return {"csrf_token": secrets.token_urlsafe(32)}
''',
    "oauth state": '''\
@router.get("/connect")
def connect():
    state = secrets.token_hex(16)
    return {"authorize_url": f"https://idp.example/authorize?state={state}"}
''',
    "password hashing": '''\
def hash_password(password):
    return "bcrypt$" + password


@router.post("/users/{email}")
def create_user(email: str, body: dict):
    return {"email": email, "password_hash": hash_password(body["pw"])}
''',
}


@pytest.mark.parametrize("body", NOT_MINTING.values(), ids=NOT_MINTING.keys())
def test_encoding_something_is_not_issuing_a_credential(scan_files, body: str) -> None:
    assert exposure(scan_files(routes_module(body))) == set()


MINTING = {
    "jwt with identity claims": '''\
@router.post("/token")
def token(user: str):
    return {"token": jwt.encode({"sub": user, "exp": 9}, "k", algorithm="HS256")}
''',
    "auth-library helper": '''\
from flask_jwt_extended import create_access_token


@router.post("/token")
def token(user: str):
    return {"token": create_access_token(identity=user)}
''',
    "api key generated and returned": '''\
@router.post("/keys")
def new_key():
    api_key = secrets.token_urlsafe(32)
    return {"id": 1, "api_key": api_key}
''',
    "jwt issued beside a call made with the service's own token": '''\
@router.post("/token")
def token(user: str):
    requests.post("https://audit.example", headers={"Authorization": f"Bearer {settings.audit_token}"})
    return {"token": jwt.encode({"sub": user, "exp": 9}, "k", algorithm="HS256")}
''',
    "credential in the response": '''\
from vault import fetch_service_credentials


@router.get("/service-credentials")
def service_credentials():
    return {"refresh_token": fetch_service_credentials().refresh}
''',
}


@pytest.mark.parametrize("body", MINTING.values(), ids=MINTING.keys())
def test_issuing_a_credential_without_checking_one_is_critical(scan_files, body: str) -> None:
    found = exposure(scan_files(routes_module(body)))
    assert len(found) == 1
    rule, path, _line, status, severity = found.pop()
    assert (rule, path, status, severity) == ("PR201", "routes.py", "exposed", "critical")


LOGINS = {
    "password compared": '''\
PASSWORD = "from-env"


@router.post("/login")
def login(body: dict):
    if body["user"] != "admin" or body.get("password") != PASSWORD:
        raise HTTPException(status_code=401)
    return {"access_token": jwt.encode({"sub": body["user"]}, "k", algorithm="HS256")}
''',
    "refresh token decoded": '''\
@router.post("/refresh")
def refresh(refresh_token: str):
    claims = jwt.decode(refresh_token, "k", algorithms=["HS256"])
    return {"access_token": jwt.encode({"sub": claims["sub"]}, "k", algorithm="HS256")}
''',
    "oauth code exchange": '''\
from providers import oauth


@router.get("/callback")
async def callback(request):
    token = await oauth.google.authorize_access_token(request)
    return {"access_token": jwt.encode({"sub": token["userinfo"]["email"]}, "k", algorithm="HS256")}
''',
    "invite token validated one helper deep": '''\
def validate_token(token):
    return jwt.decode(token, "k", algorithms=["HS256"])["sub"]


def accept(token):
    user = validate_token(token)
    return {"access_token": jwt.encode({"sub": user}, "k", algorithm="HS256")}


@router.get("/invite/{token}")
def invite(token: str):
    return accept(token)
''',
    "social sign-in with the provider's token": '''\
from providers import google_userinfo, keys


@router.post("/auth/google")
def auth_google(data: dict):
    user_info = google_userinfo(token=data.get("google_token"))
    return {"api_key": keys.create(user_info["email"])}
''',
    "SSO token checked by its issuer, one helper deep": '''\
import httpx


async def login_microsoft(access_token: str):
    async with httpx.AsyncClient() as client:
        response = await client.get("https://graph.microsoft.com/v1.0/me",
                                    headers={"Authorization": f"Bearer {access_token}"})
    if response.status_code != 200:
        raise HTTPException(status_code=401)
    return {"access_token": create_access_token(subject=response.json()["id"])}


@router.post("/login/microsoft")
async def microsoft(payload: dict):
    return await login_microsoft(payload["access_token"])
''',
    "sign-up for the account it creates": '''\
from providers import accounts


@router.post("/accounts/register")
def register(body: dict):
    team = accounts.insert(body["username"])
    return {"token": secrets.token_urlsafe(32), "team": team}
''',
}


@pytest.mark.parametrize("body", LOGINS.values(), ids=LOGINS.keys())
def test_the_products_own_login_is_authentication(scan_files, body: str) -> None:
    assert exposure(scan_files(routes_module(body))) == set()


def test_a_login_issuing_a_role_the_caller_picks_stays_critical(scan_files) -> None:
    findings = scan_files(routes_module('''\
@router.post("/login")
def login(password: str, user: str, role: str = "member"):
    if password != "from-env":
        raise HTTPException(status_code=401)
    return {"access_token": jwt.encode({"sub": user, "role": role}, "k", algorithm="HS256")}
'''))
    assert exposure(findings) == {("PR201", "routes.py", 8, "exposed", "critical")}


def test_a_login_issuing_a_fixed_test_identity_stays_critical(scan_files) -> None:
    findings = scan_files(routes_module('''\
@router.post("/login")
def login(password: str):
    if password != "letmein":
        raise HTTPException(status_code=401)
    return {"access_token": jwt.encode({"sub": "test-admin", "exp": 9}, "k", algorithm="HS256")}
'''))
    assert exposure(findings) == {("PR201", "routes.py", 8, "exposed", "critical")}


@pytest.mark.parametrize("path", [
    "/connections/{connection_id}/test", "/webhooks/{hook_id}/test", "/email/test",
    "/integrations/slack/test-message", "/notifications/send-test",
])
def test_test_as_a_verb_on_a_resource_is_a_feature(scan_files, path: str) -> None:
    findings = scan_files(routes_module(f'''\
@router.post("{path}")
def test_it():
    return {{"sent": True}}
'''))
    assert exposure(findings) == set()


@pytest.mark.parametrize(("path", "confidence"), [
    ("/test/email", Confidence.MEDIUM), ("/grants/test", Confidence.MEDIUM), ("/debug/{key}", Confidence.MEDIUM),
])
def test_a_route_named_test_is_a_dev_route_of_medium_confidence(scan_files, path: str, confidence: Confidence) -> None:
    findings = scan_files(routes_module(f'''\
@router.post("{path}")
def check():
    return {{"ok": True}}
'''))
    assert exposure(findings) == {("PR201", "routes.py", 8, "exposed", "high")}
    assert [f.confidence for f in findings if f.rule_id == "PR201"] == [confidence]


def test_a_router_that_says_debug_is_a_dev_route_of_high_confidence(scan_files) -> None:
    findings = scan_files({
        "routes.py": 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/debug")\n\n\n'
                     '@router.get("/state")\ndef state():\n    return {}\n',
        "main.py": MAIN,
    })
    assert exposure(findings) == {("PR201", "routes.py", 6, "exposed", "high")}
    assert [f.confidence for f in findings if f.rule_id == "PR201"] == [Confidence.HIGH]


@pytest.mark.parametrize("body", [
    '''\
@router.post("/dev/login/{email}")
def dev_login(email: str):
    if not settings.DEV_AUTH_ENABLED:
        raise HTTPException(status_code=404)
    return {"access_token": jwt.encode({"sub": email}, "k", algorithm="HS256")}
''',
    '''\
@router.post("/dev/login/{email}")
def dev_login(email: str):
    return _login(email)


def _login(email):
    if settings.DEV_AUTH_ENABLED:
        return {"access_token": jwt.encode({"sub": email}, "k", algorithm="HS256")}
    else:
        raise HTTPException(status_code=404)
''',
], ids=["in the handler", "one helper deep"])
def test_a_gate_inside_the_handler_body_counts(scan_files, body: str) -> None:
    files = routes_module("from config import settings\n\n\n" + body)
    files["config.py"] = "class settings:\n    DEV_AUTH_ENABLED = False\n"
    findings = scan_files(files)
    assert exposure(findings) == {("PR202", "routes.py", 11, "gated", "info")}
    assert "DEV_AUTH_ENABLED" in next(f for f in findings if f.rule_id == "PR202").message


def test_every_finding_has_a_confidence(scan_files) -> None:
    findings = scan_files({**routes_module('''\
@router.post("/token")
def token(user: str):
    return {"token": jwt.encode({"sub": user, "exp": 9}, "k", algorithm="HS256")}
'''), "web.py": "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n"})
    assert findings and all(isinstance(f.confidence, Confidence) for f in findings)
    minted = next(f for f in findings if f.rule_id == "PR201")
    assert (minted.severity, minted.confidence) == (Severity.CRITICAL, Confidence.HIGH)


SIGNED_IN_CHECKS = {
    "request.user refused with 401": '''\
@router.get("/debug/echo")
def debug_echo(request):
    if not request.user:
        raise HTTPException(status_code=401)
    return {"user": request.user}
''',
    "bearer credentials dependency refused with HTTP_401_UNAUTHORIZED": '''\
from fastapi import Depends, status
from fastapi.security import HTTPBearer

security = HTTPBearer(auto_error=False)


@router.get("/debug/auth0")
def auth0_debug(credentials=Depends(security)):
    if not credentials:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED)
    return {"claims": credentials.credentials}
''',
}


@pytest.mark.parametrize("body", SIGNED_IN_CHECKS.values(), ids=SIGNED_IN_CHECKS.keys())
def test_a_handler_refusing_callers_not_signed_in_is_gated(scan_files, body: str) -> None:
    found = exposure(scan_files(routes_module(body)))
    assert [(rule, status, severity) for rule, _path, _line, status, severity in found] == [
        ("PR202", "gated", "info")]


def test_an_api_key_for_a_caller_the_body_checks_is_not_minting(scan_files) -> None:
    findings = scan_files(routes_module('''\
@router.post("/agents")
def create_agent(request):
    if not hasattr(request, "user") or not request.user:
        return {"error": "unauthorized"}, 401
    return {"api_key": secrets.token_urlsafe(32)}
'''))
    assert exposure(findings) == set()


def test_a_dev_login_refusing_unknown_users_with_401_stays_critical(scan_files) -> None:
    findings = scan_files(routes_module('''\
USERS = {"alice": 1}


@router.post("/login-as/{name}")
def login_as(name: str):
    user = USERS.get(name)
    if not user:
        raise HTTPException(status_code=401)
    return {"access_token": jwt.encode({"sub": name}, "k", algorithm="HS256")}
'''))
    assert exposure(findings) == {("PR201", "routes.py", 11, "exposed", "critical")}


def test_a_sign_up_granting_the_role_the_caller_picks_stays_critical(scan_files) -> None:
    findings = scan_files(routes_module('''\
@router.post("/signup")
def signup(body: dict):
    return {"access_token": jwt.encode({"sub": body["email"], "role": body["role"]}, "k", algorithm="HS256")}
'''))
    assert exposure(findings) == {("PR201", "routes.py", 8, "exposed", "critical")}


def test_a_method_of_an_admin_controller_class_is_gated(scan_files) -> None:
    findings = scan_files(routes_module('''\
from controllers import BaseAdminController, controller

debug_router = APIRouter(prefix="/debug")
router.include_router(debug_router)


@controller(debug_router)
class AdminDebugController(BaseAdminController):
    @debug_router.post("/openai")
    async def debug_openai(self):
        return {"ok": True}
'''))
    found = exposure(findings)
    assert [(rule, status, severity) for rule, _path, _line, status, severity in found] == [
        ("PR202", "gated", "info")]
