"""PR401 inventory-component."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class InventoryComponent(Rule):
    """A real enterprise component, listed in the report with the capabilities found.

    What it finds
    A class, function, route or module that an indicator pack recognises as a component of a
    report area (health monitoring, high availability, load balancing, circuit breaker,
    authentication, monitoring, tracing, backup, licensing, clustering, or an area a user pack
    adds) and that shows at least the pack's minimum number of capabilities ("Redis Sentinel
    integration", "States: Closed, Open, Half-Open", "Token caching", ...). The finding lists
    the capabilities in the pack's order, each with the line where it was seen.

    How a pack decides: every file's vocabulary (imports, class and function names, attribute,
    variable and keyword names, calls as written and resolved through the imports, short
    strings, and the settings it assigns: `INSTALLED_APPS=waffle`, `MIDDLEWARE=...`,
    `REST_FRAMEWORK.DEFAULT_AUTHENTICATION_CLASSES=...`, `app.config["K"]`, config classes,
    pydantic settings fields, `urlpatterns`) is matched against each pack. A component is
    anchored by the first anchor kind that matches (route, class, function, call, module,
    setting, string) and, if the pack says so, only in files importing one of its libraries;
    it is real when at least `min_capabilities` of its capabilities are found (inside the
    anchor for routes and functions, in the whole file otherwise). Configuration counts as
    wiring: an installed app or middleware anchors a component as an import of the library
    would. Per file and area the first matching component is listed; `fallback` components
    only where the area has no other. An area with no component at all is PR404, which lists
    what was searched. The packs and their keys are documented in docs/packs.md.

    Why it matters
    An audit needs the real features as much as the fakes: the inventory says which
    enterprise features exist, where they live and what they do, so reviewers can tell a
    working circuit breaker from a name on an empty class. It never gates (severity none).

    Example
    ```python
    import time
    from enum import Enum


    class CircuitState(Enum):
        CLOSED = "closed"
        OPEN = "open"
        HALF_OPEN = "half_open"


    class CircuitBreaker:
        def __init__(self, failure_threshold=5, open_seconds=30.0):
            self.failure_threshold = failure_threshold
            self.open_seconds = open_seconds
            self.state = CircuitState.CLOSED
            self.failures = 0
            self.opened_at = 0.0

        def call(self, func, *args, fallback=None):
            if self.state is CircuitState.OPEN:
                if time.monotonic() - self.opened_at < self.open_seconds:
                    if fallback is not None:
                        return fallback()
                    raise RuntimeError("circuit open")
                self.state = CircuitState.HALF_OPEN
            try:
                result = func(*args)
            except Exception:
                self.failures += 1
                if self.state is CircuitState.HALF_OPEN or self.failures >= self.failure_threshold:
                    self.state = CircuitState.OPEN
                    self.opened_at = time.monotonic()
                raise
            self.failures = 0
            self.state = CircuitState.CLOSED
            return result
    ```

    Use instead
    Nothing to change: this is an inventory record. Code that only carries a component's name
    without its capabilities is not listed:
    ```python
    class CircuitBreaker:
        def __init__(self, name):
            self.name = name

        def describe(self):
            return {"name": self.name}
    ```

    Fix
    None needed. Add an indicator pack (docs/packs.md) to inventory components of your own areas.
    """

    id = "PR401"
    slug = "inventory-component"
    family = "inventory"
    status = "real"
    severity = Severity.NONE
    message = "Real implementation"
