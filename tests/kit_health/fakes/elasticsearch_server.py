"""A fake Elasticsearch/OpenSearch node on 127.0.0.1 answering `GET /` and `GET /_cluster/health`.

It is a fake because no Elasticsearch or OpenSearch server can be installed here: no package
registry reachable from this machine ships either (both are JVM distributions downloaded from
their vendors). It answers with the JSON and the `X-Elastic-Product` header elasticsearch-py checks.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

from tests.kit_health.fakes.loopback import LoopbackServer

CLUSTER = "fake-cluster"


class ElasticsearchHandler(BaseHTTPRequestHandler):
    """GET / and GET /_cluster/health; 404 for anything else."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?")[0]
        if path == "/":
            self.send_json(200, {"name": "fake-node", "cluster_name": CLUSTER, "tagline": "You Know, for Search",
                                 "version": {"number": "8.13.0", "build_flavor": "default"}})
        elif path == "/_cluster/health":
            status = self.server.cluster_status
            self.send_json(200, {"cluster_name": CLUSTER, "status": status, "number_of_nodes": 1,
                                 "unassigned_shards": {"green": 0, "yellow": 1, "red": 3}[status]})
        else:
            self.send_json(404, {"error": f"no handler for {path}", "status": 404})

    def send_json(self, code: int, document: dict) -> None:
        """Send a JSON response with the product header."""
        body = json.dumps(document).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


class FakeElasticsearch(LoopbackServer):
    """The fake node; set `cluster_status` to "green", "yellow" or "red"."""

    cluster_status = "green"

    @property
    def url(self) -> str:
        """Its http:// URL."""
        return f"http://127.0.0.1:{self.port}"


def fake_elasticsearch() -> FakeElasticsearch:
    """A started fake node; `stop()` it when done."""
    return FakeElasticsearch(ElasticsearchHandler).start()
