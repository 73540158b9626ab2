"""Optional `--semgrep`: run the shipped semgrep rule pack offline and convert its results.

semgrep is never required: without it `--semgrep` is a configuration error (exit 2). It always
runs with `--metrics=off --disable-version-check`, without which it waits for the network.
Its findings get rule ids `SG:<semgrep rule id>` in the family `semgrep` (no Rule is registered
for them, so `prodready explain` does not know them; the pack file documents them).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from prodready.model.config import ConfigError
from prodready.model.findings import Finding, Location, Severity
from prodready.pipeline.options import ScanOptions

SEMGREP_PREFIX = "SG:"  # ids of findings converted from the shipped semgrep pack
SEMGREP_FAMILY = "semgrep"
OFFLINE_FLAGS = ("--metrics=off", "--disable-version-check")
_SEVERITIES = {"ERROR": Severity.HIGH, "WARNING": Severity.MEDIUM, "INFO": Severity.LOW}


def shipped_pack() -> Path:
    """The semgrep rule file shipped with prodready (wheel copy, else the source checkout's)."""
    package_copy = Path(__file__).resolve().parent.parent / "semgrep" / "prodready.yml"
    if package_copy.is_file():
        return package_copy
    return Path(__file__).resolve().parents[3] / "semgrep" / "prodready.yml"


def semgrep_argv(executable: str, pack: Path, root: Path, jobs: int, excludes: tuple[str, ...]) -> list[str]:
    """The semgrep command line: offline, JSON, quiet, over `root`."""
    argv = [executable, "scan", "--config", str(pack), "--json", *OFFLINE_FLAGS, "--quiet"]
    if jobs > 0:
        argv += ["--jobs", str(jobs)]
    for pattern in excludes:
        argv += ["--exclude", pattern]
    return [*argv, str(root)]


def run_semgrep(options: ScanOptions) -> list[Finding]:
    """Run the shipped pack over `options.root` and return its results as findings."""
    executable = shutil.which("semgrep")
    if executable is None:
        raise ConfigError("--semgrep: semgrep is not installed (install it with `pipx install semgrep`)")
    root = options.root.resolve()
    config = options.config
    argv = semgrep_argv(executable, shipped_pack(), root, options.jobs, (*config.exclude, *config.extend_exclude))
    completed = subprocess.run(argv, capture_output=True, text=True, check=False)
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        tail = completed.stderr.strip()[-500:]
        raise ConfigError(f"--semgrep: semgrep exited {completed.returncode} without a JSON report: {tail}") from None
    return [semgrep_finding(item, root) for item in report.get("results", [])]


def semgrep_finding(result: dict[str, Any], root: Path) -> Finding:
    """One semgrep JSON result as a Finding (path made relative to the scanned root)."""
    rule = str(result.get("check_id", "unknown")).rsplit(".", 1)[-1]
    extra = result.get("extra", {})
    metadata = extra.get("metadata", {})
    path = Path(result.get("path", ""))
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(root)
        except ValueError:
            pass
    severity_name = str(metadata.get("prodready-severity", "")).upper()
    severity = Severity[severity_name] if severity_name in Severity.__members__ else _SEVERITIES.get(
        str(extra.get("severity", "")).upper(), Severity.MEDIUM
    )
    return Finding(
        rule_id=f"{SEMGREP_PREFIX}{rule}",
        slug=rule,
        family=SEMGREP_FAMILY,
        status=str(metadata.get("status", "match")),
        severity=severity,
        message=str(extra.get("message", "")).strip(),
        location=Location(
            path.as_posix(),
            int(result.get("start", {}).get("line", 1)),
            int(result.get("end", {}).get("line", 1)),
            int(result.get("start", {}).get("col", 1)),
        ),
        area=str(metadata.get("area", "")),
    )
