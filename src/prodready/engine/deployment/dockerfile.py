"""Dockerfiles: the final stage's CMD, ENTRYPOINT, EXPOSE and HEALTHCHECK."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from prodready.engine.deployment.commands import find_server, http_target, shell_words, simple_commands
from prodready.model.deployment import DOCKERFILE, HEALTHCHECK, Container, Launch, Port, Probe, Workload
from prodready.model.findings import Location

_INSTRUCTION = re.compile(r"^\s*([A-Za-z]+)\s*(.*)$", re.S)
_HEALTHCHECK_OPTION = re.compile(r"^--[a-z-]+=\S+\s*")


@dataclass(frozen=True)
class Instruction:
    """One instruction, continuation lines joined; `line` is where it starts."""

    keyword: str
    value: str
    line: int


def instructions(text: str) -> list[Instruction]:
    """The instructions of a Dockerfile in order (comments and blank lines dropped)."""
    found: list[Instruction] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # comments inside a continued instruction are dropped
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending.append(stripped[:-1])
            continue
        pending.append(stripped)
        match = _INSTRUCTION.match(" ".join(pending))
        pending = []
        if match:
            found.append(Instruction(match.group(1).upper(), match.group(2).strip(), start))
    return found


def _argv(value: str) -> tuple[tuple[str, ...], bool]:
    """(words, exec form?) of a CMD/ENTRYPOINT/HEALTHCHECK CMD value."""
    if value.startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if isinstance(parsed, list) and all(isinstance(p, str) for p in parsed):
            return tuple(parsed), True
    return tuple(shell_words(value)), False


@dataclass
class _Stage:
    line: int
    commands: dict[str, Instruction] = field(default_factory=dict)  # CMD, ENTRYPOINT, HEALTHCHECK
    ports: list[Port] = field(default_factory=list)


def read_dockerfile(path: str, text: str) -> Workload:
    """The Dockerfile's final stage as a workload with one container."""
    stage = _Stage(1)
    for instruction in instructions(text):
        if instruction.keyword == "FROM":
            stage = _Stage(instruction.line)
        elif instruction.keyword in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            stage.commands[instruction.keyword] = instruction
        elif instruction.keyword == "EXPOSE":
            stage.ports += [Port(p.split("/")[0]) for p in instruction.value.split() if not p.startswith("$")]
    launches = _launches(path, stage)
    probes = tuple(p for p in (_healthcheck(path, stage.commands.get("HEALTHCHECK")),) if p is not None)
    container = Container("", Location(path, stage.line, stage.line), ports=tuple(stage.ports), probes=probes,
                          launches=launches)
    return Workload("Dockerfile", path, Location(path, stage.line, stage.line), DOCKERFILE, (container,))


def _launches(path: str, stage: _Stage) -> tuple[Launch, ...]:
    """ENTRYPOINT and CMD; the server they start together is set on the one Docker runs last."""
    entry, cmd = stage.commands.get("ENTRYPOINT"), stage.commands.get("CMD")
    entry_words, entry_exec = _argv(entry.value) if entry else ((), True)
    cmd_words = _argv(cmd.value)[0] if cmd else ()
    runs_cmd = entry is None or entry_exec  # a shell-form ENTRYPOINT ignores CMD
    server = find_server(simple_commands((*entry_words, *cmd_words) if runs_cmd else entry_words))
    holder = cmd if cmd is not None and runs_cmd else entry
    return tuple(
        Launch(Location(path, item.line, item.line), words, f"{item.keyword} {item.value}", DOCKERFILE,
               server if item is holder else None)
        for item, words in ((entry, entry_words), (cmd, cmd_words)) if item is not None
    )


def _healthcheck(path: str, instruction: Instruction | None) -> Probe | None:
    if instruction is None:
        return None
    value = instruction.value
    while _HEALTHCHECK_OPTION.match(value):
        value = _HEALTHCHECK_OPTION.sub("", value, count=1)
    keyword, _, command = value.partition(" ")
    if keyword.upper() != "CMD":
        return None  # HEALTHCHECK NONE
    words, exec_form = _argv(command.strip())
    commands = simple_commands(words)
    return Probe(HEALTHCHECK, "exec", Location(path, instruction.line, instruction.line), DOCKERFILE,
                 "Dockerfile", http=http_target(commands, command), command=words if exec_form else (command.strip(),))
