"""Reading deployment files: discovery by glob, Kubernetes/Helm/compose/Dockerfile/Procfile
readers, command lines, and bad input as warnings (the scan goes on)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from prodready.engine.deployment.commands import find_server, http_target, shell_words, simple_commands
from prodready.engine.deployment.helm import render
from prodready.engine.deployment.reader import read_deployment
from prodready.engine.deployment.yaml_lines import YAMLProblem, load_documents
from prodready.engine.discovery import discover
from prodready.model.config import Config
from prodready.model.deployment import HttpTarget, Server
from tests.conftest import scan_project


def read(files: dict[str, str]):
    return read_deployment({path: textwrap.dedent(text) for path, text in files.items()})


def probes(files: dict[str, str]) -> list[tuple[str, str, str, int, str, str]]:
    deployment, _ = read(files)
    return [(p.workload, p.kind, p.mechanism, p.location.start_line, p.http.path if p.http else "",
             p.http.port if p.http else "") for p in deployment.probes]


DEPLOYMENT = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
    spec:
      template:
        spec:
          containers:
            - name: api
              image: api:1
              args: ["uvicorn", "main:app", "--port", "8080"]
              readinessProbe:
                httpGet: {path: /ready?verbose=1, port: 8080}
              livenessProbe:
                tcpSocket: {port: 8080}
"""


def test_discovery_lists_deployment_files_by_glob(tmp_path: Path) -> None:
    for name in ("main.py", "Dockerfile", "docker/api.Dockerfile", "Procfile", "k8s/app.yaml", "notes.txt",
                 "requirements.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    found = discover(tmp_path, Config())
    assert found.deployment == ("Dockerfile", "Procfile", "docker/api.Dockerfile", "k8s/app.yaml")
    assert found.sources == ("main.py",) and found.manifests == ("requirements.txt",)
    only = discover(tmp_path, Config(deploy_files=("k8s/*.yaml",)))
    assert only.deployment == ("k8s/app.yaml",)


def test_kubernetes_probes_ports_and_commands() -> None:
    assert probes({"k8s/app.yaml": DEPLOYMENT}) == [
        ("Deployment/api", "readiness", "httpGet", 12, "/ready?verbose=1", "8080"),
        ("Deployment/api", "liveness", "tcpSocket", 14, "", ""),
    ]
    deployment, warnings = read({"k8s/app.yaml": DEPLOYMENT})
    [launch] = deployment.launches
    assert (launch.location.label(), launch.server) == ("k8s/app.yaml:11", Server("uvicorn", "main:app", "8080"))
    assert warnings == []


def test_multi_document_lists_and_cron_job_templates() -> None:
    text = """\
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata: {name: one}
            spec:
              containers:
                - name: web
                  readinessProbe: {httpGet: {path: /a, port: 80}}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: job
                      livenessProbe: {exec: {command: ["curl", "-f", "http://localhost:9000/b"]}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
    """
    assert probes({"all.yaml": text}) == [
        ("Pod/one", "readiness", "httpGet", 10, "/a", "80"),
        ("CronJob/nightly", "liveness", "exec", 22, "/b", "9000"),
    ]


def test_bad_yaml_unknown_kinds_and_python_tags_are_warnings(tmp_path: Path) -> None:
    files = {
        "app.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "k8s/broken.yaml": "apiVersion: v1\nkind: Pod\nspec: [\n",
        "k8s/flow.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  templates:\n"
                         "    - name: main\n      containers: []\n",
        "k8s/tagged.yaml": "apiVersion: v1\nkind: Pod\nmetadata: !!python/object/apply:os.system ['true']\n",
    }
    result = scan_project(tmp_path, files)
    warnings = sorted((w.path, w.kind, w.message.split(":")[0]) for w in result.warnings)
    assert warnings == [
        ("k8s/broken.yaml", "deploy-bad-yaml", "line 4"),
        ("k8s/flow.yaml", "deploy-unknown-kind", "line 1"),
        ("k8s/tagged.yaml", "deploy-bad-yaml", "line 3"),
    ]
    assert {f.rule_id for f in result.findings} >= {"PR301"}  # the scan went on


def test_yaml_lines_merge_keys_and_errors() -> None:
    [document] = load_documents("base: &base\n  a: 1\nchild:\n  <<: *base\n  b: 2\n")
    assert document["child"] == {"a": 1, "b": 2}
    assert (document.line_of("child"), document["child"].line_of("b"), document["child"].end_line) == (3, 5, 5)
    with pytest.raises(YAMLProblem) as problem:
        load_documents("a: [1\n")
    assert problem.value.line == 2


def test_helm_masks_actions_and_applies_values() -> None:
    template = textwrap.dedent("""\
        {{- define "x.name" -}}
        ignored: true
        {{- end }}
        metadata:
          name: {{ include "x.name" . }}
          port: {{ .Values.port | default 8000 }}
          path: "{{ .Values.probe.path }}"
        {{- if .Values.missing.flag }}
          first: branch
        {{- else }}
          second: branch
        {{- end }}
        {{- with .Values.probe }}
          probe:
            {{- toYaml . | nindent 4 }}
        {{- end }}
        {{- with .Values.absent }}
          absent: here
        {{- end }}
        {{- if eq .Values.mode "blue" }}
          unknown: first
        {{- else }}
          unknown: second
        {{- end }}
    """)
    rendered = render(template, {"probe": {"path": "/ready"}})
    assert rendered.text.splitlines() == [
        "metadata:", "  name: HELM_UNRESOLVED(include 'x.name' .)", "  port: 8000", '  path: "/ready"',
        "  second: branch", "  probe:", "    path: /ready", "  unknown: first",
    ]
    assert rendered.lines == (4, 5, 6, 7, 11, 14, 15, 21)


def test_helm_chart_templates_are_read_with_values() -> None:
    deployment, warnings = read({
        "chart/Chart.yaml": "name: shop\nversion: 1.0.0\n",
        "chart/values.yaml": "readyPath: /ready\n",
        "chart/templates/deploy.yaml": """\
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}-shop
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      readinessProbe:
                        httpGet: {path: "{{ .Values.readyPath }}", port: 80}
                      livenessProbe:
                        httpGet: {path: "{{ .Values.livePath }}", port: 80}
        """,
    })
    assert [(p.workload, p.kind, p.http) for p in deployment.probes] == [
        ("Deployment/shop", "readiness", HttpTarget("/ready", "80")),
        ("Deployment/shop", "liveness", HttpTarget("", "80", "", "`.Values.livePath` cannot be resolved from values.yaml")),
    ]
    assert [(w.kind, w.message) for w in warnings] == [
        ("deploy-unresolved", "line 12: livenessProbe of Deployment/shop: `.Values.livePath` cannot be resolved "
                              "from values.yaml")]


def test_compose_healthchecks_and_ports() -> None:
    deployment, _ = read({"docker-compose.yml": """\
        x-check: &check
          interval: 5s
        services:
          web:
            command: ["uvicorn", "app:app", "--port", "7000"]
            ports: [{target: 7000, published: 80}]
            healthcheck:
              <<: *check
              test: curl -f localhost:7000/up
          quiet:
            image: busybox
            healthcheck: {test: ["NONE"]}
          off:
            healthcheck: {disable: true, test: ["CMD", "true"]}
    """})
    web = deployment.workloads[0].containers[0]
    assert [(p.kind, p.location.label(), p.http, p.command) for p in web.probes] == [
        ("healthcheck", "docker-compose.yml:7-9", HttpTarget("/up", "7000", "localhost"),
         ("curl -f localhost:7000/up",))]
    assert [p.number for p in web.ports] == ["7000"]
    assert web.launches[0].server == Server("uvicorn", "app:app", "7000")
    assert deployment.probes == web.probes


def test_dockerfile_final_stage_and_entrypoint_forms() -> None:
    deployment, _ = read({
        "Dockerfile": """\
            FROM python:3.12 AS build
            HEALTHCHECK CMD curl -f http://localhost/old
            CMD ["python", "build.py"]
            FROM python:3.12-slim
            ENTRYPOINT ["opentelemetry-instrument"]
            CMD ["gunicorn", \\
                 "--bind", "0.0.0.0:9000", "shop.wsgi:application"]
            HEALTHCHECK --interval=10s CMD wget -q -O- http://127.0.0.1:9000/ready || exit 1
        """,
        "shell.Dockerfile": "FROM x\nENTRYPOINT uvicorn main:app\nCMD [\"--port\", \"1\"]\nHEALTHCHECK NONE\n",
    })
    first, second = deployment.workloads
    [container] = first.containers
    assert [(launch.location.start_line, launch.server) for launch in container.launches] == [
        (5, None), (6, Server("gunicorn", "shop.wsgi:application", "9000"))]
    assert [(p.location.start_line, p.http) for p in container.probes] == [
        (8, HttpTarget("/ready", "9000", "127.0.0.1"))]
    assert second.containers[0].launches[0].server == Server("uvicorn", "main:app", "8000")
    assert second.containers[0].probes == ()


def test_procfile_processes() -> None:
    deployment, _ = read({"Procfile": "web: gunicorn app:app -b :$PORT\n# comment\nworker: celery -A app worker\n"})
    assert [(c.name, c.launches[0].server) for c in deployment.workloads[0].containers] == [
        ("web", Server("gunicorn", "app:app", "$PORT")), ("worker", None)]


@pytest.mark.parametrize("line, server", [
    ("uvicorn main:app", Server("uvicorn", "main:app", "8000")),
    ("uvicorn --port=9000 main:app", Server("uvicorn", "main:app", "9000")),
    ("python -m gunicorn -b unix:/tmp/s.sock app:app", Server("gunicorn", "app:app", "")),
    ("gunicorn -c gunicorn.conf.py app:create_app()", Server("gunicorn", "app:create_app()", "")),
    ("hypercorn --bind 0.0.0.0:8443 app:app", Server("hypercorn", "app:app", "8443")),
    ("python manage.py migrate && python manage.py runserver 0.0.0.0:8001", Server("django", "", "8001")),
    ("FLASK_APP=app flask run -p 5050", Server("flask", "", "5050")),
    ("daphne -p 8002 shop.asgi:application", Server("daphne", "shop.asgi:application", "8002")),
    ("celery -A app worker", None),
])
def test_server_command_lines(line: str, server: Server | None) -> None:
    assert find_server(simple_commands(shell_words(line))) == server


@pytest.mark.parametrize("argv, target", [
    (["curl", "-fsS", "-H", "Host: x", "http://localhost:8000/health"], HttpTarget("/health", "8000", "localhost")),
    (["sh", "-c", "wget --spider -q localhost:81/live || exit 1"], HttpTarget("/live", "81", "localhost")),
    (["curl", "https://127.0.0.1/ready"], HttpTarget("/ready", "443", "127.0.0.1")),
    (["pg_isready", "-U", "app"], None),
])
def test_health_command_urls(argv: list[str], target: HttpTarget | None) -> None:
    assert http_target(simple_commands(argv), " ".join(argv)) == target


def test_a_changed_manifest_invalidates_the_scan_cache(tmp_path: Path) -> None:
    from prodready.pipeline.options import ScanOptions
    from prodready.pipeline.scan import scan

    root = tmp_path / "svc"
    root.mkdir()
    (root / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n\n\n@app.get('/ready')\n"
                                  "def ready():\n    return {'ok': True}\n")
    (root / "k8s.yaml").write_text(textwrap.dedent(DEPLOYMENT))
    options = ScanOptions(root=root, jobs=1, cache_dir=tmp_path / "cache")

    def unrouted() -> list[int]:
        return [f.location.start_line for f in scan(options).findings if f.rule_id == "PR503"]

    assert unrouted() == []  # /ready?verbose=1 reaches /ready
    assert unrouted() == []
    (root / "k8s.yaml").write_text(textwrap.dedent(DEPLOYMENT).replace("/ready?verbose=1", "/readyz"))
    assert unrouted() == [12]


def test_cloud_foundry_manifest_processes_are_launches() -> None:
    deployment, warnings = read({"manifest.yml": """\
        ---
        applications:
          - name: notify-api
            services:
              - notify-api-rds
            processes:
              - type: web
                command: ./scripts/run_web.sh
              - type: worker
                command: newrelic-admin run-program celery -A run_celery worker
          - name: admin
            command: gunicorn -b :8080 admin:app
        """, "ci/pipeline.yml": "applications: [ci-runner]\n"})
    assert warnings == []
    assert [(w.label, [c.name for c in w.containers]) for w in deployment.workloads] == [
        ("Cloud Foundry application notify-api", ["web", "worker"]),
        ("Cloud Foundry application admin", ["admin"]),
    ]
    assert [(l.location.label(), l.text, l.server and l.server.program) for l in deployment.launches] == [
        ("manifest.yml:8", "./scripts/run_web.sh", None),
        ("manifest.yml:10", "newrelic-admin run-program celery -A run_celery worker", None),
        ("manifest.yml:12", "gunicorn -b :8080 admin:app", "gunicorn"),
    ]
