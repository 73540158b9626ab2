"""Score prodready's inventory and capability findings against the labelled ten features.

    .venv/bin/python benchmarks/inventory/score.py [--split dev|holdout|all] [--round N] [--repo owner/name]

Each labelled repository is laid out at its commit (benchmarks/labelled.py) and scanned with JSON
output and `--profile enterprise` (the default profile leaves licensing and clustering unchecked). Every feature gets one prediction, `present`, `declared-not-wired` or `absent`, from the
findings of the report area it maps to:

| label feature       | report area (finding `area`)        | findings read                          |
|---------------------|-------------------------------------|----------------------------------------|
| health              | health-monitoring                   | PR101-PR104 (a health route) and inventory |
| high_availability   | high-availability                   | inventory (PR401/PR402/PR404)          |
| load_balancing      | load-balancing                      | inventory                              |
| circuit_breaker     | circuit-breaker                     | inventory                              |
| authentication      | authentication                      | inventory (PR401-PR404; not exposure)  |
| metrics             | monitoring                          | inventory                              |
| tracing             | tracing                             | PR301 and inventory                    |
| backup              | backup-recovery                     | inventory                              |
| licensing           | licensing                           | PR302 and inventory                    |
| clustering          | clustering                          | PR303 and inventory                    |

A finding says `present` when its status is real/present (a PR401 component, a capability
present, an always-pass check PR403: the code is there even if it checks nothing, or a health
route of any class but `missing`); `declared-not-wired` when its status is declared-not-wired or
placeholder (a PR30x capability or a PR404 area whose library is declared or imported but never
wired; a PR402 component whose key methods are stubs); anything else (PR404/PR30x `missing`)
says nothing. The area's
prediction is the strongest statement of its findings (present > declared-not-wired > absent).
A label file with a `scope` describes the service in those folders: each scope folder is scanned
on its own (its manifests, its project-level findings) and the findings are merged, paths prefixed
with the folder.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from labelled import add_split_options, label_files, scan, tree

LABELS = Path(__file__).resolve().parent / "labels"
PRESENT, DECLARED, ABSENT = "present", "declared-not-wired", "absent"
FEATURE_AREAS = {
    "health": "health-monitoring",
    "high_availability": "high-availability",
    "load_balancing": "load-balancing",
    "circuit_breaker": "circuit-breaker",
    "authentication": "authentication",
    "metrics": "monitoring",
    "tracing": "tracing",
    "backup": "backup-recovery",
    "licensing": "licensing",
    "clustering": "clustering",
}
PRESENT_STATUSES = {"real", "present", "fake", "body-only-failure", "static-liveness"}
DECLARED_STATUSES = {"declared-not-wired", "placeholder"}
STRENGTH = {ABSENT: 0, DECLARED: 1, PRESENT: 2}
PROFILE = ("--profile", "enterprise")  # all ten features are labelled: licensing and clustering too
FAMILIES = {"inventory", "capability", "health"}


def said(finding: dict) -> str:
    """What one finding says about its area."""
    if finding["family"] not in FAMILIES or finding.get("suppression"):
        return ABSENT
    if finding["status"] in PRESENT_STATUSES:
        return PRESENT
    if finding["status"] in DECLARED_STATUSES:
        return DECLARED
    return ABSENT


def scoped_findings(labels) -> list[dict]:
    """The findings of the labelled service: the whole tree, or each scope folder scanned apart; a
    scope naming a deployment file (`Dockerfile`, `docker-compose.yml`: no folder, no Python file)
    is scanned as a whole tree, its findings kept where the scope holds them."""
    root = tree(labels)
    if not labels.scope:
        return scan(root, *PROFILE)["findings"]
    if any(not (root / entry).is_dir() and not entry.endswith(".py") for entry in labels.scope):
        return [f for f in scan(root, *PROFILE)["findings"] if labels.in_scope(f["path"])]
    findings = []
    for folder in labels.scope:
        for finding in scan(root / folder, *PROFILE)["findings"]:
            findings.append({**finding, "path": f"{folder}/{finding['path']}"})
    return findings


def predictions(findings: list[dict]) -> dict[str, tuple[str, list[str]]]:
    """Feature -> (prediction, evidence lines) from one scan's findings."""
    by_area: dict[str, list[dict]] = defaultdict(list)
    for finding in findings:
        by_area[finding["area"]].append(finding)
    found = {}
    for feature, area in FEATURE_AREAS.items():
        best, evidence = ABSENT, []
        for finding in by_area.get(area, ()):
            verdict = said(finding)
            if verdict != ABSENT:
                evidence.append(f"{finding['rule_id']} {finding['status']} {finding['path']}:{finding['start_line']}"
                                f" {finding['title'] or finding['message'][:60]}")
            if STRENGTH[verdict] > STRENGTH[best]:
                best = verdict
        found[feature] = (best, evidence)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_split_options(parser)
    parser.add_argument("--verbose", action="store_true", help="print the evidence of every wrong prediction")
    options = parser.parse_args()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    confusion: Counter[tuple[str, str, str]] = Counter()
    for labels in label_files(LABELS, options.split, options.round_, options.repo):
        found = predictions(scoped_findings(labels))
        for feature, area in FEATURE_AREAS.items():
            label = labels.data["features"][feature]["label"]
            prediction, evidence = found[feature]
            total[feature] += 1
            right[feature] += prediction == label
            confusion[(feature, label, prediction)] += 1
            if prediction != label:
                print(f"  wrong {labels.repo} {feature}: labelled {label}, said {prediction}")
                if options.verbose:
                    for line in evidence[:6]:
                        print(f"        {line}")
    if not total:
        print("no label files matched")
        return 1
    print(f"\nsplit {options.split}: {sum(total.values()) // len(FEATURE_AREAS)} repositories")
    print("\n| feature | accuracy |\n|---|---:|")
    for feature in FEATURE_AREAS:
        print(f"| {feature} | {right[feature] / total[feature]:.2f} ({right[feature]}/{total[feature]}) |")
    overall = sum(right.values()) / sum(total.values())
    print(f"| all | {overall:.2f} ({sum(right.values())}/{sum(total.values())}) |")
    print("\n| label | prodready said | features |\n|---|---|---:|")
    summary: Counter[tuple[str, str]] = Counter()
    for (_, label, prediction), count in confusion.items():
        summary[(label, prediction)] += count
    for (label, prediction), count in sorted(summary.items()):
        print(f"| {label} | {prediction} | {count} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
