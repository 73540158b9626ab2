"""What the deployment files of a service say: workloads, their containers, probes and launch commands.

Read by `prodready.engine.deployment` from Kubernetes manifests (plain, Kustomize and Helm),
docker-compose files, Dockerfiles, Procfiles and Cloud Foundry manifests; joined to routes by the deploy rule family.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prodready.model.findings import Location

LIVENESS, READINESS, STARTUP, HEALTHCHECK = "liveness", "readiness", "startup", "healthcheck"
PROBE_KINDS = (LIVENESS, READINESS, STARTUP, HEALTHCHECK)
KUBERNETES, HELM, COMPOSE, DOCKERFILE, PROCFILE = "kubernetes", "helm", "compose", "dockerfile", "procfile"
CLOUDFOUNDRY = "cloudfoundry"


@dataclass(frozen=True)
class HttpTarget:
    """Where a probe sends its request: path (query dropped), port as written, and why not known."""

    path: str = ""
    port: str = ""  # a number or a port name ("http"), "" when not given
    host: str = ""
    unresolved: str = ""  # what could not be resolved ("`.Values.probe.path` is not set in values.yaml")


@dataclass(frozen=True)
class Server:
    """A web server command line: `gunicorn -b :8000 app.main:app`, `uvicorn main:app --port 8080`."""

    program: str  # gunicorn, uvicorn, hypercorn, daphne, granian, flask, django
    app: str = ""  # the application target as written ("app.main:app")
    port: str = ""  # the port it listens on, as written ("8000", "$PORT"); the program's default when not given


@dataclass(frozen=True)
class Launch:
    """A command that starts a process: a Dockerfile CMD/ENTRYPOINT, a Procfile line, a compose or
    manifest `command`/`args`."""

    location: Location
    argv: tuple[str, ...]
    text: str  # the command as written, for evidence
    source: str  # kubernetes, helm, compose, dockerfile, procfile, cloudfoundry
    server: Server | None = None


@dataclass(frozen=True)
class Probe:
    """One probe or health check and where it is declared."""

    kind: str  # liveness, readiness, startup, healthcheck (compose, Dockerfile)
    mechanism: str  # httpGet, exec, tcpSocket, grpc
    location: Location  # the probe's key line (`readinessProbe:`, `healthcheck:`, `HEALTHCHECK`)
    source: str
    workload: str  # "Deployment/api", "compose service web", "Dockerfile"
    container: str = ""
    http: HttpTarget | None = None  # httpGet, or the URL an exec probe curls or wgets
    command: tuple[str, ...] = ()  # exec probes and health commands (one string: a shell command line)
    yaml_path: str = ""  # "<document>:<key>.<index>..." of the httpGet path, for fixes ("" when none)


@dataclass(frozen=True)
class Port:
    """A container port: number and optional name."""

    number: str
    name: str = ""


@dataclass(frozen=True)
class Container:
    """A container of a workload (or a compose service, or a Dockerfile's image)."""

    name: str
    location: Location
    image: str = ""
    ports: tuple[Port, ...] = ()
    probes: tuple[Probe, ...] = ()
    launches: tuple[Launch, ...] = ()


@dataclass(frozen=True)
class Workload:
    """A Kubernetes workload, a compose service, a Dockerfile or a Procfile."""

    kind: str  # Deployment, StatefulSet, ..., compose, Dockerfile, Procfile
    name: str
    location: Location
    source: str
    containers: tuple[Container, ...] = ()

    @property
    def label(self) -> str:
        """`Deployment/api`, `compose service web`, `Dockerfile`, `Cloud Foundry application api`."""
        if self.source == COMPOSE:
            return f"compose service {self.name}"
        if self.source in (DOCKERFILE, PROCFILE):
            return self.kind
        if self.source == CLOUDFOUNDRY:
            return f"Cloud Foundry application {self.name}"
        return f"{self.kind}/{self.name}"


@dataclass(frozen=True)
class Deployment:
    """Everything read from a tree's deployment files."""

    workloads: tuple[Workload, ...] = ()
    files: tuple[str, ...] = field(default=())  # deployment files read (relative paths)

    @property
    def probes(self) -> tuple[Probe, ...]:
        """Every probe of every container, in file order."""
        return tuple(p for w in self.workloads for c in w.containers for p in c.probes)

    @property
    def launches(self) -> tuple[Launch, ...]:
        """Every launch command, in file order."""
        return tuple(launch for w in self.workloads for c in w.containers for launch in c.launches)
