from flask import Flask

app = Flask(__name__)


@app.route("/test/reset", methods=["POST"])
def reset_test_data():
    return "", 204
