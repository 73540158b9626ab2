"""Who may see a probe's details: ready-made `details_policy` functions for every adapter.

A probe always answers with its status code and `{"status": ...}`; the checks, their messages,
durations and observed values go only to callers a policy allows. The request each adapter
passes is read the same way whatever the framework: a Starlette/FastAPI `Request`, an ASGI
scope, a WSGI environ, a Flask request or a Django `HttpRequest`.

    registry_routes = health_router(registry, details_policy=any_of(
        bearer_token(os.environ["HEALTH_TOKEN"]), private_network()))
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

Policy = Callable[[Any], bool]
PRIVATE_NETWORKS = ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",  # loopback, RFC 1918
                    "100.64.0.0/10",  # shared address space (some cluster networks)
                    "::1/128", "fc00::/7")  # IPv6 loopback, unique local


@dataclass(frozen=True)
class Caller:
    """The address and headers of a probe's caller (header names lower-case)."""

    address: str | None
    headers: Mapping[str, str]


def caller_of(request: Any) -> Caller:
    """The caller of a framework request, ASGI scope or WSGI environ."""
    if isinstance(request, Mapping) and "type" in request and "headers" in request:  # ASGI scope
        client = request.get("client") or (None,)
        headers = {bytes(k).decode("latin-1").lower(): bytes(v).decode("latin-1") for k, v in request["headers"]}
        return Caller(client[0], headers)
    if isinstance(request, Mapping):  # WSGI environ
        headers = {key[5:].replace("_", "-").lower(): str(value)
                   for key, value in request.items() if key.startswith("HTTP_")}
        return Caller(request.get("REMOTE_ADDR"), headers)
    headers = {str(k).lower(): str(v) for k, v in getattr(request, "headers", {}).items()}
    if getattr(request, "META", None) is not None:  # Django
        return Caller(request.META.get("REMOTE_ADDR"), headers)
    client = getattr(request, "client", None)  # Starlette
    if client is not None:
        return Caller(client.host, headers)
    return Caller(getattr(request, "remote_addr", None), headers)  # Flask / Werkzeug


def bearer_token(token: str, header: str = "authorization") -> Policy:
    """Allow callers that send `Authorization: Bearer <token>` (or the token in `header`)."""
    if not token:
        raise ValueError("an empty token would allow everyone")
    expected = token.encode()
    name = header.lower()

    def policy(request: Any) -> bool:
        value = caller_of(request).headers.get(name, "")
        given = value[7:] if name == "authorization" and value[:7].lower() == "bearer " else value
        return hmac.compare_digest(given.encode(), expected)
    return policy


def private_network(networks: Iterable[str] = PRIVATE_NETWORKS) -> Policy:
    """Allow callers from loopback and private networks (kubelet, a sidecar), or from `networks`.

    The address is the TCP peer's: behind a proxy every caller has the proxy's address, so
    use `request_header` with a header the ingress sets there instead.
    """
    allowed = [ipaddress.ip_network(n) for n in networks]

    def policy(request: Any) -> bool:
        try:
            ip = ipaddress.ip_address(caller_of(request).address or "")
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip.version == network.version and ip in network for network in allowed)
    return policy


def request_header(name: str, value: str) -> Policy:
    """Allow requests carrying header `name` with `value` (one the ingress sets or strips)."""
    header, expected = name.lower(), value.encode()
    return lambda request: hmac.compare_digest(caller_of(request).headers.get(header, "").encode(), expected)


def any_of(*policies: Policy) -> Policy:
    """Allow a caller any of `policies` allows."""
    return lambda request: any(policy(request) for policy in policies)
