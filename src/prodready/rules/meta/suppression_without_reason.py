"""PR901 suppression-without-reason."""

from __future__ import annotations

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class SuppressionWithoutReason(Rule):
    """A suppression comment that gives no reason, names no rule or is malformed.

    What it finds
    A `# prodready: ignore[...]` comment with nothing after the brackets, with empty brackets,
    naming a rule that does not exist, or with an `until=` that is not a date. A suppression
    without a reason still hides its finding (so adding the reason never changes the gate); a
    malformed one hides nothing.

    Why it matters
    A suppression is a decision somebody made about production risk. Without a reason the next
    reader cannot tell a considered exception from a way to make the build green, and nobody
    can judge when it should go.

    Example
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    # prodready: ignore[PR101]
    @app.get("/health")
    def health():
        return {"status": "healthy", "db_connected": True}
    ```

    Use instead
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    # prodready: ignore[PR101] demo service, never deployed; see ADR-12
    @app.get("/health")
    def health():
        return {"status": "healthy", "db_connected": True}
    ```

    Fix
    No automatic fix: write the reason after the closing bracket, or fix the finding and delete
    the comment.
    """

    id = "PR901"
    slug = "suppression-without-reason"
    family = "config"
    status = "invalid"
    severity = Severity.LOW
    message = "Suppression without a reason."
