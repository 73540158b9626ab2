"""Link per-file route facts of every framework into apps and effective routes."""

from __future__ import annotations

from prodready.scanner.model import AppDecl, ProjectModel, Route


def link_routes(project: ProjectModel) -> tuple[tuple[AppDecl, ...], tuple[Route, ...]]:
    """Resolve routers, mounts, prefixes and gates across modules into the apps and their routes."""
    return (), ()
