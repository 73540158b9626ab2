"""Join every probe of the deployment files to what it calls in the code."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Iterable, Iterator

from prodready.model.deployment import (
    DOCKERFILE, HELM, KUBERNETES, Container, Deployment, Port, Probe, Server, Workload,
)
from prodready.model.project import ProjectModel
from prodready.rules.deploy.targets import Target, TargetIndex
from prodready.rules.health.family import uses_health_library

LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"})
THIRD_PARTY_IMAGES = frozenset({
    "redis", "postgres", "postgresql", "mysql", "mariadb", "mongo", "mongodb", "rabbitmq", "memcached",
    "elasticsearch", "opensearch", "kafka", "zookeeper", "nginx", "envoy", "haproxy", "traefik", "busybox",
    "alpine", "minio", "localstack", "jaeger", "otel", "opentelemetry-collector", "prometheus", "grafana",
    "cloud-sql-proxy", "pgbouncer", "etcd", "consul", "vault",
})
NAMED_HTTP_PORTS = frozenset({"http", "web", "https", "api"})


@dataclass(frozen=True)
class Wire:
    """One probe and its code end (None when it reaches nothing, or nothing can be told)."""

    probe: Probe
    workload: Workload
    container: Container
    target: Target | None = None
    problem: str = ""  # why the probe reaches no route of the service
    note: str = ""  # why it was not traced (unresolved value, TCP probe, ...)

    @property
    def request(self) -> str:
        """What the probe sends: "GET /health/ready (port http)", "exec `pg_isready`", "TCP port 8000"."""
        probe = self.probe
        if probe.http is not None and probe.http.path:
            port = f" (port {probe.http.port})" if probe.http.port else ""
            via = f"exec `{_shown(probe.command)}`: " if probe.mechanism == "exec" else ""
            return f"{via}GET {probe.http.path}{port}"
        if probe.mechanism == "exec":
            return f"exec `{_shown(probe.command)}`"
        return f"{probe.mechanism} probe"


def _shown(command: tuple[str, ...]) -> str:
    """A command as written: a shell line as it is, an argv shell-quoted."""
    return command[0] if len(command) == 1 else shlex.join(command)


def server_of(container: Container, deployment: Deployment) -> Server | None:
    """The web server the container runs: its own command, else the image's command when the tree
    has one Dockerfile starting a server and the image is not a well-known third-party one."""
    for launch in container.launches:
        if launch.server is not None:
            return launch.server
    if container.launches or _third_party(container.image):
        return None
    servers = [launch.server for w in deployment.workloads if w.source == DOCKERFILE
               for c in w.containers for launch in c.launches if launch.server is not None]
    return servers[0] if len(servers) == 1 else None


def _third_party(image: str) -> bool:
    name = image.rsplit("/", 1)[-1].split(":", 1)[0].split("@", 1)[0].lower()
    return name in THIRD_PARTY_IMAGES or any(name.startswith(f"{known}-") for known in THIRD_PARTY_IMAGES)


def group_key(workload: Workload, container: Container) -> tuple[str, str, str, str]:
    """Containers of one workload across files (a Kustomize base and its overlays' patches)."""
    return workload.source, workload.kind, workload.name, container.name


def port_problem(probe: Probe, ports: Iterable[Port], server: Server | None) -> str:
    """Why the probe's port is not the one the service listens on ("" when it is, or unknown)."""
    port = probe.http.port if probe.http is not None else ""
    if not port:
        return ""
    if not port.isdigit():
        named = next((p.number for p in ports if p.name == port), None)
        if named is None:
            return f"the container declares no port named `{port}`"
        port = named
    if server is not None and server.port.isdigit() and server.port != port:
        return f"{server.program} listens on port {server.port}, the probe asks port {port}"
    return ""


def serves_http(container: Container, deployment: Deployment) -> bool:
    """True when the container runs the web service: a server command, an HTTP probe or an HTTP port."""
    return (server_of(container, deployment) is not None
            or any(p.mechanism == "httpGet" for p in container.probes)
            or any(p.name in NAMED_HTTP_PORTS for p in container.ports))


def wires(project: ProjectModel, index: TargetIndex) -> Iterator[Wire]:
    """Every probe of the project's deployment files with its code end."""
    deployment = project.deployment
    library = uses_health_library(project) and not index.kit
    ports: dict[tuple[str, str, str, str], list[Port]] = {}
    for workload in deployment.workloads:
        for container in workload.containers:
            ports.setdefault(group_key(workload, container), []).extend(container.ports)
    for workload in deployment.workloads:
        for container in workload.containers:
            for probe in container.probes:
                yield _wire(probe, workload, container, deployment, index, library,
                            ports[group_key(workload, container)])


def _wire(probe: Probe, workload: Workload, container: Container, deployment: Deployment, index: TargetIndex,
          library: bool, ports: list[Port]) -> Wire:
    http = probe.http
    if http is None or (not http.path and not http.unresolved):
        return Wire(probe, workload, container, note="not an HTTP request: not traced to a route")
    if http.unresolved:
        return Wire(probe, workload, container, note=http.unresolved)
    if http.host.lower() not in LOCAL_HOSTS:
        return Wire(probe, workload, container, note=f"asks host {http.host}, not the container itself")
    problem = port_problem(probe, ports, server_of(container, deployment))
    if problem:
        return Wire(probe, workload, container, problem=problem)
    target = index.find(http.path)
    if target is not None:
        return Wire(probe, workload, container, target)
    if index.empty:
        return Wire(probe, workload, container, note="the code declares no route prodready can see")
    if library:
        return Wire(probe, workload, container, note="the service mounts a health-check library; not traced")
    return Wire(probe, workload, container, problem=f"no route of the service answers GET {http.path}")


def is_orchestrated(workload: Workload) -> bool:
    """Kubernetes (plain or Helm) workloads that serve traffic through probes (not Jobs)."""
    return workload.source in (KUBERNETES, HELM) and workload.kind not in ("Job", "CronJob")

