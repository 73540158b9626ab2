"""Kubernetes manifests: the containers of workloads (Deployment, StatefulSet, DaemonSet, Pod,
Job/CronJob templates, ...) with their probes, ports and commands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from prodready.engine.deployment.commands import find_server, http_target, simple_commands
from prodready.engine.deployment.markers import unresolved
from prodready.engine.deployment.yaml_lines import LinedList, LinedMap
from prodready.model.deployment import (
    KUBERNETES, LIVENESS, READINESS, STARTUP, Container, HttpTarget, Launch, Port, Probe, Workload,
)
from prodready.model.findings import Location, ScanWarning

TEMPLATE = ("spec", "template", "spec")
POD_SPECS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",), "Deployment": TEMPLATE, "StatefulSet": TEMPLATE, "DaemonSet": TEMPLATE,
    "ReplicaSet": TEMPLATE, "ReplicationController": TEMPLATE, "Job": TEMPLATE,
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"), "PodTemplate": ("template", "spec"),
    "DeploymentConfig": TEMPLATE, "Rollout": TEMPLATE,
}
PROBE_KEYS = (("readinessProbe", READINESS), ("livenessProbe", LIVENESS), ("startupProbe", STARTUP))
UNKNOWN_KIND = "deploy-unknown-kind"
UNRESOLVED = "deploy-unresolved"
LineMap = Callable[[int], int]


@dataclass(frozen=True)
class Document:
    """One YAML document of a manifest: its data, index in the file and how its lines map back."""

    path: str
    index: int
    data: Any
    source: str = KUBERNETES
    lines: LineMap = lambda line: line  # rendered line -> line in the file (Helm)
    name_hint: str = ""  # the name when the manifest's own cannot be resolved (a Helm chart's)


def looks_like_manifest(data: Any) -> bool:
    """A mapping with a string `kind` and an `apiVersion`: a Kubernetes object."""
    return isinstance(data, LinedMap) and isinstance(data.get("kind"), str) and "apiVersion" in data


def read_documents(documents: list[Document]) -> tuple[list[Workload], list[ScanWarning]]:
    """The workloads of some documents and a warning for each unknown kind holding containers."""
    workloads: list[Workload] = []
    warnings: list[ScanWarning] = []
    for document in documents:
        _read(document, document.data, (), workloads, warnings)
    return workloads, warnings


def _read(document: Document, data: Any, at: tuple[str | int, ...], workloads: list[Workload],
          warnings: list[ScanWarning]) -> None:
    if not looks_like_manifest(data):
        return
    kind = data["kind"]
    if kind == "List" and isinstance(data.get("items"), list):
        for index, item in enumerate(data["items"]):
            _read(document, item, (*at, "items", index), workloads, warnings)
        return
    spec_path = POD_SPECS.get(kind)
    if spec_path is None:
        if _holds_containers(data, 6):
            line = document.lines(data.line)
            warnings.append(ScanWarning(document.path, UNKNOWN_KIND,
                                        f"line {line}: kind {kind} is not a workload prodready reads; its "
                                        "containers' probes are not checked"))
        return
    pod = _at(data, spec_path)
    metadata = data.get("metadata")
    name = str(metadata.get("name", "")) if isinstance(metadata, LinedMap) else ""
    if unresolved(name) and document.name_hint:
        name = document.name_hint
    location = _location(document, data.line)
    containers = []
    if isinstance(pod, LinedMap) and isinstance(pod.get("containers"), LinedList):
        items = pod["containers"]
        for index, item in enumerate(items):
            if isinstance(item, LinedMap):
                where = (*at, *spec_path, "containers", index)
                containers.append(_container(document, item, kind, name, where, warnings))
    workloads.append(Workload(kind, name, location, document.source, tuple(containers)))


def _holds_containers(data: Any, depth: int) -> bool:
    if depth == 0:
        return False
    if isinstance(data, dict):
        return "containers" in data or any(_holds_containers(v, depth - 1) for v in data.values())
    if isinstance(data, list):
        return any(_holds_containers(v, depth - 1) for v in data)
    return False


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _location(document: Document, line: int, end_line: int = 0) -> Location:
    mapped = document.lines(line)
    return Location(document.path, mapped, max(mapped, document.lines(end_line) if end_line else mapped))


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None)
    return (str(value),) if isinstance(value, (str, int)) else ()


def _container(document: Document, item: LinedMap, kind: str, name: str, where: tuple[str | int, ...],
               warnings: list[ScanWarning]) -> Container:
    workload = f"{kind}/{name}"
    container = str(item.get("name", ""))
    probes = []
    for key, probe_kind in PROBE_KEYS:
        probe = item.get(key)
        if isinstance(probe, LinedMap):
            found = _probe(document, probe, probe_kind, workload, container, (*where, key), item.line_of(key))
            probes.append(found)
            if found.http is not None and found.http.unresolved:
                warnings.append(ScanWarning(document.path, UNRESOLVED,
                                            f"line {found.location.start_line}: {key} of {workload}: "
                                            f"{found.http.unresolved}"))
    ports = []
    for port in item.get("ports") or ():
        if isinstance(port, dict) and port.get("containerPort") is not None:
            ports.append(Port(str(port["containerPort"]), str(port.get("name") or "")))
    launches = []
    argv = (*_strings(item.get("command")), *_strings(item.get("args")))
    if argv:
        key = "command" if "command" in item else "args"
        launches.append(Launch(_location(document, item.line_of(key)), argv, " ".join(argv), document.source,
                               find_server(simple_commands(argv))))
    probes.sort(key=lambda p: p.location.start_line)
    return Container(container, _location(document, item.line), str(item.get("image", "")), tuple(ports),
                     tuple(probes), tuple(launches))


def _probe(document: Document, probe: LinedMap, kind: str, workload: str, container: str,
           where: tuple[str | int, ...], line: int) -> Probe:
    location = _location(document, line, probe.end_line)
    http = probe.get("httpGet")
    if isinstance(http, LinedMap):
        path, port = http.get("path", "/"), http.get("port", "")
        missing = [f"`{e}`" for e in (unresolved(path), unresolved(port)) if e]
        why = f"{' and '.join(missing)} cannot be resolved from values.yaml" if missing else ""
        target = HttpTarget(str(path) if not unresolved(path) else "", "" if unresolved(port) else str(port),
                            str(http.get("host", "")), why)
        editable = "path" in http and document.source == KUBERNETES  # a Helm template is not plain YAML
        yaml_path = f"{document.index}:" + ".".join(map(str, (*where, "httpGet", "path"))) if editable else ""
        return Probe(kind, "httpGet", location, document.source, workload, container, target,
                     yaml_path=yaml_path)
    exec_ = probe.get("exec")
    if isinstance(exec_, LinedMap):
        command = _strings(exec_.get("command"))
        return Probe(kind, "exec", location, document.source, workload, container,
                     http_target(simple_commands(command), " ".join(command)), command)
    mechanism = next((m for m in ("tcpSocket", "grpc") if m in probe), "unknown")
    return Probe(kind, mechanism, location, document.source, workload, container)
