from flask import Flask, jsonify

from .extensions import db, cache
from prodready_kit.health import HealthRegistry
from prodready_kit.health.flask import health_blueprint, readiness_response

app = Flask(__name__)


health_registry = HealthRegistry()


@health_registry.check("database")
def _check_database():
    return bool(db.engine.pool.status())


@health_registry.check("cache")
def _check_cache():
    return bool(cache.ping())


health_registry.mark_started()


@app.route("/healthz")
def healthz():
    return readiness_response(health_registry)


app.register_blueprint(health_blueprint(health_registry, include_root=False))
