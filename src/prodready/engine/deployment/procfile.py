"""Procfiles: one process type per line, `web: gunicorn app:app --bind 0.0.0.0:$PORT`."""

from __future__ import annotations

import re

from prodready.engine.deployment.commands import find_server, shell_words, simple_commands
from prodready.model.deployment import PROCFILE, Container, Launch, Workload
from prodready.model.findings import Location

_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")


def read_procfile(path: str, text: str) -> Workload:
    """Each process type as a container with its launch command."""
    containers = []
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _LINE.match(raw.strip())
        if not match or raw.lstrip().startswith("#"):
            continue
        words = tuple(shell_words(match.group(2)))
        location = Location(path, number, number)
        launch = Launch(location, words, raw.strip(), PROCFILE, find_server(simple_commands(words)))
        containers.append(Container(match.group(1), location, launches=(launch,)))
    return Workload("Procfile", path, Location(path, 1, 1), PROCFILE, tuple(containers))
