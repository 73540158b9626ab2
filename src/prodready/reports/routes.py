"""The route inventory (`prodready routes`) as a terminal table or JSON, like `flask routes` and
django-extensions' `show_urls`."""

from __future__ import annotations

import io
import json
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from prodready.model.project import Gate, Route, RouteInventory

ROUTES_SCHEMA_VERSION = "1.0"
ON_THE_APP = "on the app"
NOT_MOUNTED = "not mounted"
MOUNT_NOT_RESOLVED = "mount not resolved"
ALL_METHODS = "ANY"


def mount_status(route: Route) -> str:
    """"mounted", "not mounted" or "mount not resolved"."""
    if route.mount_unresolved:
        return MOUNT_NOT_RESOLVED
    return "mounted" if route.mounted else NOT_MOUNTED


def mount_chain(route: Route) -> str:
    """How the route reaches the app, outermost first: `main.py:51 prefix /api/v1 → routers/health.py`."""
    if not route.mounted:
        commented = [f"{m.location.path}:{m.location.start_line}" for m in route.mounts if m.commented_out]
        return mount_status(route) + (f" (commented out: {', '.join(commented)})" if commented else "")
    if not route.mounts:
        return ON_THE_APP
    steps = [f"{m.location.path}:{m.location.start_line}" + (f" prefix {m.prefix}" if m.prefix else "")
             for m in reversed(route.mounts)]
    return " → ".join([*steps, route.location.path])


def gate_text(gate: Gate) -> str:
    """`condition settings.DEBUG (main.py:40)`."""
    return f"{gate.kind} {gate.expression} ({gate.location.path}:{gate.location.start_line})"


def methods_text(route: Route) -> str:
    """`GET|POST`, or ANY when the route takes every method."""
    return "|".join(route.methods) or ALL_METHODS


def route_record(route: Route, health: str) -> dict[str, Any]:
    """One route as a JSON object."""
    return {
        "methods": list(route.methods),
        "path": route.path,
        "local_path": route.local_path,
        "handler": route.handler,
        "file": route.location.path,
        "line": route.location.start_line,
        "end_line": route.location.end_line,
        "framework": route.framework,
        "mount": mount_status(route),
        "mounts": [{"file": m.location.path, "line": m.location.start_line, "prefix": m.prefix,
                    "commented_out": m.commented_out} for m in reversed(route.mounts)],
        "gates": [{"kind": g.kind, "expression": g.expression, "file": g.location.path,
                   "line": g.location.start_line} for g in route.gates],
        "health": health or None,
    }


def render_json(inventory: RouteInventory) -> str:
    """The inventory as JSON: schema version, root, routes, warnings."""
    document = {
        "schema_version": ROUTES_SCHEMA_VERSION,
        "root": inventory.root,
        "routes": [route_record(r, inventory.health_of(r)) for r in inventory.routes],
        "warnings": [{"path": w.path, "kind": w.kind, "message": w.message} for w in inventory.warnings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def route_table(inventory: RouteInventory) -> Table:
    """The inventory as a rich table, one row per route."""
    table = Table(title=f"{len(inventory.routes)} routes", title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False)
    for column in ("method", "path", "handler", "framework", "mount", "gate", "health"):
        table.add_column(column, overflow="fold", no_wrap=column in ("method", "handler", "framework", "health"))
    for route in inventory.routes:
        table.add_row(
            methods_text(route), route.path, f"{route.location.path}:{route.location.start_line}",
            route.framework, mount_chain(route), "; ".join(gate_text(g) for g in route.gates),
            inventory.health_of(route),
        )
    return table


def render_table(inventory: RouteInventory, width: int = 200) -> str:
    """The table as plain text (no colour, no trailing spaces), for pipes and golden files."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False).print(
        route_table(inventory))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
