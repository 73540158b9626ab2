"""Point Kubernetes probes at the probe routes of `prodready_kit.health`, keeping the manifest's
comments and layout (values located by ruamel.yaml's round-trip loader, only their scalars replaced)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from prodready.model.findings import Finding

KIT_PROBE_PATHS = {"liveness": "/health/live", "readiness": "/health/ready", "startup": "/health/startup"}
_PLAIN = re.compile(r"[^\s,}\]]+")


@dataclass(frozen=True)
class ProbePathChange:
    """A new value for the `httpGet.path` at `yaml_path` ("<document>:<key>.<index>...")."""

    yaml_path: str
    value: str

    @property
    def document(self) -> int:
        """Index of the YAML document in the file."""
        return int(self.yaml_path.split(":", 1)[0])

    @property
    def keys(self) -> list[str | int]:
        """The keys and sequence indexes leading to the value."""
        return [int(k) if k.isdigit() else k for k in self.yaml_path.split(":", 1)[1].split(".")]


def kit_path_changes(records: Iterable[Finding], handler: str) -> dict[str, list[ProbePathChange]]:
    """Changes by manifest moving the plain-manifest probes that call `handler` (PR507 records) to
    the kit's paths."""
    changes: dict[str, list[ProbePathChange]] = {}
    for record in records:
        extra = dict(record.extra)
        if record.rule_id != "PR507" or extra.get("handler") != handler or not extra.get("yaml_path"):
            continue
        wanted = KIT_PROBE_PATHS.get(extra.get("probe", ""))
        if wanted and extra.get("path") != wanted:
            changes.setdefault(record.location.path, []).append(ProbePathChange(extra["yaml_path"], wanted))
    return changes


def rewrite_probe_paths(text: str, changes: Sequence[ProbePathChange]) -> str:
    """The manifest with each change applied: ruamel.yaml's round-trip loader finds each value
    and only its scalar is replaced, in the style it was written (quotes kept), so every comment,
    blank line and indentation stays as it was. A path no longer there is left alone, and a file
    ruamel.yaml cannot read is returned as it is."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        documents = list(YAML(typ="rt").load_all(text))
    except YAMLError:
        return text
    lines = text.splitlines(keepends=True)
    replacements = []
    for change in changes:
        position = _position(documents, change)
        if position is not None and position[0] < len(lines):
            line, column = position
            token = _token(lines[line][column:])
            if token:
                quote = token[0] if token[0] in "'\"" else ""
                replacements.append((line, column, len(token), f"{quote}{change.value}{quote}"))
    for line, column, length, new in sorted(replacements, reverse=True):
        lines[line] = lines[line][:column] + new + lines[line][column + length:]
    return "".join(lines)


def _position(documents: list[Any], change: ProbePathChange) -> tuple[int, int] | None:
    """0-based (line, column) of the value at the change's path, else None."""
    if change.document >= len(documents):
        return None
    node: Any = documents[change.document]
    *parents, last = change.keys
    for key in parents:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(node, dict) or last not in node or not isinstance(node[last], str) or not hasattr(node, "lc"):
        return None
    line, column = node.lc.value(last)
    return int(line), int(column)


def _token(rest: str) -> str:
    """The scalar starting `rest`: a quoted string with its quotes, else a plain word."""
    if rest[:1] in ("'", '"'):
        end = rest.find(rest[0], 1)
        return rest[:end + 1] if end > 0 else ""
    match = _PLAIN.match(rest)
    return match.group(0) if match else ""
