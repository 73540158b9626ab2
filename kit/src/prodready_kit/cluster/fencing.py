"""Fencing: a resource that refuses writes carrying a fencing token lower than one it has seen."""

from __future__ import annotations

from typing import Any

from prodready_kit.cluster.core import FENCE, text


class StaleFencingToken(Exception):
    """A write came with a fencing token from an older leadership term."""

    def __init__(self, resource: str, token: int, highest: int) -> None:
        super().__init__(f"{resource}: fencing token {token} is stale (already saw {highest})")
        self.token = token
        self.highest = highest


class FencedResource:
    """A value in Redis guarded by fencing tokens: compare-and-set on the highest token seen, in Lua."""

    def __init__(self, client: Any, name: str, *, key_prefix: str = "prodready:fenced") -> None:
        self.name = name
        self._token_key = f"{key_prefix}:{{{name}}}:token"
        self._value_key = f"{key_prefix}:{{{name}}}:value"
        self._client = client
        self._fence = client.register_script(FENCE)

    def admit(self, token: int) -> None:
        """Record `token` for an external write about to happen; StaleFencingToken if it is stale."""
        self._check(token, self._fence(keys=[self._token_key], args=[token]))

    def write(self, token: int, value: str | bytes) -> None:
        """Store `value` atomically with the fencing check; StaleFencingToken if `token` is stale."""
        self._check(token, self._fence(keys=[self._token_key, self._value_key], args=[token, value]))

    def read(self) -> str | None:
        """The last value written with a valid token."""
        value = self._client.get(self._value_key)
        return None if value is None else text(value)

    def _check(self, token: int, reply: list[Any]) -> None:
        accepted, highest = int(reply[0]), int(text(reply[1]))
        if not accepted:
            raise StaleFencingToken(self.name, token, highest)
