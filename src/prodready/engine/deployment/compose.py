"""docker-compose files: each service's command, entrypoint, ports and healthcheck."""

from __future__ import annotations

from typing import Any

from prodready.engine.deployment.commands import find_server, http_target, shell_words, simple_commands
from prodready.engine.deployment.yaml_lines import LinedMap
from prodready.model.deployment import COMPOSE, HEALTHCHECK, Container, Launch, Port, Probe, Workload
from prodready.model.findings import Location


def looks_like_compose(data: Any) -> bool:
    """A mapping whose `services` is a mapping of mappings."""
    services = data.get("services") if isinstance(data, LinedMap) else None
    return isinstance(services, LinedMap) and all(isinstance(s, dict) for s in services.values())


def read_compose(path: str, data: LinedMap) -> list[Workload]:
    """One workload per service."""
    services = data["services"]
    workloads = []
    for name, service in services.items():
        location = Location(path, services.line_of(name), services.line_of(name))
        container = Container(str(name), location, str(service.get("image", "")), _ports(service),
                              _healthcheck(path, str(name), service), _launches(path, service))
        workloads.append(Workload("compose", str(name), location, COMPOSE, (container,)))
    return workloads


def _words(value: Any) -> tuple[str, ...]:
    """A command as a list (exec form) or a string (split like compose does)."""
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None)
    return tuple(shell_words(value)) if isinstance(value, str) else ()


def _launches(path: str, service: LinedMap) -> tuple[Launch, ...]:
    entry, command = _words(service.get("entrypoint")), _words(service.get("command"))
    server = find_server(simple_commands((*entry, *command)))
    launches = []
    for key, words in (("entrypoint", entry), ("command", command)):
        if words:
            line = service.line_of(key)
            holder = key == "command" or not command
            launches.append(Launch(Location(path, line, line), words, " ".join(words), COMPOSE,
                                   server if holder else None))
    return tuple(launches)


def _ports(service: LinedMap) -> tuple[Port, ...]:
    """Container-side ports of `ports` ("8080:8000", long syntax) and `expose`."""
    found = []
    for entry in (*(service.get("ports") or ()), *(service.get("expose") or ())):
        if isinstance(entry, dict) and entry.get("target") is not None:
            found.append(Port(str(entry["target"])))
        elif isinstance(entry, (str, int)):
            found.append(Port(str(entry).split("/")[0].rsplit(":", 1)[-1]))
    return tuple(found)


def _healthcheck(path: str, name: str, service: LinedMap) -> tuple[Probe, ...]:
    check = service.get("healthcheck")
    if not isinstance(check, LinedMap) or check.get("disable") is True:
        return ()
    test = check.get("test")
    if isinstance(test, list) and test:
        head = str(test[0]).upper()
        if head == "NONE":
            return ()
        words = tuple(str(t) for t in test[1:]) if head in ("CMD", "CMD-SHELL") else tuple(str(t) for t in test)
        if head == "CMD-SHELL":
            words = (" ".join(words),)
    elif isinstance(test, str):
        words = (test,)  # a shell command, like CMD-SHELL
    else:
        return ()
    argv = tuple(shell_words(words[0])) if len(words) == 1 else words
    line = service.line_of("healthcheck")
    return (Probe(HEALTHCHECK, "exec", Location(path, line, max(line, check.end_line)), COMPOSE,
                  f"compose service {name}", name, http_target(simple_commands(argv), " ".join(words)), words),)
