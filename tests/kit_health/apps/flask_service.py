"""Flask service on a threaded werkzeug server: python flask_service.py PORT."""

import sys

from flask import Flask
from service_health import burst, probes, show_details
from werkzeug.serving import make_server

from prodready_kit.health.flask import health_blueprint, readiness_response

probes.mark_started()
app = Flask(__name__)
app.register_blueprint(health_blueprint(probes, details_policy=show_details))
app.register_blueprint(health_blueprint(burst, url_prefix="/burst", name="burst_health"))


@app.get("/healthz")
def existing_health_endpoint():
    """An existing view that now returns the registry's readiness (what the codemod writes)."""
    return readiness_response(probes)


if __name__ == "__main__":
    make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True).serve_forever()
