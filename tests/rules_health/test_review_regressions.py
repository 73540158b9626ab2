"""Regressions from review: same-named handlers in one module keep their own bodies."""

from __future__ import annotations

from prodready.model.findings import Finding


def health(findings: list[Finding]) -> set[tuple[str, str, int, str]]:
    """(rule, path, line, status) of the health family's findings."""
    return {(f.rule_id, f.location.path, f.location.start_line, f.status) for f in findings if f.family == "health"}


def test_second_handler_with_the_same_name_is_judged_on_its_own_body(scan_files) -> None:
    findings = scan_files({
        "main.py": """\
            from fastapi import FastAPI, Response

            from db import engine

            app = FastAPI()


            @app.get("/livez")
            def health(response: Response):
                try:
                    engine.execute("SELECT 1")
                except Exception:
                    response.status_code = 503
                    return {"status": "down"}
                return {"status": "ok"}


            @app.get("/readyz")
            def health():
                return {"status": "ready", "redis": "connected"}
            """,
        "db.py": "engine = None\n",
    })
    assert health(findings) == {("PR104", "main.py", 8, "real"), ("PR101", "main.py", 18, "fake")}
