"""Dev-only routes answer 404 in production, and unguarded test routes stop production start-up."""

from __future__ import annotations

import httpx
import pytest

SHOPS = {
    "fastapi": ("asgi", "fastapi_shop"),
    "flask": ("wsgi", "flask_shop"),
    "django": ("wsgi", "django_shop"),
}
GUARDED_PATHS = {"fastapi": ["/debug/config"], "flask": ["/debug/config", "/demo/seed"],
                 "django": ["/debug/config"]}


@pytest.mark.slow
@pytest.mark.parametrize("framework", SHOPS)
def test_environment_unset_hides_dev_routes(framework, serve):
    service = serve(*SHOPS[framework])
    assert service.returncode is None, service.output()
    with httpx.Client(base_url=service.url, timeout=5) as client:
        assert client.get("/orders").status_code == 200
        for path in GUARDED_PATHS[framework]:
            assert (path, client.get(path).status_code) == (path, 404)


@pytest.mark.slow
def test_sales_form_and_admin_only_debug_page_do_not_stop_production(serve):
    service = serve(*SHOPS["fastapi"])
    assert service.returncode is None, service.output()
    with httpx.Client(base_url=service.url, timeout=5) as client:
        assert client.post("/api/v1/demo-requests").json() == {"booked": True}
        assert client.get("/admin/debug/cache").status_code == 401
        assert client.get("/admin/debug/cache", headers={"Authorization": "Bearer admin"}).json() == {"entries": 3}


@pytest.mark.slow
@pytest.mark.parametrize(("framework", "environment"), [
    ("fastapi", {}), ("flask", {}), ("django", {}), ("fastapi", {"PRODREADY_ENV": "staging"})],
    ids=["fastapi-unset", "flask-unset", "django-unset", "fastapi-unknown"])
def test_unguarded_test_router_refuses_to_start_in_production(framework, environment, serve):
    service = serve(*SHOPS[framework], MOUNT_TEST_ROUTER="1", **environment)
    service.process.wait(timeout=30)
    assert service.returncode != 0
    output = service.output()
    assert "UnsafeRoutesError" in output
    assert "/test/reset" in output
    assert "/debug/config" not in output  # guarded routes are allowed


@pytest.mark.slow
@pytest.mark.parametrize(("framework", "environment"), [
    ("fastapi", {"PRODREADY_ENV": "development"}), ("flask", {"PRODREADY_ENV": "development"}),
    ("django", {"PRODREADY_ENV": "development"}), ("flask", {"APP_ENV": "local"})],
    ids=["fastapi", "flask", "django", "flask-APP_ENV"])
def test_development_environment_serves_dev_and_test_routes(framework, environment, serve):
    service = serve(*SHOPS[framework], MOUNT_TEST_ROUTER="1", **environment)
    assert service.returncode is None, service.output()
    with httpx.Client(base_url=service.url, timeout=5) as client:
        for path in ["/orders", "/test/reset", *GUARDED_PATHS[framework]]:
            assert (path, client.get(path).status_code) == (path, 200)
