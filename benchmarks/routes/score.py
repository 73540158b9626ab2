"""Score prodready's route inventory against the labelled routes of public services.

    .venv/bin/python benchmarks/routes/score.py [--split dev|holdout|all] [--round N] [--verbose]

A labelled route is *found* when `prodready routes --format json` lists a route in the label's
file whose handler span holds the label's line, with a compatible method (a label or route
without methods takes any). It is *found at its path* when one such route also has the label's
full path (parameters in any framework's syntax compare equal, trailing slashes ignored).
Health accuracy is over found routes labelled health-ish; a real endpoint (label `real` or
`static-liveness`) that prodready calls `fake` is listed on its own line.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from labelled import PRODREADY, add_split_options, label_files, tree

LABELS = Path(__file__).resolve().parent / "labels"
_PARAMETER = re.compile(r"\(\?P<\w+>[^)]*\)|<[^<>]+>|\{[^{}]+\}|(?<=/):\w+|\([^)]*\)")
REAL_ENDPOINTS = ("real", "static-liveness")
_CLASS = re.compile(r"\s*class\s+(\w+)\b")


def routes(root: Path) -> list[dict[str, Any]]:
    """prodready's route inventory of `root` (no cache)."""
    completed = subprocess.run([str(PRODREADY), "routes", str(root), "--format", "json", "--no-cache"],
                               capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"prodready routes failed on {root}: {completed.stderr.strip()}")
    return json.loads(completed.stdout)["routes"]


def normal_path(path: str) -> str:
    """A path with every parameter as `{}`, regex anchors and trailing slash dropped, one leading slash."""
    path = path.strip().lstrip("^").rstrip("$")
    path = _PARAMETER.sub("{}", path)
    return "/" + path.strip("/")


def label_methods(label: dict[str, Any]) -> set[str]:
    value = label.get("method") or "ANY"
    methods = {m.upper() for m in (value if isinstance(value, list) else [value])}
    return set() if "ANY" in methods else methods


def matches(route: dict[str, Any], label: dict[str, Any], classes: dict[tuple[str, str], int] | None = None) -> bool:
    """Same file, the label's line inside the handler's span (or, for a method of a class-based
    view, at its class: LABELS.md labels those by the class line), compatible methods."""
    if route["file"] != label["file"]:
        return False
    cls = route["handler"].rsplit(".", 2)[-2] if route["handler"].count(".") >= 2 else ""
    at_class = classes is not None and classes.get((route["file"], cls)) == label["line"]
    if not route["line"] <= label["line"] <= route["end_line"] and not at_class:
        return False
    wanted, given = label_methods(label), set(route["methods"])
    return not wanted or not given or bool(wanted & given)


def class_lines(root: Path, reported: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """(file, class name) -> line of `class Name` for the files of the reported routes."""
    found: dict[tuple[str, str], int] = {}
    for file in {r["file"] for r in reported}:
        try:
            text = (root / file).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            match = _CLASS.match(line)
            if match:
                found.setdefault((file, match.group(1)), number)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_split_options(parser)
    parser.add_argument("--verbose", action="store_true", help="List every miss.")
    options = parser.parse_args()
    total = found = at_path = 0
    health_total = health_right = 0
    by_framework: Counter[tuple[str, str]] = Counter()
    real_called_fake: list[str] = []
    rows = []
    for labels in label_files(LABELS, options.split, options.round_, options.repo):
        root = tree(labels)
        reported = routes(root)
        classes = class_lines(root, reported)
        repo_total = repo_found = repo_path = 0
        for label in labels.data["routes"]:
            candidates = [r for r in reported if matches(r, label, classes)]
            framework = label.get("framework", "?")
            total += 1
            repo_total += 1
            by_framework[(framework, "labelled")] += 1
            if not candidates:
                if options.verbose:
                    print(f"  missed   {labels.repo} {label['file']}:{label['line']} {label.get('method')} {label['path']}")
                continue
            found += 1
            repo_found += 1
            by_framework[(framework, "found")] += 1
            if any(normal_path(r["path"]) == normal_path(label["path"]) for r in candidates):
                at_path += 1
                repo_path += 1
            elif options.verbose:
                print(f"  path     {labels.repo} {label['file']}:{label['line']} labelled {label['path']} "
                      f"said {sorted({r['path'] for r in candidates})}")
            if label.get("health"):
                health_total += 1
                said = {r["health"] for r in candidates if r["health"]}
                if label["health"] in said:
                    health_right += 1
                elif options.verbose:
                    print(f"  health   {labels.repo} {label['file']}:{label['line']} labelled {label['health']} said {sorted(said)}")
                if label["health"] in REAL_ENDPOINTS and "fake" in said:
                    real_called_fake.append(f"{labels.repo} {label['file']}:{label['line']} {label['path']}")
        rows.append((labels.repo, labels.data.get("layout", "single"), repo_found, repo_path, repo_total))
    print("\n| repository | layout | found | at full path | labelled |\n|---|---|---:|---:|---:|")
    for repo, layout, repo_found, repo_path, repo_total in rows:
        print(f"| {repo} | {layout} | {repo_found} | {repo_path} | {repo_total} |")
    print("\n| framework | found | labelled |\n|---|---:|---:|")
    for framework in sorted({f for f, _ in by_framework}):
        print(f"| {framework} | {by_framework[(framework, 'found')]} | {by_framework[(framework, 'labelled')]} |")
    share = found / total if total else 1.0
    print(f"\nsplit {options.split}: routes found {found}/{total} ({share:.1%}), at their full path {at_path}/{total}; "
          f"health classification {health_right}/{health_total}; real endpoints called fake: {len(real_called_fake)}")
    for line in real_called_fake:
        print(f"  real called fake: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
