"""Leader election on Redis (threaded): lease with renewal, fencing tokens, clean hand-over."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from prodready_kit.cluster.core import (
    LeaseCandidate,
    Term,
    new_owner_token,
)

logger = logging.getLogger(__name__)


def client_for_election(url: str, ttl: float) -> redis.Redis:
    """A Redis client whose calls give up well inside the renewal deadline, without hidden retries."""
    timeout = max(0.05, ttl / 5)
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                retry=Retry(NoBackoff(), 0))


class LeaderElection(LeaseCandidate):
    """Campaign for the lease `name` in a background thread; at most one instance leads at a time.

    `is_leader` and `fencing_token` turn false/None as soon as the renewal deadline passes, which
    is before the lease's TTL runs out in Redis, so a leader stops acting before another can start.
    Pass the fencing token with every write to a shared resource (see FencedResource).
    A timer armed at the term's deadline ends the term (and calls `on_revoked`) even while a
    renewal hangs on an unresponsive Redis; give the client a socket timeout (client_for_election)
    so the election thread itself does not hang. Callbacks run on the election thread or that
    timer's thread: keep them short.
    """

    def __init__(self, client: redis.Redis, name: str, **options: Any) -> None:
        """Campaign for `name` on `client`; options as for LeaseCandidate (ttl, intervals, callbacks, identity)."""
        super().__init__(client, name, **options)
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._watchdog: threading.Timer | None = None

    @classmethod
    def from_url(cls, url: str, name: str, **options: Any) -> LeaderElection:
        """An election with a client tuned for it (see client_for_election)."""
        return cls(client_for_election(url, options.get("ttl", 10.0)), name, **options)

    @property
    def running(self) -> bool:
        """True while the election thread campaigns."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> LeaderElection:
        """Start campaigning in a daemon thread."""
        if not self.running:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name=f"leader-election-{self.name}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop campaigning and resign: release the lease so another instance can lead right away."""
        self._stopping.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=self.timing.ttl)
        term = self._term
        if term is not None:
            self._end_term(term, "resigned")

    resign = stop

    def install_signal_handler(self, signum: int = signal.SIGTERM) -> None:
        """Resign on `signum` (SIGTERM by default), then do what the previous handler did."""
        previous = signal.getsignal(signum)

        def resign_then_continue(received: int, frame: Any) -> None:
            self.stop()
            if callable(previous):
                previous(received, frame)
            elif previous == signal.SIG_DFL:
                signal.signal(received, signal.SIG_DFL)
                os.kill(os.getpid(), received)

        signal.signal(signum, resign_then_continue)

    def __enter__(self) -> LeaderElection:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stopping.is_set():
            term = self._term
            if term is None:
                self._campaign()
                delay = self.timing.retry_interval if self._term is None else self.timing.renew_interval
            else:
                self._renew_or_end(term)
                current = self._term
                delay = self.timing.retry_interval if current is None else min(
                    self.timing.renew_interval, max(0.0, current.deadline - time.monotonic()))
            self._stopping.wait(delay)

    def _campaign(self) -> None:
        owner = new_owner_token(self.identity)
        sent = time.monotonic()
        try:
            fencing_token = int(self._acquire(keys=[self._keys.lease, self._keys.term],
                                              args=[owner, self.timing.ttl_ms]))
        except redis.RedisError as error:
            self.last_error = f"cannot reach Redis: {error}"
            return
        self.last_error = None
        if not fencing_token:
            return
        term = Term(owner, fencing_token, sent + self.timing.renew_deadline)
        if time.monotonic() >= term.deadline or self._stopping.is_set():
            self._release_quietly(term)
            return
        with self._lock:
            self._term = term
            self._arm_watchdog(term.deadline - time.monotonic())
        logger.info("%s: elected leader of %s (fencing token %d)", self.identity, self.name, fencing_token)
        self._call(self._on_elected, fencing_token)

    def _renew_or_end(self, term: Term) -> None:
        sent = time.monotonic()
        if sent >= term.deadline:
            self._end_term(term, "lease not renewed before its deadline")
            return
        try:
            renewed = self._renew(keys=[self._keys.lease], args=[term.owner, self.timing.ttl_ms])
        except redis.RedisError as error:
            self.last_error = f"cannot renew the lease: {error}"
            return
        self.last_error = None
        if not renewed:
            self._end_term(term, "lease taken by another instance")
        elif time.monotonic() >= term.deadline:
            self._end_term(term, "lease renewed after its deadline")
        else:
            with self._lock:
                if self._term is term:
                    self._term = Term(term.owner, term.fencing_token, sent + self.timing.renew_deadline)

    def _arm_watchdog(self, delay: float) -> None:
        timer = threading.Timer(max(0.0, delay), self._watch_deadline)
        timer.daemon = True
        self._watchdog = timer
        timer.start()

    def _watch_deadline(self) -> None:
        """Timer thread: at the term's deadline end it, unless a renewal moved the deadline on."""
        with self._lock:
            term = self._term
            if term is None:
                return
            remaining = term.deadline - time.monotonic()
            if remaining > 0:
                self._arm_watchdog(remaining)
                return
        self._end_term(term, "lease not renewed before its deadline")

    def _end_term(self, term: Term, reason: str) -> None:
        with self._lock:
            if self._term is not term:
                return
            self._term = None
            if self._watchdog is not None:
                self._watchdog.cancel()
        logger.warning("%s: no longer leader of %s: %s", self.identity, self.name, reason)
        self._call(self._on_revoked)
        self._release_quietly(term)

    def _release_quietly(self, term: Term) -> None:
        """Compare-and-delete: frees the lease at once if it is still ours; never raises."""
        try:
            self._release(keys=[self._keys.lease], args=[term.owner])
        except redis.RedisError:
            pass

    @staticmethod
    def _call(callback: Callable[..., Any] | None, *args: Any) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:
            logger.exception("leader election callback %r failed", callback)
