from flask import Blueprint, Flask
from prodready_kit.guards import assert_safe_for_production, guard_blueprint

debug_bp = Blueprint("debug", __name__, url_prefix="/debug")
guard_blueprint(debug_bp)


@debug_bp.get("/env")
def dump_env():
    return {"env": "dump"}


app = Flask(__name__)
app.register_blueprint(debug_bp)

assert_safe_for_production(app)

if __name__ == "__main__":
    app.run()
