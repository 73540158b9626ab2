"""The settings words of a file: what Django settings, app.config, config classes and pydantic
settings assign, as the packs' `settings` matchers see them."""

from __future__ import annotations

import ast
import textwrap

from prodready.rules.inventory.settings import setting_words


def words(source: str) -> dict[str, list[int]]:
    return setting_words(ast.parse(textwrap.dedent(source)))


def test_django_settings_lists_dicts_and_later_edits():
    found = words("""
        INSTALLED_APPS = [
            "django.contrib.auth",
            "waffle",
        ]
        REST_FRAMEWORK = {
            "DEFAULT_AUTHENTICATION_CLASSES": ("rest_framework_simplejwt.authentication.JWTAuthentication",),
        }
        if METRICS:
            INSTALLED_APPS += ["django_prometheus"]
            MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
        CACHES["default"]["OPTIONS"] = {"CLIENT_CLASS": "django_redis.client.SentinelClient"}
        DATABASE_ROUTERS: list[str] = ["app.routers.ReplicaRouter"]
    """)
    assert found["INSTALLED_APPS=waffle"] == [4]
    assert found["INSTALLED_APPS=django_prometheus"] == [10]
    assert found["MIDDLEWARE=django_prometheus.middleware.PrometheusBeforeMiddleware"] == [11]
    assert found["REST_FRAMEWORK.DEFAULT_AUTHENTICATION_CLASSES=rest_framework_simplejwt.authentication.JWTAuthentication"] == [7]
    assert "CACHES.default.OPTIONS.CLIENT_CLASS=django_redis.client.SentinelClient" in found
    assert found["DATABASE_ROUTERS=app.routers.ReplicaRouter"] == [13]


def test_flask_config_celery_conf_and_config_classes():
    found = words("""
        def create_app():
            app = Flask(__name__)
            app.config["JWT_SECRET_KEY"] = os.environ["JWT_SECRET_KEY"]
            app.config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_SENTINELS=[("s1", 26379)])
            celery.conf.broker_transport_options = {"master_name": "mymaster"}
            return app

        class ProductionConfig:
            BROKER_URL = "amqp://a//;amqp://b//"
    """)
    assert "JWT_SECRET_KEY" in found
    assert found["CACHE_TYPE=RedisCache"] == [5]
    assert "CACHE_REDIS_SENTINELS" in found
    assert "broker_transport_options.master_name" in found
    assert found["BROKER_URL=amqp://a//;amqp://b//"] == [10]


def test_pydantic_settings_fields_are_their_environment_keys():
    found = words("""
        class Settings(BaseSettings):
            redis_sentinel_hosts: list[str] = []
            statsd_host: str = "localhost"
            _private: int = 1
    """)
    assert {"REDIS_SENTINEL_HOSTS", "STATSD_HOST", "STATSD_HOST=localhost"} <= set(found)
    assert "_PRIVATE" not in found


def test_urlpatterns_count_but_ordinary_variables_do_not():
    found = words("""
        urlpatterns = [path("metrics/", include("django_prometheus.urls"))]
        logger = logging.getLogger("django_prometheus")
        def view(request):
            local = "waffle"
    """)
    assert found["urlpatterns=django_prometheus.urls"] == [2]
    assert not any(word.startswith(("logger", "local")) for word in found)


def test_a_configuration_module_counts_its_lower_case_names():
    source = """
        broker_url = "amqp://a//;amqp://b//"
        def task_routes():
            local = "x"
    """
    assert "broker_url=amqp://a//;amqp://b//" in setting_words(ast.parse(textwrap.dedent(source)), "proj/celeryconfig.py")
    assert "broker_url" not in words(source)
    assert "local" not in setting_words(ast.parse(textwrap.dedent(source)), "proj/celeryconfig.py")
