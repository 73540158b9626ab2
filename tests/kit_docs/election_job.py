"""Run the election example of docs/kit-cluster.md as a process: `python election_job.py SCRIPT`.

Prints the fencing token once elected; then, for every line read, runs the example's
`close_day(line)` and prints "written", or "stale <highest token>" on StaleFencingToken.
"""

from __future__ import annotations

import runpy
import sys
import time

from prodready_kit.cluster import StaleFencingToken

GIVE_UP_SECONDS = 60  # being elected takes one Redis round trip


def main(script: str) -> None:
    """Run SCRIPT in this process's main thread (where it installs its SIGTERM handler), then serve stdin."""
    example = runpy.run_path(script)
    election = example["election"]
    give_up = time.monotonic() + GIVE_UP_SECONDS
    while (token := election.fencing_token) is None:
        if time.monotonic() > give_up:
            sys.exit(f"not elected after {GIVE_UP_SECONDS}s: {election.last_error}")
        time.sleep(0.05)
    print(token, flush=True)
    for line in sys.stdin:
        try:
            example["close_day"](line.strip())
        except StaleFencingToken as stale:
            print(f"stale {stale.highest}", flush=True)
        else:
            print("written", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
