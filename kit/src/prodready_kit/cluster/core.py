"""What the sync and asyncio variants share: key names, Lua scripts, lease timing, terms."""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: SET NX PX the lease with a random owner token; on success INCR the term counter and return it
#: as the fencing token, raised to the server clock in milliseconds when it is behind: a counter
#: lost (Redis restarted without persistence) or rolled back (an older snapshot restored) would
#: otherwise hand out tokens already used, so fencing tokens keep increasing across data loss.
ACQUIRE = """
redis.replicate_commands()
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 0
end
local now = redis.call('TIME')
local now_ms = now[1] * 1000 + math.floor(now[2] / 1000)
local token = redis.call('INCR', KEYS[2])
if token < now_ms then
  redis.call('SET', KEYS[2], string.format('%d', now_ms))
  token = now_ms
end
return token
"""

#: Extend the lease only while it still carries our owner token (compare-and-extend).
RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""

#: Delete the lease only while it still carries our owner token (compare-and-delete).
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

#: Accept a fencing token no lower than the highest seen, remember it, optionally store a value.
#: Returns {1, highest} when accepted, {0, highest} when the token is stale. An equal token is
#: accepted on purpose: ACQUIRE hands each term a token no term had before (INCR, never below the
#: clock), so an equal token comes from the same term, i.e. the same holder repeating or retrying
#: its write. Give each election its own resources: tokens of different elections are not comparable.
#: (This holds while the Redis server's clock does not go back across a restore or failover.)
FENCE = """
local highest = tonumber(redis.call('GET', KEYS[1]) or '0')
local token = tonumber(ARGV[1])
if token < highest then
  return {0, string.format('%d', highest)}
end
if token > highest then
  redis.call('SET', KEYS[1], ARGV[1])
end
if #KEYS > 1 then
  redis.call('SET', KEYS[2], ARGV[2])
end
return {1, ARGV[1]}
"""

#: Membership heartbeat: score = server time + ttl in a sorted set, metadata in a hash.
HEARTBEAT = """
redis.replicate_commands()
local now = redis.call('TIME')
local expires = now[1] * 1000 + math.floor(now[2] / 1000) + tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], string.format('%d', expires), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
"""

#: Drop members whose heartbeat expired, then list the live ones with their metadata.
LIVE_MEMBERS = """
redis.replicate_commands()
local now = redis.call('TIME')
local cutoff = string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000))
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff)
for _, member in ipairs(dead) do
  redis.call('ZREM', KEYS[1], member)
  redis.call('HDEL', KEYS[2], member)
end
local result = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  table.insert(result, member)
  table.insert(result, redis.call('HGET', KEYS[2], member) or '{}')
end
return result
"""

#: Leave a membership group.
LEAVE = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
"""


@dataclass(frozen=True)
class LeaseTiming:
    """TTL of the lease; renew every `renew_interval`; give up leadership `renew_deadline` after the
    last successful renewal was sent (before the TTL runs out); followers retry every `retry_interval`."""

    ttl: float
    renew_interval: float
    renew_deadline: float
    retry_interval: float

    @classmethod
    def for_ttl(cls, ttl: float, *, renew_interval: float | None = None, renew_deadline: float | None = None,
                retry_interval: float | None = None) -> LeaseTiming:
        """Defaults in Kubernetes' proportions: deadline 2/3 of the TTL, renewals every TTL/5."""
        renew_interval = renew_interval or ttl / 5
        timing = cls(ttl, renew_interval, renew_deadline or ttl * 2 / 3, retry_interval or renew_interval)
        if not 0 < timing.renew_interval < timing.renew_deadline < timing.ttl:
            raise ValueError("need 0 < renew_interval < renew_deadline < ttl")
        return timing

    @property
    def ttl_ms(self) -> int:
        """The TTL in milliseconds, as Redis wants it."""
        return max(1, int(self.ttl * 1000))


@dataclass(frozen=True)
class LeaseKeys:
    """Redis keys of one election; the hash tag keeps them in one Redis Cluster slot."""

    lease: str
    term: str

    @classmethod
    def for_name(cls, name: str, prefix: str = "prodready:leader") -> LeaseKeys:
        """Keys for the election called `name`."""
        return cls(f"{prefix}:{{{name}}}:lease", f"{prefix}:{{{name}}}:term")


@dataclass(frozen=True)
class Term:
    """One period of leadership: our owner token, the fencing token and the local deadline (monotonic)."""

    owner: str
    fencing_token: int
    deadline: float


def instance_identity() -> str:
    """host:pid, the readable part of owner tokens and member ids."""
    return f"{socket.gethostname()}:{os.getpid()}"


def new_owner_token(identity: str) -> str:
    """A random owner token: nobody else can hold the same one."""
    return f"{identity}:{secrets.token_hex(16)}"


def membership_keys(group: str, prefix: str = "prodready:members") -> tuple[str, str]:
    """(sorted set of member expiries, hash of member metadata) for a group."""
    return f"{prefix}:{{{group}}}:expiry", f"{prefix}:{{{group}}}:meta"


def text(value: bytes | str) -> str:
    """Redis replies as str, whatever the client's decode_responses."""
    return value.decode() if isinstance(value, bytes) else value


class LeaseCandidate:
    """What both election variants hold: identity, timing, keys, the lease scripts and the current term."""

    def __init__(
        self,
        client: Any,
        name: str,
        *,
        ttl: float = 10.0,
        renew_interval: float | None = None,
        renew_deadline: float | None = None,
        retry_interval: float | None = None,
        on_elected: Callable[[int], Any] | None = None,
        on_revoked: Callable[[], Any] | None = None,
        identity: str | None = None,
        key_prefix: str = "prodready:leader",
    ) -> None:
        self.name = name
        self.identity = identity or instance_identity()
        self.timing = LeaseTiming.for_ttl(ttl, renew_interval=renew_interval, renew_deadline=renew_deadline,
                                          retry_interval=retry_interval)
        self._keys = LeaseKeys.for_name(name, key_prefix)
        self._acquire = client.register_script(ACQUIRE)
        self._renew = client.register_script(RENEW)
        self._release = client.register_script(RELEASE)
        self._on_elected = on_elected
        self._on_revoked = on_revoked
        self._term: Term | None = None
        self.last_error: str | None = None

    @property
    def is_leader(self) -> bool:
        """True while this instance holds a lease whose renewal deadline has not passed."""
        return self.fencing_token is not None

    @property
    def fencing_token(self) -> int | None:
        """The current term's fencing token, or None when not (or no longer) leading."""
        term = self._term
        if term is None or time.monotonic() >= term.deadline:
            return None
        return term.fencing_token

    @property
    def running(self) -> bool:
        """True while this instance campaigns (each variant says how)."""
        raise NotImplementedError

    def readiness_check(self, *, require_leader: bool = False) -> Callable[[], Any]:
        """A prodready_kit.health check reporting this instance's leadership."""
        from prodready_kit.cluster.readiness import leadership_check

        return leadership_check(self, require_leader=require_leader)
