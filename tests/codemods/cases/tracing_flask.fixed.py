from flask import Flask
from prodready_kit.tracing import setup_tracing


def create_app():
    app = Flask(__name__)
    setup_tracing(app, service_name="billing")
    app.config.from_prefixed_env()
    return app
