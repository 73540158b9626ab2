"""Property tests: on generated module variants every codemod yields parseable, idempotent code
and never touches a byte outside the node it rewrites (imports aside)."""

from __future__ import annotations

import ast
import difflib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prodready.codemods.runner import plan_fixes
from prodready.scanner.findings import Finding, Location, ScanResult, Severity

KEYS = st.sampled_from(["db_connected", "redis", "cache_up", "is_queue_ok", "search", "database", "s3"])
EXPRESSIONS = st.sampled_from([
    "services.db is not None",
    "clients.redis.ping()",
    "state.cache and state.cache.is_connected()",
    "not broker.closed",
    "len(pool.free) > 0",
    "check('orders')",
])
PREFIX_LINES = st.lists(
    st.sampled_from([
        "# a comment that must survive", "import os", "TIMEOUT = 3  # seconds", "",
        "from core import services, clients, state, broker, pool, check",
        "def helper(x):\n    return x  # trailing comment",
        "class Settings:\n    debug = False",
    ]),
    max_size=6,
)


@st.composite
def fake_health_modules(draw):
    """A FastAPI or Flask module with a fake health handler at a known line."""
    framework = draw(st.sampled_from(["fastapi", "flask"]))
    prefix = draw(PREFIX_LINES)
    pairs = draw(st.dictionaries(KEYS, EXPRESSIONS, min_size=1, max_size=4))
    status = draw(st.sampled_from(["healthy", "ok", "UP"]))
    path = draw(st.sampled_from(["/health", "/healthz", "/ready", "/status"]))
    is_async = framework == "fastapi" and draw(st.booleans())
    header = "from fastapi import FastAPI\napp = FastAPI()\n" if framework == "fastapi" else (
        "from flask import Flask, jsonify\napp = Flask(__name__)\n")
    before = header + "".join(f"{line}\n" for line in prefix) + "\n\n"
    decorator = f'@app.get("{path}")' if framework == "fastapi" else f'@app.route("{path}")'
    body = ", ".join(f'"{k}": {v}' for k, v in pairs.items())
    returned = f'{{"status": "{status}", {body}}}'
    if framework == "flask" and draw(st.booleans()):
        returned = f"jsonify({returned})"
    handler = f"{decorator}\n{'async def' if is_async else 'def'} health():\n    return {returned}\n"
    trailer = draw(st.sampled_from(["", "\n\n# end of module\n", "\n\n@app.get('/x')\ndef x():\n    return 1\n"]))
    line = before.count("\n") + 1
    return before + handler + trailer, line


def plan_for(source: str, line: int):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "svc"
        root.mkdir()
        (root / "app.py").write_text(source)
        finding = Finding(
            rule_id="PR101", slug="health-fake", family="health", status="fake", severity=Severity.HIGH,
            message="fake", location=Location("app.py", line, line + 2),
        )
        return plan_fixes(ScanResult(root=str(root), findings=(finding,)), unsafe=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fake_health_modules())
def test_health_codemod_output_parses_is_idempotent_and_keeps_other_bytes(module):
    source, line = module
    plan = plan_for(source, line)
    assert len(plan.changes) == 1
    fixed = plan.changes[0].updated.decode()
    ast.parse(fixed)
    handler_lines = set(source.splitlines()[line - 1:line + 2])
    removed = [
        d[2:] for d in difflib.ndiff(source.splitlines(), fixed.splitlines()) if d.startswith("- ")
    ]
    assert set(removed) <= handler_lines, f"lines outside the handler changed: {removed}"
    def_line = next(i for i, text in enumerate(fixed.splitlines(), 1) if text.strip().endswith("def health():"))
    assert plan_for(fixed, def_line).changes == ()
