"""Flask shop with a guarded debug blueprint and a guarded demo view; MOUNT_TEST_ROUTER=1 adds an unguarded one."""

import os
import sys

from flask import Blueprint, Flask
from werkzeug.serving import make_server

from prodready_kit.guards import assert_safe_for_production, dev_only_view, guard_blueprint

app = Flask(__name__)


@app.get("/orders")
def list_orders() -> list[str]:
    return ["o-1"]


@app.get("/demo/seed")
@dev_only_view
def seed_demo_data() -> dict:
    return {"seeded": True}


debug = guard_blueprint(Blueprint("debug", __name__, url_prefix="/debug"))


@debug.get("/config")
def show_config() -> dict:
    return {"debug": True}


app.register_blueprint(debug)

if os.environ.get("MOUNT_TEST_ROUTER") == "1":
    tests_blueprint = Blueprint("qa", __name__, url_prefix="/test")

    @tests_blueprint.get("/reset")
    def reset_database() -> dict:
        return {"reset": True}

    app.register_blueprint(tests_blueprint)

assert_safe_for_production(app)

if __name__ == "__main__":
    make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True).serve_forever()
