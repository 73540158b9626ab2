"""Cluster coordination on Redis: leader election with fencing tokens, membership, fenced writes.

Sync classes run a daemon thread; `prodready_kit.cluster.aio` has the asyncio variants.
Needs the `cluster` extra (redis).
"""

from prodready_kit.cluster.core import LeaseTiming
from prodready_kit.cluster.election import LeaderElection, client_for_election
from prodready_kit.cluster.fencing import FencedResource, StaleFencingToken
from prodready_kit.cluster.membership import Member, Membership
from prodready_kit.cluster.readiness import leadership_check

__all__ = [
    "FencedResource", "LeaderElection", "LeaseTiming", "Member", "Membership", "StaleFencingToken",
    "client_for_election", "leadership_check",
]
