"""A service instance for the cluster tests: campaigns for leadership and prints what happens.

Lines on stdout: `ready`, `elected <fencing token>`, `revoked`.
"""

from __future__ import annotations

import argparse
import time

from prodready_kit.cluster import LeaderElection, Membership, client_for_election


def say(*parts: object) -> None:
    print(*parts, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--id", required=True)
    parser.add_argument("--ttl", type=float, required=True)
    parser.add_argument("--sigterm", action="store_true", help="resign on SIGTERM")
    args = parser.parse_args()

    election = LeaderElection(
        client_for_election(args.url, args.ttl), "jobs", ttl=args.ttl, identity=args.id,
        on_elected=lambda token: say("elected", token), on_revoked=lambda: say("revoked"),
    )
    if args.sigterm:
        election.install_signal_handler()
    Membership(client_for_election(args.url, args.ttl), "workers", member_id=args.id, ttl=args.ttl).start()
    election.start()
    say("ready")
    while True:
        time.sleep(0.05)


if __name__ == "__main__":
    main()
