from flask import Flask, jsonify
from prodready_kit.health import HealthRegistry
from prodready_kit.health.flask import health_blueprint, liveness_response

from .extensions import db, cache

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
    return liveness_response(health_registry)


app.register_blueprint(health_blueprint(health_registry, include_root=False))
