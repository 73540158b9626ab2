from flask import Blueprint, Flask

debug_bp = Blueprint("debug", __name__, url_prefix="/debug")


@debug_bp.get("/env")
def dump_env():
    return {"env": "dump"}


app = Flask(__name__)
app.register_blueprint(debug_bp)

if __name__ == "__main__":
    app.run()
