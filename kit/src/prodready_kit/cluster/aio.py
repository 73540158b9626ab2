"""asyncio variants: leader election, membership and fenced resources on redis.asyncio."""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import redis
import redis.asyncio

from prodready_kit.cluster.core import (
    FENCE,
    LeaseCandidate,
    Term,
    new_owner_token,
    text,
)
from prodready_kit.cluster.fencing import StaleFencingToken
from prodready_kit.cluster.membership import Member, MembershipBase, parse_members

logger = logging.getLogger(__name__)


class AsyncLeaderElection(LeaseCandidate):
    """LeaderElection for asyncio: the same lease, deadlines and callbacks (which may be coroutines).

    Every Redis call is bounded by `asyncio.wait_for`: a renewal that has not answered by the term's
    deadline ends the term (and calls `on_revoked`) even when Redis hangs without closing the socket.
    """

    def __init__(self, client: redis.asyncio.Redis, name: str, **options: Any) -> None:
        """Campaign for `name` on `client`; options as for LeaseCandidate (ttl, intervals, callbacks, identity)."""
        super().__init__(client, name, **options)
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """True while the election task campaigns."""
        return self._task is not None and not self._task.done()

    async def start(self) -> AsyncLeaderElection:
        """Start campaigning in a task of the running loop."""
        if not self.running:
            self._task = asyncio.create_task(self._run(), name=f"leader-election-{self.name}")
        return self

    async def stop(self) -> None:
        """Stop campaigning and resign, releasing the lease."""
        await _cancelled(self._task)
        term = self._term
        if term is not None:
            await self._end_term(term, "resigned")

    resign = stop

    async def __aenter__(self) -> AsyncLeaderElection:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def _run(self) -> None:
        while True:
            term = self._term
            if term is None:
                await self._campaign()
                delay = self.timing.retry_interval if self._term is None else self.timing.renew_interval
            else:
                await self._renew_or_end(term)
                current = self._term
                delay = self.timing.retry_interval if current is None else min(
                    self.timing.renew_interval, max(0.0, current.deadline - time.monotonic()))
            await asyncio.sleep(delay)

    async def _campaign(self) -> None:
        owner = new_owner_token(self.identity)
        sent = time.monotonic()
        try:
            fencing_token = int(await asyncio.wait_for(
                self._acquire(keys=[self._keys.lease, self._keys.term], args=[owner, self.timing.ttl_ms]),
                self.timing.renew_deadline))
        except redis.RedisError as error:
            self.last_error = f"cannot reach Redis: {error}"
            return
        except asyncio.TimeoutError:
            self.last_error = "cannot reach Redis: no answer within the renewal deadline"
            return
        self.last_error = None
        if not fencing_token:
            return
        term = Term(owner, fencing_token, sent + self.timing.renew_deadline)
        if time.monotonic() >= term.deadline:
            await self._release_quietly(term)
            return
        self._term = term
        logger.info("%s: elected leader of %s (fencing token %d)", self.identity, self.name, fencing_token)
        await self._call(self._on_elected, fencing_token)

    async def _renew_or_end(self, term: Term) -> None:
        sent = time.monotonic()
        if sent >= term.deadline:
            await self._end_term(term, "lease not renewed before its deadline")
            return
        try:
            renewed = await asyncio.wait_for(
                self._renew(keys=[self._keys.lease], args=[term.owner, self.timing.ttl_ms]), term.deadline - sent)
        except redis.RedisError as error:
            self.last_error = f"cannot renew the lease: {error}"
            return
        except asyncio.TimeoutError:
            self.last_error = "cannot renew the lease: no answer before the deadline"
            await self._end_term(term, "lease not renewed before its deadline")
            return
        self.last_error = None
        if not renewed:
            await self._end_term(term, "lease taken by another instance")
        elif time.monotonic() >= term.deadline:
            await self._end_term(term, "lease renewed after its deadline")
        elif self._term is term:
            self._term = Term(term.owner, term.fencing_token, sent + self.timing.renew_deadline)

    async def _end_term(self, term: Term, reason: str) -> None:
        if self._term is not term:
            return
        self._term = None
        logger.warning("%s: no longer leader of %s: %s", self.identity, self.name, reason)
        await self._call(self._on_revoked)
        await self._release_quietly(term)

    async def _release_quietly(self, term: Term) -> None:
        """Compare-and-delete, waiting at most a renewal interval; never raises."""
        try:
            await asyncio.wait_for(self._release(keys=[self._keys.lease], args=[term.owner]),
                                   self.timing.renew_interval)
        except (redis.RedisError, asyncio.TimeoutError):
            pass

    @staticmethod
    async def _call(callback: Callable[..., Any] | None, *args: Any) -> None:
        if callback is None:
            return
        try:
            result = callback(*args)
            if inspect.isawaitable(result):
                await result
        except Exception:
            logger.exception("leader election callback %r failed", callback)


class AsyncMembership(MembershipBase):
    """Membership for asyncio: heartbeat task plus live-member listing."""

    def __init__(self, client: redis.asyncio.Redis, group: str, *, member_id: str | None = None,
                 ttl: float = 10.0, heartbeat_interval: float | None = None,
                 metadata: Mapping[str, str] | None = None, key_prefix: str = "prodready:members") -> None:
        super().__init__(client, group, member_id=member_id, ttl=ttl, heartbeat_interval=heartbeat_interval,
                         metadata=metadata, key_prefix=key_prefix)
        self._task: asyncio.Task[None] | None = None

    async def heartbeat(self) -> None:
        """Register (again) for one more TTL."""
        await self._heartbeat(keys=self._keys, args=self._heartbeat_args())

    async def members(self) -> list[Member]:
        """Members whose last heartbeat has not expired."""
        return parse_members(await self._live(keys=self._keys))

    async def start(self) -> AsyncMembership:
        """Register now and keep heartbeating in a task."""
        await self.heartbeat()
        self._task = asyncio.create_task(self._run(), name=f"membership-{self.group}")
        return self

    async def stop(self) -> None:
        """Stop heartbeating and leave the group."""
        await _cancelled(self._task)
        try:
            await self._leave(keys=self._keys, args=[self.member_id])
        except redis.RedisError:
            pass

    async def __aenter__(self) -> AsyncMembership:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_interval)
            try:
                await self.heartbeat()
                self.last_error = None
            except redis.RedisError as error:
                self.last_error = f"cannot reach Redis: {error}"


class AsyncFencedResource:
    """FencedResource for asyncio."""

    def __init__(self, client: redis.asyncio.Redis, name: str, *, key_prefix: str = "prodready:fenced") -> None:
        self.name = name
        self._token_key = f"{key_prefix}:{{{name}}}:token"
        self._value_key = f"{key_prefix}:{{{name}}}:value"
        self._client = client
        self._fence = client.register_script(FENCE)

    async def admit(self, token: int) -> None:
        """Record `token` for an external write; StaleFencingToken if it is stale."""
        self._check(token, await self._fence(keys=[self._token_key], args=[token]))

    async def write(self, token: int, value: str | bytes) -> None:
        """Store `value` atomically with the fencing check; StaleFencingToken if `token` is stale."""
        self._check(token, await self._fence(keys=[self._token_key, self._value_key], args=[token, value]))

    async def read(self) -> str | None:
        """The last value written with a valid token."""
        value = await self._client.get(self._value_key)
        return None if value is None else text(value)

    def _check(self, token: int, reply: list[Any]) -> None:
        accepted, highest = int(reply[0]), int(text(reply[1]))
        if not accepted:
            raise StaleFencingToken(self.name, token, highest)


async def _cancelled(task: asyncio.Task[None] | None) -> None:
    """Cancel a background task (if any) and wait until it has finished."""
    if task is not None:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
