"""A fake MongoDB server on 127.0.0.1 answering `hello`/`isMaster`, `ping` and any other command with ok.

It is a fake because no MongoDB server can be installed here: no package registry reachable from
this machine ships mongod (Debian dropped it; PyPI has no server wheel). It speaks the wire
protocol a driver uses for commands: OP_QUERY (the legacy handshake) answered with OP_REPLY, and
OP_MSG answered with OP_MSG. BSON comes from pymongo's own `bson` package.
"""

from __future__ import annotations

import datetime
import socketserver
import struct
from typing import Any

import bson

from tests.kit_health.fakes.loopback import LoopbackServer, read_exact

OP_REPLY, OP_QUERY, OP_MSG = 1, 2004, 2013


def hello_reply() -> dict[str, Any]:
    """A standalone primary speaking MongoDB 7.0's wire version, without streaming monitoring."""
    return {"ok": 1.0, "isWritablePrimary": True, "ismaster": True, "minWireVersion": 0, "maxWireVersion": 21,
            "maxBsonObjectSize": 16 * 1024 * 1024, "maxMessageSizeBytes": 48_000_000, "maxWriteBatchSize": 100_000,
            "logicalSessionTimeoutMinutes": 30, "connectionId": 1,
            "localTime": datetime.datetime.now(datetime.timezone.utc)}


def query_document(op_code: int, payload: bytes) -> dict[str, Any]:
    """The command document of an OP_QUERY or of an OP_MSG's body section (kind 0, right after the flags)."""
    if op_code == OP_MSG:
        return bson.decode(payload[5:5 + struct.unpack("<i", payload[5:9])[0]])
    collection_end = payload.index(b"\0", 4) + 1 + 8  # flags, cstring collection name, skip, return
    return bson.decode(payload[collection_end:collection_end + struct.unpack("<i", payload[collection_end:][:4])[0]])


def framed(op_code: int, request_id: int, document: dict[str, Any]) -> bytes:
    """A reply to request `request_id`: OP_REPLY to OP_QUERY, OP_MSG to OP_MSG."""
    encoded = bson.encode(document)
    if op_code == OP_MSG:
        body, reply_code = struct.pack("<IB", 0, 0) + encoded, OP_MSG
    else:
        body, reply_code = struct.pack("<iqii", 0, 0, 0, 1) + encoded, OP_REPLY
    return struct.pack("<iiii", 16 + len(body), request_id, request_id, reply_code) + body


class MongoHandler(socketserver.BaseRequestHandler):
    """Answers each message in order until the client hangs up."""

    def handle(self) -> None:
        while (header := read_exact(self.request, 16)) is not None:
            length, request_id, _, op_code = struct.unpack("<iiii", header)
            payload = read_exact(self.request, length - 16)
            if payload is None:
                return
            command = next(iter(query_document(op_code, payload))).lower()
            self.request.sendall(framed(op_code, request_id, self.server.reply(command)))


class FakeMongoServer(LoopbackServer):
    """The fake server; set `ping_error` to make `ping` answer {ok: 0, errmsg: ping_error}."""

    ping_error: str | None = None

    def reply(self, command: str) -> dict[str, Any]:
        """The reply document for a command name."""
        if command in ("hello", "ismaster"):
            return hello_reply()
        if command == "ping" and self.ping_error:
            return {"ok": 0.0, "errmsg": self.ping_error, "code": 13, "codeName": "Unauthorized"}
        return {"ok": 1.0}


def fake_mongodb_server() -> FakeMongoServer:
    """A started fake server; `stop()` it when done."""
    return FakeMongoServer(MongoHandler).start()
