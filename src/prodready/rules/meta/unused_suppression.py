"""PR902 unused-suppression."""

from __future__ import annotations

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class UnusedSuppression(Rule):
    """A suppression comment or config waiver that hides nothing.

    What it finds
    A `# prodready: ignore[RULE]` comment where no finding of RULE starts on the comment's line
    or the line below, although RULE ran on that file (rules switched off by `select`, `ignore`
    or `per-path-ignores` are not reported); and a `waivers` entry of `[tool.prodready]` that
    matches no finding (reported only when the directory holding that pyproject.toml is scanned).

    Why it matters
    The code it excused was fixed or moved. A stale suppression silently hides the next problem
    that appears on that line, and misleads readers about what is wrong with the code.

    Example
    ```python
    # prodready: ignore[PR101] kept from the old health check
    def add(a, b):
        return a + b
    ```

    Use instead
    ```python
    def add(a, b):
        return a + b
    ```

    Fix
    No automatic fix: delete the comment or the waiver (or move the comment onto the line
    where the finding starts: the first decorator line of a route handler).
    """

    id = "PR902"
    slug = "unused-suppression"
    family = "config"
    status = "unused"
    severity = Severity.LOW
    message = "Unused suppression."
