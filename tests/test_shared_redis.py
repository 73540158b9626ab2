"""The shared redis_server fixture really runs Redis and counts commands."""

import socket


def test_redis_server_counts_pings(redis_server):
    with socket.create_connection(("127.0.0.1", redis_server.port), timeout=2) as sock:
        sock.sendall(b"PING\r\n")
        assert sock.recv(64) == b"+PONG\r\n"
    assert redis_server.command_calls("ping") == 1
