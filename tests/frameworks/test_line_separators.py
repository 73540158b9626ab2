"""Line numbers and condition text stay right after form feeds, \\x85 and \\u2028 in a file."""

from __future__ import annotations

import textwrap

from prodready.model.project import ProjectModel

ODD_SEPARATORS = "# section one\f two \x85 three \u2028 four\n"


def test_commented_mount_and_gate_text_after_unusual_line_separators(linked) -> None:
    project: ProjectModel = linked({
        "main.py": ODD_SEPARATORS + textwrap.dedent("""\
            from fastapi import FastAPI

            import experimental

            app = FastAPI()
            # app.include_router(experimental.router)
            if (app.debug
                    or app.title == "dev"):
                app.include_router(experimental.tools)
            """),
        "experimental.py": """\
            from fastapi import APIRouter

            router = APIRouter(prefix="/exp")
            tools = APIRouter(prefix="/tools")


            @router.get("/x")
            def x():
                return {}


            @tools.get("/y")
            def y():
                return {}
            """,
    })
    exp, tools = sorted(project.routes, key=lambda r: r.path)
    assert [(m.location.label(), m.commented_out) for m in exp.mounts] == [("main.py:7", True)]
    gates = [(g.expression, g.location.label()) for g in tools.gates]
    assert gates == [('app.debug or app.title == "dev"', "main.py:8-9")]
