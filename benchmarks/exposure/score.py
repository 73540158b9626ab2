"""Score prodready's exposure findings against the labelled test/dev-looking routes.

    .venv/bin/python benchmarks/exposure/score.py [--split dev|holdout|all] [--round N]

A label `exposed` on production code is a positive; `gated`, `unmounted` and `negative` (and any
label on code that never ships) are not. A finding fires when it says `exposed` at a severity
above info. It matches a label when it is in the label's file and its span holds the label's
line. Strict precision counts every firing finding inside the labelled scope, matched or not.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from labelled import add_split_options, label_files, scan, tree

LABELS = Path(__file__).resolve().parent / "labels"


def fires(finding: dict) -> bool:
    """Whether a finding says the route is exposed, above info."""
    return finding["family"] == "exposure" and finding["status"] == "exposed" and finding["severity"] != "info"


def covers(finding: dict, label: dict) -> bool:
    return finding["path"] == label["file"] and finding["start_line"] <= label["line"] <= finding["end_line"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_split_options(parser)
    options = parser.parse_args()
    true_pos = false_pos = false_neg = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for labels in label_files(LABELS, options.split, options.round_, options.repo):
        report = scan(tree(labels))
        findings = [f for f in report["findings"] if f["family"] == "exposure" and labels.in_scope(f["path"])]
        firing = [f for f in findings if fires(f)]
        positives = [r for r in labels.data["routes"] if r["label"] == "exposed" and r.get("production", True)]
        matched = {id(f) for f in firing for r in positives if covers(f, r)}
        found = [r for r in positives if any(covers(f, r) for f in firing)]
        true_pos += len(found)
        false_neg += len(positives) - len(found)
        false_pos += len([f for f in firing if id(f) not in matched])
        for route in labels.data["routes"]:
            said = next((f["status"] for f in findings if covers(f, route)), "-")
            confusion[(route["label"] if route.get("production", True) else f"{route['label']} (not shipped)", said)] += 1
        for f in firing:
            if id(f) not in matched:
                print(f"  false alarm {labels.repo} {f['path']}:{f['start_line']} {f['rule_id']} {f['severity']}")
        for r in positives:
            if r not in found:
                print(f"  missed      {labels.repo} {r['file']}:{r['line']} {r['path']}")
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    print(f"\nsplit {options.split}: precision {precision:.2f} ({true_pos}/{true_pos + false_pos}), "
          f"recall {recall:.2f} ({true_pos}/{true_pos + false_neg})")
    print("\n| label | prodready said | routes |\n|---|---|---:|")
    for (label, said), count in sorted(confusion.items()):
        print(f"| {label} | {said} | {count} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
