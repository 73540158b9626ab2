"""Indicators for the libraries services really use, configuration as wiring, and what an area
without a component says (PR404)."""

from __future__ import annotations


def components(result) -> list[tuple[str, str, str, str]]:
    return sorted((f.rule_id, f.area, f.location.label(), f.title)
                  for f in result.findings if f.rule_id in ("PR401", "PR402"))


def area_finding(result, area: str):
    [finding] = [f for f in result.findings if f.rule_id == "PR404" and f.area == area]
    return finding


SETTINGS = '''
INSTALLED_APPS = [
    "django.contrib.auth",
    "rest_framework",
    "rest_framework_simplejwt",
    "waffle",
    "django_prometheus",
    "dbbackup",
    "health_check",
]
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "waffle.middleware.WaffleMiddleware",
]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
}
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.SentinelClient"},
    },
}
'''


def test_installed_apps_and_middleware_are_components_of_their_areas(scan_files) -> None:
    result = scan_files({"shop/settings.py": SETTINGS})
    assert components(result) == [
        ("PR401", "authentication", "shop/settings.py:4", "Django Authentication"),
        ("PR401", "backup-recovery", "shop/settings.py:7", "Database Backups (django-dbbackup)"),
        ("PR401", "health-monitoring", "shop/settings.py:8", "Health Checks (django-health-check, watchman, Dockerflow)"),
        ("PR401", "high-availability", "shop/settings.py:20", "High Availability Settings"),
        ("PR401", "licensing", "shop/settings.py:5", "Feature Flags (django-waffle)"),
        ("PR401", "monitoring", "shop/settings.py:6", "Prometheus Metrics"),
    ]
    auth = next(f for f in result.findings if f.title == "Django Authentication")
    assert auth.details == ("JWT token validation",)
    assert [r.message for r in auth.related] == [
        "JWT token validation: `INSTALLED_APPS=rest_framework_simplejwt`"]


def test_a_jwt_decoded_in_a_plain_function_is_jwt_authentication(scan_files) -> None:
    result = scan_files({"api/tokens.py": '''
        import jwt

        def user_from(header):
            return jwt.decode(header.removeprefix("Bearer "), KEY, algorithms=["RS256"])["sub"]
    '''})
    assert components(result) == [("PR401", "authentication", "api/tokens.py:4", "JWT Authentication")]


def test_flask_login_manager_is_session_authentication(scan_files) -> None:
    result = scan_files({"app/auth.py": '''
        from flask_login import LoginManager

        login_manager = LoginManager()

        @login_manager.user_loader
        def load_user(user_id):
            return User.query.get(user_id)
    '''})
    assert components(result) == [("PR401", "authentication", "app/auth.py:3", "Session Authentication")]


def test_metric_definitions_are_listed_only_without_an_endpoint(scan_files) -> None:
    counters = '''
        from prometheus_client import Counter

        ORDERS = Counter("orders_total", "Orders placed")
    '''
    endpoint = '''
        from flask import Flask
        from prometheus_client import generate_latest

        app = Flask(__name__)

        @app.route("/metrics")
        def metrics():
            return generate_latest()
    '''
    alone = scan_files({"shop/metrics.py": counters})
    assert components(alone) == [("PR401", "monitoring", "shop/metrics.py:3", "Prometheus Metrics")]
    both = scan_files({"shop/metrics.py": counters, "shop/app.py": endpoint})
    assert [c[2] for c in components(both)] == ["shop/app.py:6-8"]


def test_a_dependency_listed_but_never_imported_is_declared_not_wired(scan_files) -> None:
    result = scan_files({"requirements.txt": "flask\nprometheus-client==0.20\n", "app.py": "import flask\n"})
    finding = area_finding(result, "monitoring")
    assert (finding.status, finding.severity.label) == ("declared-not-wired", "low")
    assert finding.details[0] == "prometheus-client declared in requirements.txt:2"
    assert finding.details[-1].startswith("but no component uses it: components Prometheus Metrics, ")
    assert finding.location.label() == "requirements.txt:2"  # at the declaration


def test_an_area_with_nothing_lists_what_was_searched(scan_files) -> None:
    result = scan_files({"requirements.txt": "tenacity\n", "app.py": "import tenacity\n"})
    finding = area_finding(result, "circuit-breaker")  # a retry library is not a breaker
    assert (finding.status, finding.severity.label) == ("missing", "none")
    assert finding.details == (
        "searched components Circuit Breaker (by class, call, module names)",
        "searched imports of pybreaker, aiobreaker, circuitbreaker, purgatory, pycircuitbreaker",
        "searched manifests (requirements.txt) for pybreaker, aiobreaker, circuitbreaker, purgatory-circuitbreaker, "
        "pycircuitbreaker",
    )
    assert not [f for f in result.findings if f.rule_id == "PR404" and f.area in ("health-monitoring", "tracing")]


def test_areas_with_a_component_or_a_rule_of_their_own_get_no_pr404(scan_files) -> None:
    result = scan_files({"shop/settings.py": SETTINGS})
    areas = {f.area for f in result.findings if f.rule_id == "PR404"}
    assert areas == {"load-balancing", "circuit-breaker"}


def test_health_apps_via_dockerflow_middleware(scan_files) -> None:
    result = scan_files({"relay/settings.py": '''
        MIDDLEWARE = ["dockerflow.django.middleware.DockerflowMiddleware"]
    '''})
    assert components(result) == [
        ("PR401", "health-monitoring", "relay/settings.py:1", "Health Checks (django-health-check, watchman, Dockerflow)")]


def test_replica_router_in_database_routers(scan_files) -> None:
    result = scan_files({"cl/settings.py": 'DATABASE_ROUTERS = ["cl.routers.ReplicaRouter"]\n', "cl/routers.py": '''
        class ReplicaRouter:
            def db_for_read(self, model, **hints):
                return "replica" if use_replica() else None
    '''})
    assert components(result) == [
        ("PR401", "high-availability", "cl/routers.py:1-3", "Database Read Replicas"),
        ("PR401", "high-availability", "cl/settings.py:1", "Database Read Replicas"),
    ]


def test_redis_set_nx_lock_function_is_a_distributed_lock(scan_files) -> None:
    result = scan_files({"lib/locks.py": '''
        def acquire_lock(r, key, ttl):
            return r.set(key, "1", nx=True, px=ttl)
    '''})
    assert components(result) == [("PR401", "clustering", "lib/locks.py:1-2", "Distributed Lock")]


def test_tenacity_is_a_bullet_of_a_breaker_not_a_breaker(scan_files) -> None:
    result = scan_files({"clients/breaker.py": '''
        import tenacity

        class CircuitBreaker:
            def __init__(self, failure_threshold=5):
                self.failure_threshold = failure_threshold
                self.fallback = None

            @tenacity.retry(stop=tenacity.stop_after_attempt(3))
            def call(self, func):
                return func()
    '''})
    [breaker] = [f for f in result.findings if f.rule_id == "PR401"]
    assert breaker.details == ("Failure threshold trigger", "Fallback mechanisms", "Retry with backoff")


def test_explain_pr401_says_how_a_pack_decides() -> None:
    from typer.testing import CliRunner

    from prodready.cli import app

    result = CliRunner().invoke(app, ["explain", "PR401"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "How a pack decides:" in text
    assert "an installed app or middleware anchors a component as an import of the library would" in text
    assert "An area with no component at all is PR404, which lists what was searched" in text


def test_a_documented_environment_is_configuration(scan_files) -> None:
    result = scan_files({".env.example": (
        "# copy to .env\n"
        "DATABASE_URL=postgres://app@db/app\n"
        "CELERY_BROKER_URL='sentinel://sentinel-1:26379;sentinel://sentinel-2:26379'\n"
    ), "app.py": "import os\n"})
    assert components(result) == [("PR401", "high-availability", ".env.example:3", "High Availability Settings")]
    [finding] = [f for f in result.findings if f.rule_id == "PR401"]
    assert finding.details == ("Redis Sentinel integration", "Broker failover")


def clustering_components(result) -> list[tuple[str, str, str, str]]:
    return [c for c in components(result) if c[1] == "clustering"]


def test_a_lock_key_added_to_the_shared_cache_is_a_distributed_lock(scan_files) -> None:
    result = scan_files({"app/submissions.py": '''
        from app.cache import cache

        def submit(user, challenge):
            lock_key = f"submission_lock_{user.id}_{challenge.id}"
            if not cache.add(lock_key, 1, timeout=30):
                return "busy"
            try:
                return grade(user, challenge)
            finally:
                cache.delete(lock_key)
    '''})
    assert clustering_components(result) == [("PR401", "clustering", "app/submissions.py:5", "Distributed Lock")]
    [lock] = [f for f in result.findings if f.area == "clustering" and f.rule_id == "PR401"]
    assert lock.details == ("Lock keys in a shared cache",)


def test_a_cache_set_without_a_lock_key_is_not_a_lock(scan_files) -> None:
    result = scan_files({"app/views.py": '''
        from django.core.cache import cache

        def profile(user):
            cache.set(f"profile:{user.id}", render(user), timeout=60)
    '''})
    assert clustering_components(result) == []


def test_a_draft_model_admin_is_not_raft_consensus(scan_files) -> None:
    result = scan_files({"app/admin.py": '''
        class DraftDomainAdmin(ModelAdmin):
            def members(self, obj):
                return obj.members.all()
    '''})
    assert clustering_components(result) == []


def test_gunicorn_statsd_host_is_statsd_metrics(scan_files) -> None:
    result = scan_files({"gunicorn_config.py": 'workers = 4\nstatsd_host = "localhost:8125"\n'})
    assert [c for c in components(result) if c[1] == "monitoring"] == [
        ("PR401", "monitoring", "gunicorn_config.py:2", "StatsD Metrics")]


def test_statsd_host_outside_a_configuration_module_is_not_metrics(scan_files) -> None:
    result = scan_files({"app/utils.py": 'statsd_host = "localhost:8125"\n'})
    assert [c for c in components(result) if c[1] == "monitoring"] == []


BACKUP_CONTROLLER = '''
    router = APIRouter(prefix="/backups")

    class AdminBackupController:
        @router.get("")
        def get_all(self):
            return list_archives()

        @router.post("/{file_name}/restore")
        def import_one(self, file_name):
            return restore_archive(file_name)
'''


def test_a_backup_controller_with_a_restore_route_is_a_backup_api(scan_files) -> None:
    result = scan_files({"app/routes/admin_backups.py": BACKUP_CONTROLLER})
    assert [c for c in components(result) if c[1] == "backup-recovery"] == [
        ("PR401", "backup-recovery", "app/routes/admin_backups.py:3-10", "Backup and Restore API")]


def test_a_backup_controller_that_only_lists_is_not_a_backup_api(scan_files) -> None:
    listing = BACKUP_CONTROLLER.split("        @router.post")[0]
    result = scan_files({"app/routes/admin_backups.py": listing})
    assert [c for c in components(result) if c[1] == "backup-recovery"] == []
