"""Property tests: on generated module variants every codemod yields parseable, idempotent code
and never touches a byte outside the node it rewrites (imports aside)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from prodready.codemods.runner import plan_fixes
from prodready.model.findings import Finding, Location, ScanResult, Severity

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
        (root / "requirements.txt").write_text("fastapi>=0.110\nflask>=3.0\n")
        finding = Finding(
            rule_id="PR101", slug="health-fake", family="health", status="fake", severity=Severity.HIGH,
            message="fake", location=Location("app.py", line, line + 2),
        )
        return plan_fixes(ScanResult(root=str(root), findings=(finding,)), unsafe=True)


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(any(line == candidate for candidate in remaining) for line in needles)


def scanned_rules(source: str) -> set[tuple[str, str]]:
    """(rule, status) of a real scan of `source` as the only module of a project."""
    from prodready.pipeline.options import ScanOptions
    from prodready.pipeline.scan import scan

    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "app.py").write_text(source)
        result = scan(ScanOptions(root=Path(scratch), use_cache=False, jobs=1))
    return {(f.rule_id, f.status) for f in result.findings}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fake_health_modules())
def test_health_codemod_output_compiles_keeps_other_lines_and_is_no_longer_fake(module):
    source, line = module
    plan = plan_for(source, line)
    assert [change.path for change in plan.changes] == ["app.py", "requirements.txt"]
    fixed = plan.changes[0].updated.decode()
    compile(fixed, "app.py", "exec")
    lines = source.splitlines()
    outside = lines[:line - 1] + lines[line + 2:]
    assert is_subsequence(outside, fixed.splitlines()), "a line outside the handler was changed or reordered"
    assume(("PR101", "fake") in scanned_rules(source))  # `.ping()` that raises makes a route real
    assert ("PR101", "fake") not in scanned_rules(fixed)
    def_line = next(i for i, text in enumerate(fixed.splitlines(), 1) if text.strip().endswith("def health():"))
    assert plan_for(fixed, def_line).changes == ()


UNHOISTABLE_BODIES = st.sampled_from([
    # the reported value is a local of the handler (annotated, walrus, loop, with, import)
    "    ok: bool = clients.redis.ping()\n    return {\"status\": \"ok\", \"redis\": ok}\n",
    "    if (ok := clients.redis.ping()) is None:\n        pass\n    return {\"status\": \"ok\", \"redis\": ok}\n",
    "    for ok in (clients.redis.ping(),):\n        pass\n    return {\"status\": \"ok\", \"redis\": ok}\n",
    "    import socket\n    return {\"status\": \"ok\", \"host\": socket.gethostname()}\n",
    # the swallowed block leaves the function early
    "    try:\n        clients.redis.ping()\n        return {\"status\": \"ok\"}\n"
    "    except Exception:\n        pass\n    return {\"status\": \"ok\"}\n",
])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(UNHOISTABLE_BODIES, PREFIX_LINES)
def test_health_codemod_leaves_handlers_it_cannot_hoist_alone(body, prefix):
    before = "from fastapi import FastAPI\nfrom core import clients\napp = FastAPI()\n" + "".join(
        f"{line}\n" for line in prefix) + "\n\n"
    source = before + '@app.get("/health")\ndef health():\n' + body
    assert plan_for(source, before.count("\n") + 1).changes == ()
