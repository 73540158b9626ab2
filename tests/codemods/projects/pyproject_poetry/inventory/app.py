"""Inventory service."""

from flask import Blueprint, Flask, jsonify

from inventory.db import engine

debug = Blueprint("debug", __name__, url_prefix="/debug")


@debug.route("/reset-stock")
def reset_stock():
    return jsonify({"reset": True})


app = Flask(__name__)
app.register_blueprint(debug)


@app.route("/healthz")
def healthz():
    return jsonify({"status": "ok", "db_connected": engine.pool.status() is not None})
