"""PR301/PR302 signals from the ecosystem: Sentry performance tracing, django-flags, home-made
flag tables read at request time, and launcher names matched as whole words."""

from __future__ import annotations

import pytest


def capability(result, rule_id: str):
    [finding] = [f for f in result.findings if f.rule_id == rule_id]
    return finding


FLAGS_SETTINGS = '''
FEATURE_FLAGS = {
    "new_checkout": False,
    "bulk_export": True,
}
'''


def test_a_flag_dict_read_in_a_view_is_present(scan_files) -> None:
    result = scan_files({"shop/settings.py": FLAGS_SETTINGS, "shop/views.py": '''
        from django.conf import settings

        def checkout(request):
            if settings.FEATURE_FLAGS.get("new_checkout"):
                return new_checkout(request)
            return old_checkout(request)
    '''})
    finding = capability(result, "PR302")
    assert finding.status == "present"
    assert finding.details == ("home-made flag settings dict FEATURE_FLAGS (shop/settings.py:1) read in shop/views.py:4",)


def test_a_flag_dict_never_read_says_what_was_found_but_is_missing(scan_files) -> None:
    result = scan_files({"shop/settings.py": FLAGS_SETTINGS, "shop/views.py": "def index(request):\n    return 1\n"})
    finding = capability(result, "PR302")
    assert finding.status == "missing"
    assert finding.details[-1] == "found FEATURE_FLAGS (shop/settings.py:1), a flag settings dict no function reads"


FLAG_MODEL = '''
        from django.db import models

        class FeatureFlag(models.Model):
            name = models.CharField(max_length=64, unique=True)
            enabled = models.BooleanField(default=False)
    '''
FLAG_VIEW = '''
        from .models import FeatureFlag

        def dashboard(request):
            beta = FeatureFlag.objects.filter(name="beta", enabled=True).exists()
            return render(request, "dashboard.html", {"beta": beta})
    '''


def test_a_feature_flag_model_queried_in_a_handler_is_present(scan_files) -> None:
    result = scan_files({"app/models.py": FLAG_MODEL, "app/views.py": FLAG_VIEW})
    assert capability(result, "PR302").status == "present"


def test_a_ctf_flags_model_is_not_a_feature_flag(scan_files) -> None:
    result = scan_files({"ctf/models.py": FLAG_MODEL.replace("FeatureFlag", "Flags"),
                         "ctf/views.py": FLAG_VIEW.replace("FeatureFlag", "Flags")})
    assert capability(result, "PR302").status == "missing"


def test_django_flags_check_is_present(scan_files) -> None:
    result = scan_files({"app/views.py": '''
        from flags.state import flag_enabled

        def home(request):
            return flag_enabled("NEW_HOME", request=request)
    '''})
    assert capability(result, "PR302").details == ("django-flags flag check in app/views.py:4",)


SENTRY = '''
    import sentry_sdk

    sentry_sdk.init(dsn=DSN, traces_sample_rate=0.1)
'''


def test_sentry_with_a_traces_sample_rate_is_tracing(scan_files) -> None:
    assert capability(scan_files({"app/sentry.py": SENTRY}), "PR301").details == (
        "sentry_sdk.init with traces_sample_rate/traces_sampler in app/sentry.py:3",)


def test_sentry_for_errors_only_is_not_tracing(scan_files) -> None:
    errors_only = SENTRY.replace(", traces_sample_rate=0.1", "")
    assert capability(scan_files({"app/sentry.py": errors_only}), "PR301").status == "missing"


@pytest.mark.parametrize("switched_off", ["traces_sample_rate=0", "traces_sample_rate=0.0", "enable_tracing=False"])
def test_sentry_with_tracing_switched_off_is_not_tracing(scan_files, switched_off: str) -> None:
    settings = SENTRY.replace("traces_sample_rate=0.1", f"{switched_off}, profiles_sample_rate=0")
    assert capability(scan_files({"app/sentry.py": settings}), "PR301").status == "missing"


def test_sentry_switched_off_in_one_place_and_on_in_another_is_tracing(scan_files) -> None:
    both = SENTRY + "    sentry_sdk.init(dsn=DSN, traces_sample_rate=0)  # in tests\n"
    assert capability(scan_files({"app/sentry.py": both}), "PR301").status == "present"


def test_sentry_given_a_config_dict_switching_tracing_off_is_not_tracing(scan_files) -> None:
    result = scan_files({"app/settings.py": '''
        import sentry_sdk

        sentry_sdk.init(**{"dsn": DSN, "traces_sample_rate": None})
    '''})
    assert capability(result, "PR301").status == "missing"


def test_an_instrumentation_package_is_not_the_launcher(scan_files) -> None:
    result = scan_files({"requirements.txt": "opentelemetry-instrumentation-django==0.45b0\n", "app.py": "x = 1\n"})
    finding = capability(result, "PR301")
    assert finding.status == "declared-not-wired"
    assert finding.details[0] == "opentelemetry-instrumentation-django declared in requirements.txt:1"


def test_opentelemetry_for_logs_only_is_not_tracing(scan_files) -> None:
    result = scan_files({"requirements.txt": "opentelemetry-sdk==1.24.0\nopentelemetry-exporter-otlp==1.24.0\n",
                         "app/logs.py": '''
        from opentelemetry._logs import set_logger_provider
        from opentelemetry.sdk._logs import LoggerProvider

        set_logger_provider(LoggerProvider())
    '''})
    finding = capability(result, "PR301")
    assert finding.status == "missing"
    assert finding.details[-1] == "opentelemetry is used for logs or metrics only (app/logs.py:1), not for traces"


def test_opentelemetry_declared_and_never_imported_is_still_declared(scan_files) -> None:
    result = scan_files({"requirements.txt": "opentelemetry-sdk==1.24.0\n", "app.py": "import os\n"})
    assert capability(result, "PR301").status == "declared-not-wired"


def test_sentry_given_a_config_dict_with_traces_sample_rate_is_tracing(scan_files) -> None:
    result = scan_files({"app/settings.py": '''
        import sentry_sdk

        sentry_config = {"dsn": DSN, "traces_sample_rate": 0.2}
        sentry_sdk.init(release=RELEASE, **sentry_config)
    '''})
    assert capability(result, "PR301").details == (
        "sentry_sdk.init with traces_sample_rate/traces_sampler in app/settings.py:4",)


def test_an_asyncio_redis_lock_is_clustering(scan_files) -> None:
    result = scan_files({"app/locker.py": '''
        from redis.asyncio.lock import Lock

        async def locked(redis, name):
            lock = Lock(redis, name, timeout=30, blocking_timeout=5)
            return await lock.acquire()
    '''})
    assert capability(result, "PR303").details == ("Redis lock in app/locker.py:4",)


def tracing(result) -> tuple[str, tuple[str, ...]]:
    [finding] = [f for f in result.findings if f.rule_id == "PR301"]
    return finding.status, finding.details


def test_a_tracing_set_up_helper_of_a_wrapper_library_is_wiring(scan_files) -> None:
    result = scan_files({"svc/api.py": """
        from aiohttp import web
        from neuro_logging import init_logging, setup_sentry

        def main():
            init_logging()
            setup_sentry(health_check_url_path="/ping")
            web.run_app(web.Application())
    """})
    assert tracing(result) == (
        "present", ("a tracing library's set-up helper (setup_sentry, init_tracing, ...) in svc/api.py:6",))


def test_an_opentelemetry_instrument_helper_is_wiring_where_opentelemetry_is_imported(scan_files) -> None:
    result = scan_files({
        "manager/server.py": """
            from opentelemetry.instrumentation.aiohttp_server import middleware
            from backend.logging.otel import instrument_aiohttp_server

            def start(app):
                instrument_aiohttp_server()
                app.middlewares.insert(0, middleware)
        """,
        "manager/metrics.py": """
            from backend.metrics import instrument_counter

            instrument_counter("requests")
        """,
        "pyproject.toml": '[project]\\nname = "m"\\ndependencies = ["opentelemetry-instrumentation-aiohttp-server"]\\n',
    })
    assert tracing(result) == (
        "present", ("an OpenTelemetry instrument_*() helper in manager/server.py:5",))


def test_the_services_own_setup_tracing_counts_by_what_it_calls(scan_files) -> None:
    result = scan_files({
        "svc/utils/tracing.py": """
            import uuid

            class Tracing:
                def setup_tracing(self, app):
                    app.before_request(lambda: setattr(g, "request_id", str(uuid.uuid4())))

            def setup_tracing(app):
                Tracing().setup_tracing(app)
        """,
        "svc/app.py": """
            from flask import Flask
            from svc.utils.tracing import setup_tracing

            app = Flask(__name__)
            setup_tracing(app)
        """,
        "requirements.txt": "sentry-sdk\n",
    })
    assert tracing(result)[0] == "missing"


def test_a_helper_that_only_sets_up_logging_is_no_tracing(scan_files) -> None:
    result = scan_files({"svc/api.py": """
        from neuro_logging import init_logging, setup_logging_config

        init_logging()
        setup_logging_config()
    """, "requirements.txt": "opentelemetry-api\n"})
    assert tracing(result)[0] == "declared-not-wired"


def test_newrelic_launched_by_a_cloud_foundry_process_is_wiring(scan_files) -> None:
    result = scan_files({
        "application.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "manifest.yml": """
            applications:
              - name: api
                processes:
                  - type: worker
                    command: newrelic-admin run-program celery -A run_celery worker
        """,
        "pyproject.toml": '[project]\\nname = "api"\\ndependencies = ["newrelic"]\\n',
    })
    assert tracing(result) == (
        "present", ("started with `newrelic-admin run-program` (manifest.yml:5)",))


TRACING_MIDDLEWARE_SETTINGS = '''
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "opencensus.ext.django.middleware.OpencensusMiddleware",
]
'''


def test_a_tracing_middleware_in_django_settings_is_tracing(scan_files) -> None:
    found = capability(scan_files({"site/settings.py": TRACING_MIDDLEWARE_SETTINGS,
                                   "requirements.txt": "django\nopencensus-ext-django\n"}), "PR301")
    assert (found.status, found.details) == ("present", ("OpenCensus Django middleware in site/settings.py:3",))


def test_a_tracing_package_with_a_commented_out_middleware_is_declared_not_wired(scan_files) -> None:
    settings = TRACING_MIDDLEWARE_SETTINGS.replace('    "opencensus', '    # "opencensus')
    found = capability(scan_files({"site/settings.py": settings,
                                   "requirements.txt": "django\nopencensus-ext-django\n"}), "PR301")
    assert found.status == "declared-not-wired"
