"""A readiness check (prodready_kit.health style) reporting leadership."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class Election(Protocol):
    """What the check reads from a sync or asyncio election."""

    name: str
    last_error: str | None

    @property
    def running(self) -> bool: ...

    @property
    def fencing_token(self) -> int | None: ...


def leadership_check(election: Election, *, require_leader: bool = False) -> Callable[[], Any]:
    """Pass as leader or follower (warn when Redis is unreachable); fail when the election is not
    running, or when not leading and `require_leader` is set."""

    def check() -> Any:
        from prodready_kit.health import CheckResult, Status

        if not election.running:
            return CheckResult(Status.FAIL, message=f"leader election {election.name} is not running")
        token = election.fencing_token
        role = "leader" if token is not None else "follower"
        if token is None and require_leader:
            return CheckResult(Status.FAIL, role, message=f"not the leader of {election.name}")
        message = (f"leader of {election.name} (fencing token {token})" if token is not None
                   else f"follower in {election.name}")
        if election.last_error:
            return CheckResult(Status.WARN, role, message=f"{message}; {election.last_error}")
        return CheckResult(Status.PASS, role, message=message)

    return check
