"""Cloud Foundry application manifests (`manifest.yml`): each application's and process's `command`."""

from __future__ import annotations

from typing import Any

from prodready.engine.deployment.commands import find_server, shell_words, simple_commands
from prodready.engine.deployment.yaml_lines import LinedMap
from prodready.model.deployment import CLOUDFOUNDRY, Container, Launch, Workload
from prodready.model.findings import Location


def looks_like_cloudfoundry(data: Any) -> bool:
    """A mapping whose `applications` is a list of mappings each with a `name`."""
    applications = data.get("applications") if isinstance(data, LinedMap) else None
    return (isinstance(applications, list) and bool(applications)
            and all(isinstance(a, LinedMap) and "name" in a for a in applications))


def read_cloudfoundry(path: str, data: LinedMap) -> list[Workload]:
    """One workload per application; its processes (`web`, `worker`, ...) are its containers."""
    workloads = []
    for application in data["applications"]:
        name = str(application["name"])
        location = Location(path, application.line_of("name"), application.line_of("name"))
        processes = [p for p in application.get("processes") or () if isinstance(p, LinedMap)]
        containers = [_container(path, str(p.get("type", "web")), p) for p in processes]
        if not processes or "command" in application:
            containers.insert(0, _container(path, name, application))
        workloads.append(Workload("application", name, location, CLOUDFOUNDRY, tuple(containers)))
    return workloads


def _container(path: str, name: str, entry: LinedMap) -> Container:
    """A process (or the application itself) with its `command` as the launch."""
    line = entry.line_of("command")
    location = Location(path, line, line)
    command = entry.get("command")
    if not isinstance(command, str) or not command.strip():
        return Container(name, location)
    words = tuple(shell_words(command))
    launch = Launch(location, words, command.strip(), CLOUDFOUNDRY, find_server(simple_commands(words)))
    return Container(name, location, launches=(launch,))
