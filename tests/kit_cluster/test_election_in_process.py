"""Readiness, membership, fencing and the asyncio variant, against a real redis-server."""

from __future__ import annotations

import asyncio
import time

import pytest
import redis
import redis.asyncio

from prodready_kit.cluster import FencedResource, LeaderElection, LeaseTiming, Membership, StaleFencingToken
from prodready_kit.cluster.aio import AsyncFencedResource, AsyncLeaderElection, AsyncMembership
from prodready_kit.health import Status

TTL = 1.0


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


async def wait_until_async(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


@pytest.fixture
def client(redis_server) -> redis.Redis:
    return redis.Redis.from_url(redis_server.url, decode_responses=True)


def test_readiness_check_reports_leadership(client) -> None:
    events: list[str] = []
    first = LeaderElection(client, "reports", ttl=TTL, identity="first",
                           on_elected=lambda token: events.append(f"first elected {token}"),
                           on_revoked=lambda: events.append("first revoked"))
    second = LeaderElection(client, "reports", ttl=TTL, identity="second")
    assert first.readiness_check()().status is Status.FAIL
    with first:
        wait_until(lambda: first.is_leader)
        with second:
            wait_until(lambda: second.last_error is None and second.running)
            wait_until(lambda: second.readiness_check()().observed_value == "follower")
            leader_check, follower_check = first.readiness_check()(), second.readiness_check()()
            assert (leader_check.status, leader_check.observed_value) == (Status.PASS, "leader")
            assert leader_check.message == f"leader of reports (fencing token {first.fencing_token})"
            assert (follower_check.status, follower_check.observed_value) == (Status.PASS, "follower")
            assert second.readiness_check(require_leader=True)().status is Status.FAIL
            token = first.fencing_token
            first.stop()
            assert events == [f"first elected {token}", "first revoked"]
            wait_until(lambda: second.is_leader)
            assert second.fencing_token > token


def test_follower_warns_when_redis_is_unreachable(redis_server) -> None:
    from prodready_kit.cluster import client_for_election

    election = LeaderElection(client_for_election(redis_server.url, TTL), "warns", ttl=TTL)
    with election:
        wait_until(lambda: election.is_leader)
        redis_server.kill()
        wait_until(lambda: not election.is_leader, timeout=2 * TTL)
        wait_until(lambda: election.readiness_check()().status is Status.WARN)
        assert "cannot" in election.readiness_check()().message


def test_membership_lists_live_members_with_metadata(client) -> None:
    with Membership(client, "api", member_id="a", ttl=TTL, metadata={"address": "10.0.0.1:8000"}):
        with Membership(client, "api", member_id="b", ttl=TTL) as b:
            assert {(m.id, m.metadata.get("address")) for m in b.members()} == {("a", "10.0.0.1:8000"), ("b", None)}
        assert [m.id for m in Membership(client, "api", ttl=TTL).members()] == ["a"]


def test_fenced_resource_accepts_equal_and_higher_tokens_only(client) -> None:
    resource = FencedResource(client, "ledger")
    resource.write(5, "five")
    resource.write(5, "five again")
    resource.admit(7)
    with pytest.raises(StaleFencingToken, match="fencing token 6 is stale \\(already saw 7\\)"):
        resource.write(6, "six")
    assert resource.read() == "five again"


def test_lease_timing_keeps_the_deadline_inside_the_ttl() -> None:
    timing = LeaseTiming.for_ttl(3.0)
    assert timing.renew_interval < timing.renew_deadline < timing.ttl
    with pytest.raises(ValueError):
        LeaseTiming.for_ttl(1.0, renew_deadline=1.5)


def test_asyncio_variant(redis_server) -> None:
    async def scenario() -> None:
        client = redis.asyncio.Redis.from_url(redis_server.url, decode_responses=True)
        revoked: list[str] = []

        async def on_revoked() -> None:
            revoked.append("revoked")

        elections = [AsyncLeaderElection(client, "async-jobs", ttl=TTL, identity=f"e{i}", on_revoked=on_revoked)
                     for i in range(2)]
        async with AsyncMembership(client, "async", member_id="m", ttl=TTL) as membership:
            assert [m.id for m in await membership.members()] == ["m"]
        for election in elections:
            await election.start()
        await wait_until_async(lambda: any(e.is_leader for e in elections))
        await asyncio.sleep(0.3)
        assert sum(e.is_leader for e in elections) == 1
        leader = next(e for e in elections if e.is_leader)
        follower = next(e for e in elections if e is not leader)
        resource = AsyncFencedResource(client, "async-ledger")
        stale = leader.fencing_token
        await resource.write(stale, "from the first leader")
        await leader.stop()
        assert revoked == ["revoked"]
        await wait_until_async(lambda: follower.is_leader)
        await resource.write(follower.fencing_token, "from the second leader")
        with pytest.raises(StaleFencingToken):
            await resource.write(stale, "late")
        assert await resource.read() == "from the second leader"
        assert follower.readiness_check()().observed_value == "leader"
        await follower.stop()
        await client.aclose()

    asyncio.run(scenario())


def test_fencing_tokens_keep_increasing_after_an_older_snapshot_is_restored(redis_server) -> None:
    import shutil

    def elect_once(name: str) -> int:
        client = redis.Redis.from_url(redis_server.url, decode_responses=True)
        with LeaderElection(client, "snapshots", ttl=TTL, identity=name) as election:
            wait_until(lambda: election.is_leader)
            token = election.fencing_token
        client.close()
        return token

    first = elect_once("first")
    redis.Redis.from_url(redis_server.url).save()
    snapshot = redis_server.workdir / "snapshot.rdb"
    shutil.copy(redis_server.workdir / "dump.rdb", snapshot)
    second = elect_once("second")
    redis_server.kill()
    shutil.copy(snapshot, redis_server.workdir / "dump.rdb")
    redis_server.start()
    assert redis.Redis.from_url(redis_server.url, decode_responses=True).get(
        "prodready:leader:{snapshots}:term") == str(first)  # the older counter is back
    third = elect_once("third")
    assert first < second < third


def test_on_revoked_fires_while_a_renewal_hangs_on_a_frozen_redis(redis_server, client) -> None:
    revoked = []
    election = LeaderElection(client, "frozen", ttl=TTL, on_revoked=lambda: revoked.append(time.monotonic()))
    with election:
        wait_until(lambda: election.is_leader)
        redis_server.freeze()
        try:
            wait_until(lambda: bool(revoked))
            assert not election.is_leader
        finally:
            redis_server.resume()
    assert len(revoked) == 1


def test_asyncio_on_revoked_fires_while_a_renewal_hangs_on_a_frozen_redis(redis_server) -> None:
    async def scenario() -> list[str]:
        client = redis.asyncio.Redis.from_url(redis_server.url, decode_responses=True)
        revoked: list[str] = []
        election = AsyncLeaderElection(client, "frozen", ttl=TTL, on_revoked=lambda: revoked.append("revoked"))
        await election.start()
        await wait_until_async(lambda: election.is_leader)
        redis_server.freeze()
        try:
            await wait_until_async(lambda: bool(revoked))
            assert not election.is_leader
        finally:
            redis_server.resume()
        await election.stop()
        await client.aclose()
        return revoked

    assert asyncio.run(scenario()) == ["revoked"]
