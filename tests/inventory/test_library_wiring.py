"""Features a library provides once it is wired (Dockerflow's health endpoints, settings of a
django-configurations class), and look-alikes that only mention the library."""

from __future__ import annotations


def components(result) -> list[tuple[str, str, str, str]]:
    return sorted((f.rule_id, f.area, f.location.label(), f.title)
                  for f in result.findings if f.rule_id in ("PR401", "PR402"))


def only_component(result) -> tuple[str, str, str, tuple[str, ...]]:
    [found] = [f for f in result.findings if f.rule_id in ("PR401", "PR402")]
    return found.area, found.location.label(), found.title, found.details


def test_dockerflow_wrapping_a_flask_or_sanic_app_serves_the_health_endpoints(scan_files) -> None:
    result = scan_files({
        "web/app.py": '''
            from flask import Flask
            from dockerflow.flask import Dockerflow

            app = Flask(__name__)
            dockerflow = Dockerflow(app, db=db)
        ''',
        "edge/app.py": '''
            from sanic import Sanic
            from dockerflow.sanic import Dockerflow

            app = Sanic("edge")
            Dockerflow(app, redis=redis)
        ''',
    })
    assert components(result) == [
        ("PR401", "health-monitoring", "edge/app.py:5", "Health Checks (Dockerflow)"),
        ("PR401", "health-monitoring", "web/app.py:5", "Health Checks (Dockerflow)"),
    ]
    [flask] = [f for f in result.findings if f.rule_id == "PR401" and f.location.label() == "web/app.py:5"]
    assert flask.details == ("Dockerflow endpoints (/__heartbeat__ and /__lbheartbeat__)",)


def test_the_dockerflow_fastapi_router_counts_once_included(scan_files) -> None:
    result = scan_files({"svc/main.py": '''
        from fastapi import FastAPI
        from dockerflow.fastapi import router as dockerflow_router

        app = FastAPI()
        app.include_router(dockerflow_router)
    '''})
    assert components(result) == [("PR401", "health-monitoring", "svc/main.py:5", "Health Checks (Dockerflow)")]


def test_dockerflow_logging_middleware_alone_is_no_health_endpoint(scan_files) -> None:
    result = scan_files({"svc/main.py": '''
        from fastapi import FastAPI
        from dockerflow.fastapi.middleware import MozlogRequestSummaryLogger
        from svc.orders import router

        app = FastAPI()
        app.add_middleware(MozlogRequestSummaryLogger)
        app.include_router(router)
    '''})
    assert [f for f in result.findings if f.area == "health-monitoring" and f.rule_id == "PR401"] == []


def test_settings_of_a_django_configurations_class_are_configuration(scan_files) -> None:
    result = scan_files({"drive/settings.py": '''
        from configurations import Configuration

        class Base(Configuration):
            MIDDLEWARE = [
                "django.contrib.sessions.middleware.SessionMiddleware",
                "dockerflow.django.middleware.DockerflowMiddleware",
            ]
            INSTALLED_APPS = ["dockerflow.django", "rest_framework"]

        class Helper:
            INSTALLED_APPS = ["health_check"]
    '''})
    assert components(result) == [
        ("PR401", "health-monitoring", "drive/settings.py:6", "Health Checks (django-health-check, watchman, Dockerflow)"),
    ]


def test_an_entitlements_backend_is_licensing_and_a_stub_one_a_placeholder(scan_files) -> None:
    result = scan_files({
        "core/entitlements/deploycenter.py": '''
            class DeployCenterEntitlementsBackend(EntitlementsBackend):
                def can_upload(self, user):
                    state = self._remote(user)
                    return state["quota"] > state["used"]

                def get_user_quota(self, user):
                    return self._remote(user)["quota"]
        ''',
        "core/entitlements/dummy.py": '''
            class DummyEntitlementsBackend:
                def can_upload(self, user):
                    return True
        ''',
    })
    assert components(result) == [
        ("PR401", "licensing", "core/entitlements/deploycenter.py:1-7", "Entitlements Backend"),
        ("PR402", "licensing", "core/entitlements/dummy.py:1-3", "Entitlements Backend"),
    ]


def test_a_health_probe_running_registered_checkers_is_component_health_monitoring(scan_files) -> None:
    result = scan_files({
        "common/health/probe.py": '''
            @dataclass
            class HealthProbeOptions:
                check_interval: float = 60.0

            class HealthProbe:
                def __init__(self, options):
                    self._liveness = set()
                    self._options = options

                async def register_liveness(self, checker):
                    self._liveness.add(checker)

                async def check_all(self):
                    return [await c.check() for c in self._liveness]
        ''',
        "common/health/result.py": '''
            class HealthProbeResult:
                def register_liveness(self, name):
                    self.names.append(name)
        ''',
    })
    assert only_component(result) == ("health-monitoring", "common/health/probe.py:5-14", "Component Health Monitoring",
                                      ("Component-specific health checks", "Periodic background checks"))


def test_an_applications_own_export_and_import_are_backup_and_restore(scan_files) -> None:
    result = scan_files({
        "docs/management/commands/document_exporter.py": '''
            from django.core import serializers
            from django.core.management.base import BaseCommand

            class Command(BaseCommand):
                def handle(self, *args, **options):
                    with open(options["target"], "w") as out:
                        out.write(serializers.serialize("json", Document.objects.all()))
        ''',
        "ctf/utils/exports/__init__.py": '''
            def export_ctf():
                return zip_tables(db.tables)

            def import_ctf(backup, erase=True):
                load_tables(backup, erase)
        ''',
        "hub/dbutil.py": '''
            import shutil

            def backup_db_file(db_file):
                shutil.copy(db_file, db_file + ".bak")
        ''',
        "shop/management/commands/export_orders.py": '''
            import csv

            def export_orders(path):
                csv.writer(open(path, "w")).writerows(Order.rows())
        ''',
        "shop/dbtools.py": '''
            def backup_settings(values):
                return dict(values)
        ''',
    })
    assert components(result) == [
        ("PR401", "backup-recovery", "ctf/utils/exports/__init__.py:1-5", "Data Export and Restore"),
        ("PR401", "backup-recovery", "docs/management/commands/document_exporter.py:1-7", "Data Export and Restore"),
        ("PR401", "backup-recovery", "hub/dbutil.py:3-4", "Backup Command"),
    ]


def test_a_home_made_circuit_opened_checked_and_closed_is_a_circuit_breaker(scan_files) -> None:
    result = scan_files({
        "billing/api.py": '''
            KEY = "billing_circuit_open"

            def _is_billing_circuit_open():
                return bool(redis_client.exists(KEY))

            def _open_billing_circuit():
                redis_client.set(KEY, "1", ex=3600)

            def _close_billing_circuit():
                redis_client.delete(KEY)

            def billing_info():
                if _is_billing_circuit_open():
                    return None
                try:
                    return stripe_client.fetch()
                except ConnectionError:
                    _open_billing_circuit()
                    raise
        ''',
        "power/grid.py": '''
            def open_relay_circuit(relay):
                relay.switch(False)

            def maintenance(relay):
                open_relay_circuit(relay)
        ''',
    })
    assert components(result) == [("PR401", "circuit-breaker", "billing/api.py:18", "Circuit Breaker")]


def test_a_dns_lookup_is_not_declared_service_discovery(scan_files) -> None:
    result = scan_files({"auth/domains.py": '''
        import dns.resolver

        def verified(domain, token):
            return any(token in r.to_text() for r in dns.resolver.resolve(domain, "TXT"))
    '''})
    [finding] = [f for f in result.findings if f.rule_id == "PR404" and f.area == "load-balancing"]
    assert finding.status == "missing"


def test_aiohttp_security_checks_in_handlers_are_authentication(scan_files) -> None:
    result = scan_files({
        "disks/api.py": '''
            from aiohttp import web
            from aiohttp_security import check_authorized
            from vendor_auth.security import setup_security

            async def get_disk(request):
                user = await check_authorized(request)
                return web.json_response({"owner": user})

            async def create_app(config):
                app = web.Application()
                await setup_security(app=app, auth_client=config.auth_client)
                return app
        ''',
        "disks/types.py": '''
            from aiohttp_security import AbstractAuthorizationPolicy

            POLICY = AbstractAuthorizationPolicy
        ''',
    })
    assert only_component(result) == ("authentication", "disks/api.py:6", "Authentication Policy (aiohttp-security)",
                                      ("Security policy set up (aiohttp-security)", "Requests checked for an identity and permissions"))


def test_a_proxy_whose_routing_table_is_kept_in_sync_is_dynamic_routing(scan_files) -> None:
    result = scan_files({
        "hub/proxy.py": '''
            class Proxy:
                async def add_route(self, routespec, target, data):
                    await self.api_request(routespec, method="POST", body={"target": target, **data})

                async def delete_route(self, routespec):
                    await self.api_request(routespec, method="DELETE")

                async def get_all_routes(self):
                    return await self.api_request("")

                async def check_routes(self, users):
                    routes = await self.get_all_routes()
                    for user in users:
                        if user.url not in routes:
                            await self.add_route(user.url, user.server, {})
        ''',
        "web/proxy.py": '''
            class Proxy:
                def add_route(self, path, handler):
                    self.routes[path] = handler
        ''',
    })
    assert components(result) == [("PR401", "load-balancing", "hub/proxy.py:1-15", "Dynamic Proxy Routing")]
