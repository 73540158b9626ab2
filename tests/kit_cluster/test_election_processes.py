"""Leader election across real processes sharing a real redis-server."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis

from prodready_kit.cluster import FencedResource, Membership, StaleFencingToken

WORKER = Path(__file__).with_name("worker.py")
TTL = 1.0
RENEW_INTERVAL = TTL / 5
LEASE_KEY = "prodready:leader:{jobs}:lease"
SCHEDULING_SLACK = 1.5  # process start-up and a loaded machine, on top of TTL + one renewal interval


@dataclass
class Worker:
    """One worker process and the events it printed, in order."""

    id: str
    process: subprocess.Popen
    events: "queue.Queue[tuple[float, list[str]]]" = field(default_factory=queue.Queue)
    history: list[list[str]] = field(default_factory=list)

    def read_events(self) -> None:
        for line in self.process.stdout:
            self.events.put((time.monotonic(), line.split()))

    def drain(self) -> None:
        while True:
            try:
                self.history.append(self.events.get_nowait()[1])
            except queue.Empty:
                return

    @property
    def leading(self) -> bool:
        """Its last leadership event was `elected`."""
        self.drain()
        changes = [event for event in self.history if event[0] in ("elected", "revoked")]
        return bool(changes) and changes[-1][0] == "elected"

    @property
    def token(self) -> int:
        self.drain()
        return int([event for event in self.history if event[0] == "elected"][-1][1])

    def saw(self, word: str) -> bool:
        self.drain()
        return any(event[0] == word for event in self.history)


@pytest.fixture
def start_workers(redis_server) -> Iterator:
    started: list[Worker] = []

    def start(count: int, *extra: str, ttl: float = TTL) -> list[Worker]:
        for index in range(count):
            worker_id = f"worker-{len(started)}"
            process = subprocess.Popen(
                [sys.executable, str(WORKER), "--url", redis_server.url, "--id", worker_id, "--ttl", str(ttl), *extra],
                stdout=subprocess.PIPE, text=True,
            )
            worker = Worker(worker_id, process)
            threading.Thread(target=worker.read_events, daemon=True).start()
            started.append(worker)
        wait_until(lambda: all(w.saw("ready") for w in started), timeout=30)
        return started

    yield start
    for worker in started:
        if worker.process.poll() is None:
            os.kill(worker.process.pid, signal.SIGCONT)
            worker.process.kill()
        worker.process.wait()


@pytest.fixture
def client(redis_server) -> redis.Redis:
    return redis.Redis.from_url(redis_server.url, decode_responses=True)


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def leaders(workers: list[Worker]) -> list[Worker]:
    return [w for w in workers if w.process.poll() is None and w.leading]


def test_one_leader_then_failover_after_kill_9(start_workers, client) -> None:
    workers = start_workers(3)
    wait_until(lambda: len(leaders(workers)) == 1)
    for _ in range(5):
        current = leaders(workers)
        assert len(current) == 1
        assert client.get(LEASE_KEY).startswith(f"{current[0].id}:")
        time.sleep(0.1)
    membership = Membership(client, "workers", ttl=TTL)
    assert sorted(m.id for m in membership.members()) == ["worker-0", "worker-1", "worker-2"]

    old = leaders(workers)[0]
    old_token = old.token
    old.process.send_signal(signal.SIGKILL)
    old.process.wait()
    wait_until(lambda: len(leaders(workers)) == 1, timeout=TTL + RENEW_INTERVAL + SCHEDULING_SLACK)
    new = leaders(workers)[0]
    assert new is not old
    assert new.token > old_token
    wait_until(lambda: old.id not in {m.id for m in membership.members()}, timeout=TTL * 3)
    assert len(membership.members()) == 2


def test_frozen_leader_learns_it_lost_and_its_token_is_rejected(start_workers, client) -> None:
    workers = start_workers(2)
    wait_until(lambda: len(leaders(workers)) == 1)
    frozen = leaders(workers)[0]
    other = next(w for w in workers if w is not frozen)
    stale_token = frozen.token
    orders = FencedResource(client, "orders")
    orders.write(stale_token, f"written by {frozen.id}")

    frozen.process.send_signal(signal.SIGSTOP)
    wait_until(lambda: other.leading, timeout=TTL * 4)
    assert other.token > stale_token
    orders.write(other.token, f"written by {other.id}")

    frozen.process.send_signal(signal.SIGCONT)
    wait_until(lambda: frozen.saw("revoked"))
    assert not frozen.leading
    with pytest.raises(StaleFencingToken, match=f"fencing token {stale_token} is stale"):
        orders.write(stale_token, f"late write by {frozen.id}")
    assert orders.read() == f"written by {other.id}"
    assert len(leaders(workers)) == 1


def test_leader_again_after_redis_restart(start_workers, redis_server) -> None:
    workers = start_workers(2)
    wait_until(lambda: len(leaders(workers)) == 1)
    before = leaders(workers)[0]
    token_before = before.token

    redis_server.kill()
    wait_until(lambda: before.saw("revoked"), timeout=TTL * 4)
    assert leaders(workers) == []
    redis_server.start()
    wait_until(lambda: len(leaders(workers)) == 1, timeout=TTL * 6)
    assert leaders(workers)[0].token > token_before


def test_sigterm_resigns_and_releases_the_lease(start_workers, client) -> None:
    workers = start_workers(2, "--sigterm", ttl=5.0)
    wait_until(lambda: len(leaders(workers)) == 1)
    leader = leaders(workers)[0]
    leader.process.send_signal(signal.SIGTERM)
    assert leader.process.wait(timeout=10) == -signal.SIGTERM
    holder = client.get(LEASE_KEY)
    assert holder is None or not holder.startswith(f"{leader.id}:")
    wait_until(lambda: leader.saw("revoked"))
