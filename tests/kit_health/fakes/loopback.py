"""The base of the wire-protocol fakes: a threaded TCP server on 127.0.0.1 that can drop its clients."""

from __future__ import annotations

import socket
import socketserver
import threading
from typing import Any


class LoopbackServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """Serves `handler` on a free loopback port; `stop()` also cuts the connections clients hold open."""

    daemon_threads = True

    def __init__(self, handler: type[socketserver.BaseRequestHandler]) -> None:
        self.clients: list[socket.socket] = []
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def port(self) -> int:
        """The port it listens on."""
        return self.server_address[1]

    def get_request(self) -> tuple[socket.socket, Any]:
        """Accept a client and remember its socket."""
        client, address = super().get_request()
        self.clients.append(client)
        return client, address

    def start(self) -> LoopbackServer:
        """Serve on a daemon thread; returns self."""
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening and shut every client connection down."""
        self.shutdown()
        self.server_close()
        for client in self.clients:
            try:
                client.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def read_exact(sock: socket.socket, size: int) -> bytes | None:
    """`size` bytes from the socket, or None once the peer has closed it."""
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data
