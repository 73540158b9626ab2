"""Membership: instances register with heartbeats; anyone can list the live ones."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import redis

from prodready_kit.cluster.core import HEARTBEAT, LEAVE, LIVE_MEMBERS, instance_identity, membership_keys, text


@dataclass(frozen=True)
class Member:
    """A live instance and what it registered about itself (address, version, ...)."""

    id: str
    metadata: Mapping[str, str] = field(default_factory=dict)


def parse_members(reply: list[Any]) -> list[Member]:
    """[id, metadata-json, id, metadata-json, ...] -> members."""
    items = [text(value) for value in reply]
    return [Member(items[i], json.loads(items[i + 1])) for i in range(0, len(items), 2)]


class MembershipBase:
    """What the thread and asyncio memberships share: identity, timing, keys and Lua scripts
    (`client` is a redis.Redis or a redis.asyncio.Redis)."""

    def __init__(self, client: Any, group: str, *, member_id: str | None = None, ttl: float = 10.0,
                 heartbeat_interval: float | None = None, metadata: Mapping[str, str] | None = None,
                 key_prefix: str = "prodready:members") -> None:
        self.group = group
        self.member_id = member_id or instance_identity()
        self.ttl = ttl
        self.heartbeat_interval = heartbeat_interval or ttl / 3
        self._metadata = json.dumps(dict(metadata or {}), sort_keys=True)
        self._keys = list(membership_keys(group, key_prefix))
        self._heartbeat = client.register_script(HEARTBEAT)
        self._live = client.register_script(LIVE_MEMBERS)
        self._leave = client.register_script(LEAVE)
        self.last_error: str | None = None

    def _heartbeat_args(self) -> list[Any]:
        """The HEARTBEAT script's arguments: member id, TTL in ms, metadata JSON."""
        return [self.member_id, int(self.ttl * 1000), self._metadata]


class Membership(MembershipBase):
    """Keeps this instance registered in `group` (heartbeat thread) and lists the live members."""

    def __init__(self, client: redis.Redis, group: str, *, member_id: str | None = None, ttl: float = 10.0,
                 heartbeat_interval: float | None = None, metadata: Mapping[str, str] | None = None,
                 key_prefix: str = "prodready:members") -> None:
        super().__init__(client, group, member_id=member_id, ttl=ttl, heartbeat_interval=heartbeat_interval,
                         metadata=metadata, key_prefix=key_prefix)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def heartbeat(self) -> None:
        """Register (again) for one more TTL."""
        self._heartbeat(keys=self._keys, args=self._heartbeat_args())

    def members(self) -> list[Member]:
        """Members whose last heartbeat has not expired, dropping the others."""
        return parse_members(self._live(keys=self._keys))

    def start(self) -> Membership:
        """Register now and keep heartbeating in a daemon thread."""
        self.heartbeat()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name=f"membership-{self.group}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop heartbeating and leave the group."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=self.ttl)
        try:
            self._leave(keys=self._keys, args=[self.member_id])
        except redis.RedisError:
            pass

    def __enter__(self) -> Membership:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stopping.wait(self.heartbeat_interval):
            try:
                self.heartbeat()
                self.last_error = None
            except redis.RedisError as error:
                self.last_error = f"cannot reach Redis: {error}"
