"""PR903 expired-suppression."""

from __future__ import annotations

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class ExpiredSuppression(Rule):
    """A suppression comment whose `until=` date has passed.

    What it finds
    `# prodready: ignore[RULE] until=YYYY-MM-DD reason` after that day. From the day after the
    date the comment no longer suppresses anything: the finding it hid is reported again,
    and this finding says why.

    Why it matters
    Time-boxed exceptions ("until the migration ships") are how legacy risk gets paid down.
    If they never expire they become permanent, and nobody notices the deadline passed.

    Example
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    # prodready: ignore[PR101] until=2020-01-31 readiness lands with the DB migration
    @app.get("/health")
    def health():
        return {"status": "healthy", "db_connected": True}
    ```

    Use instead
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    # prodready: ignore[PR101] until=2999-12-31 readiness lands with the DB migration
    @app.get("/health")
    def health():
        return {"status": "healthy", "db_connected": True}
    ```

    Fix
    No automatic fix: fix the finding (see `prodready explain` of the suppressed rule), or
    agree on a new date and update it.
    """

    id = "PR903"
    slug = "expired-suppression"
    family = "config"
    status = "expired"
    severity = Severity.LOW
    message = "Expired suppression."
