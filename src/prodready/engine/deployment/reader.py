"""Turn the texts of a tree's deployment files into one `Deployment` and the warnings of reading it.

Files are told apart by name (Dockerfile, Procfile, YAML) and YAML by content: documents with
`kind` and `apiVersion` are Kubernetes objects, a mapping of `services` is a compose file, a list of
`applications` a Cloud Foundry manifest, other
YAML is not deployment configuration and is skipped without parsing when its text cannot be one.
A directory holding `Chart.yaml` is a Helm chart: its `templates/` are rendered with its
`values.yaml` (`helm.render`). Bad YAML is a warning; the scan goes on.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, Mapping

from prodready.engine.deployment import cloudfoundry, compose, dockerfile, helm, kubernetes, procfile
from prodready.engine.deployment.yaml_lines import LinedMap, YAMLProblem, load_documents
from prodready.model.deployment import HELM, Deployment, Workload
from prodready.model.findings import ScanWarning

BAD_YAML = "deploy-bad-yaml"
READ_ERROR = "deploy-read-error"
_MAYBE_DEPLOYMENT = re.compile(r"^\s*(-\s+)?(kind|services|applications)\s*:", re.M)
YAML_SUFFIXES = (".yaml", ".yml")


def is_dockerfile(name: str) -> bool:
    """Dockerfile, Dockerfile.prod, api.Dockerfile, Containerfile."""
    lowered = name.lower()
    return lowered in ("dockerfile", "containerfile") or lowered.startswith("dockerfile.") or lowered.endswith(
        ".dockerfile")


def read_deployment(texts: Mapping[str, str]) -> tuple[Deployment, list[ScanWarning]]:
    """Every workload of the files in `texts` ({relative path: text}), in path order."""
    charts = {posixpath.dirname(p) for p in texts if posixpath.basename(p) == "Chart.yaml"}
    workloads: list[Workload] = []
    warnings: list[ScanWarning] = []
    read: list[str] = []
    for path in sorted(texts):
        name = posixpath.basename(path)
        before = len(workloads)
        try:
            _read_file(path, name, texts, charts, workloads, warnings)
        except Exception as error:  # noqa: BLE001 - one unreadable file must not stop the scan
            del workloads[before:]
            warnings.append(ScanWarning(path, READ_ERROR, f"not read: {type(error).__name__}: {error}"))
        if len(workloads) > before:
            read.append(path)
    return Deployment(tuple(workloads), tuple(read)), warnings


def _read_file(path: str, name: str, texts: Mapping[str, str], charts: set[str], workloads: list[Workload],
               warnings: list[ScanWarning]) -> None:
    """The workloads of one file, by its kind."""
    text = texts[path]
    if is_dockerfile(name):
        workloads.append(dockerfile.read_dockerfile(path, text))
    elif name.startswith("Procfile"):
        workloads.append(procfile.read_procfile(path, text))
    elif name.endswith(YAML_SUFFIXES):
        chart = _chart_of(path, charts)
        if chart is not None:
            if posixpath.dirname(path).startswith(posixpath.join(chart, "templates")):
                _read_template(path, text, chart, texts, workloads, warnings)
        elif _MAYBE_DEPLOYMENT.search(text):
            _read_yaml(path, text, workloads, warnings)

def _chart_of(path: str, charts: set[str]) -> str | None:
    """The chart directory a file belongs to (the deepest one), else None."""
    directory = posixpath.dirname(path)
    while True:
        if directory in charts:
            return directory
        if not directory:
            return None
        directory = posixpath.dirname(directory)


def _documents(path: str, text: str, warnings: list[ScanWarning]) -> list[Any]:
    try:
        return load_documents(text)
    except YAMLProblem as problem:
        warnings.append(ScanWarning(path, BAD_YAML, f"line {problem.line}: {problem} (file not read)"))
        return []


def _read_yaml(path: str, text: str, workloads: list[Workload], warnings: list[ScanWarning]) -> None:
    documents = _documents(path, text, warnings)
    manifests = []
    for index, data in enumerate(documents):
        if compose.looks_like_compose(data) and not kubernetes.looks_like_manifest(data):
            workloads.extend(compose.read_compose(path, data))
        elif cloudfoundry.looks_like_cloudfoundry(data):
            workloads.extend(cloudfoundry.read_cloudfoundry(path, data))
        elif kubernetes.looks_like_manifest(data):
            manifests.append(kubernetes.Document(path, index, data))
    found, problems = kubernetes.read_documents(manifests)
    workloads.extend(found)
    warnings.extend(problems)


def _read_template(path: str, text: str, chart: str, texts: Mapping[str, str], workloads: list[Workload],
                   warnings: list[ScanWarning]) -> None:
    values = _mapping(texts.get(posixpath.join(chart, "values.yaml")) or texts.get(
        posixpath.join(chart, "values.yml")), posixpath.join(chart, "values.yaml"), warnings)
    meta = _mapping(texts.get(posixpath.join(chart, "Chart.yaml")), posixpath.join(chart, "Chart.yaml"), warnings)
    chart_values = {key[:1].upper() + key[1:]: value for key, value in meta.items()}
    rendered = helm.render(text, values, chart_values)
    try:
        documents = load_documents(rendered.text)
    except YAMLProblem as problem:
        line = rendered.source_line(problem.line)
        warnings.append(ScanWarning(path, BAD_YAML, f"line {line}: {problem} after masking the template "
                                                    "actions (file not read)"))
        return
    name = str(meta.get("name", "")) or posixpath.basename(chart)
    manifests = [kubernetes.Document(path, index, data, HELM, rendered.source_line, name)
                 for index, data in enumerate(documents) if kubernetes.looks_like_manifest(data)]
    found, problems = kubernetes.read_documents(manifests)
    workloads.extend(found)
    warnings.extend(problems)


def _mapping(text: str | None, path: str, warnings: list[ScanWarning]) -> dict[str, Any]:
    if not text:
        return {}
    documents = _documents(path, text, warnings)
    first = documents[0] if documents else None
    return first if isinstance(first, LinedMap) else {}
