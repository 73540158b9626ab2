from flask import Flask, jsonify

from .extensions import db, cache

app = Flask(__name__)


@app.route("/healthz")
def healthz():
    return jsonify({"status": "ok", "database": db.engine.pool.status(), "cache_up": cache.ping()})
