from flask import Flask
from prodready_kit.guards import assert_safe_for_production, dev_only_view

app = Flask(__name__)


@app.route("/test/reset", methods=["POST"])
@dev_only_view
def reset_test_data():
    return "", 204


assert_safe_for_production(app)
