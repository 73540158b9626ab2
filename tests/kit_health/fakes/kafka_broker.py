"""A fake Kafka broker on 127.0.0.1 answering only ApiVersions (v0-v2) and Metadata (v0-v1).

It is a fake because no Kafka server can be installed here: no package registry reachable from
this machine ships a Kafka binary (or the JVM distribution it needs). It speaks just enough of
the Kafka wire protocol for a client's metadata request: one broker (itself), no topics.
"""

from __future__ import annotations

import socketserver
import struct

from tests.kit_health.fakes.loopback import LoopbackServer, read_exact

API_VERSIONS, METADATA = 18, 3
SUPPORTED = {API_VERSIONS: (0, 2), METADATA: (0, 1)}
UNSUPPORTED_VERSION = 35
NODE_ID = 1


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack(">h", len(data)) + data


def api_versions_body(version: int) -> bytes:
    """ApiVersions: our ranges; a request newer than v2 gets the v0 layout with UNSUPPORTED_VERSION (KIP-511)."""
    error = UNSUPPORTED_VERSION if version > SUPPORTED[API_VERSIONS][1] else 0
    body = struct.pack(">hi", error, len(SUPPORTED))
    body += b"".join(struct.pack(">hhh", key, low, high) for key, (low, high) in SUPPORTED.items())
    return body + (struct.pack(">i", 0) if version >= 1 and not error else b"")


def metadata_body(version: int, port: int) -> bytes:
    """Metadata: one broker (this server, also the controller from v1 on) and no topics."""
    broker = struct.pack(">i", NODE_ID) + _string("127.0.0.1") + struct.pack(">i", port)
    if version >= 1:
        broker += struct.pack(">h", -1)  # rack: null
    controller = struct.pack(">i", NODE_ID) if version >= 1 else b""
    return struct.pack(">i", 1) + broker + controller + struct.pack(">i", 0)


class KafkaHandler(socketserver.BaseRequestHandler):
    """Answers framed requests in order until the client hangs up or asks for anything else."""

    def handle(self) -> None:
        while (size := read_exact(self.request, 4)) and (frame := read_exact(self.request, *struct.unpack(">i", size))):
            api_key, version, correlation_id = struct.unpack(">hhi", frame[:8])
            if api_key == API_VERSIONS:
                body = api_versions_body(version)
            elif api_key == METADATA and version <= SUPPORTED[METADATA][1]:
                body = metadata_body(version, self.server.port)
            else:
                return
            self.request.sendall(struct.pack(">ii", len(body) + 4, correlation_id) + body)


def fake_kafka_broker() -> LoopbackServer:
    """A started fake broker; `stop()` it when done."""
    return LoopbackServer(KafkaHandler).start()
