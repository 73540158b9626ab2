"""PR204 debug-mode-enabled."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class DebugModeEnabled(Rule):
    """Debug mode switched on unconditionally.

    What it finds
    `FastAPI(debug=True)`, `Starlette(debug=True)`, `app.run(debug=True)`, `app.debug = True`,
    `app.config["DEBUG"] = True`, and `DEBUG = True` in Django settings, written literally and
    not inside an environment/debug condition (a value read from the environment is fine).
    Settings modules named for development (`settings/dev.py`, `local.py`, `test.py`) are skipped.

    Why it matters
    Debug mode serves tracebacks with source and local variables to anyone who triggers an
    error; Werkzeug's debugger even allows running code.

    Example
    ```python
    from fastapi import FastAPI

    app = FastAPI(debug=True)
    ```

    Use instead
    ```python
    import os

    from fastapi import FastAPI

    app = FastAPI(debug=os.environ.get("APP_DEBUG") == "1")
    ```

    Fix
    Read the flag from the environment, defaulting to off.
    """

    id = "PR204"
    slug = "debug-mode-enabled"
    family = "exposure"
    status = "enabled"
    severity = Severity.HIGH
    message = "Debug mode is switched on unconditionally"
