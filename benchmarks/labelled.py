"""Shared by the labelled-set scorers: read label files, lay out each repository at its labelled
commit from the fetched snapshot, and run prodready on it.

Snapshots are the bare git directories `fetch` leaves under /work/.mirror/<owner>+<name>/
(override with --mirrors); trees are extracted once into benchmarks/.corpus/labelled/ (gitignored).
No third-party code is kept in this repository: only the labels, and this script.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
TREES = HERE / ".corpus" / "labelled"
MIRRORS = Path("/work/.mirror")
PRODREADY = Path(sys.executable).parent / "prodready"


@dataclass(frozen=True)
class LabelFile:
    """One repository's labels."""

    path: Path
    data: dict[str, Any]

    @property
    def repo(self) -> str:
        return self.data["repo"]

    @property
    def split(self) -> str:
        return self.data["split"]

    @property
    def scope(self) -> tuple[str, ...]:
        return tuple(s.rstrip("/") for s in self.data.get("scope") or ())

    def in_scope(self, relpath: str) -> bool:
        """Whether a repository-relative path lies in the labelled scope (folders, or single files)."""
        return not self.scope or any(relpath == entry or relpath.startswith(entry + "/") for entry in self.scope)


def expected_split(repo: str) -> str:
    """The split the rule of LABELS.md gives `repo` (checked against each file)."""
    return "holdout" if int(hashlib.sha256(repo.encode()).hexdigest(), 16) % 3 == 0 else "dev"


#: Holdout rounds already scored and reported in a closing note: their files have been seen, so they
#: count as dev from then on (a figure tuned on them would not be a held-out result).
REPORTED_ROUNDS = frozenset({1, 2, 3, 4})


def label_files(directory: Path, split: str, round_: int | None = None, repo: str = "") -> Iterator[LabelFile]:
    """The label files of `directory` in `split` ("dev", "holdout" or "all"), sorted by repository.

    Without `round_`, holdout files of reported rounds are dev; with it, only that round's files, by their
    own split (to reproduce a round's held-out figure). `repo` keeps only that owner/name.
    """
    for path in sorted(directory.glob("*.yaml")):
        labels = LabelFile(path, yaml.safe_load(path.read_text(encoding="utf-8")))
        if repo and labels.repo != repo:
            continue
        if labels.split != expected_split(labels.repo):
            raise SystemExit(f"{path}: split {labels.split!r}, but the rule gives {expected_split(labels.repo)!r}")
        file_round = labels.data.get("round", 1)
        if round_ is not None and file_round != round_:
            continue
        effective = labels.split if round_ is not None or file_round not in REPORTED_ROUNDS else "dev"
        if split in ("all", effective):
            yield labels


def add_split_options(parser: argparse.ArgumentParser) -> None:
    """--split, --round and --repo, as every scorer takes them."""
    parser.add_argument("--split", default="dev", choices=["dev", "holdout", "all"],
                        help="dev includes the holdout files of rounds already reported")
    parser.add_argument("--round", dest="round_", type=int, default=None,
                        help="only this labelling round, by its own split (reproduces a reported figure)")
    parser.add_argument("--repo", default="", help="score only this owner/name")


def tree(labels: LabelFile, mirrors: Path = MIRRORS) -> Path:
    """The repository at its labelled commit, extracted once from its snapshot."""
    commit = labels.data["commit"]
    target = TREES / f"{labels.repo.replace('/', '__')}-{commit[:12]}"
    if target.is_dir():
        return target
    TREES.mkdir(parents=True, exist_ok=True)
    snapshots = sorted((mirrors / labels.repo.replace("/", "+")).rglob("HEAD"))
    if not snapshots:
        raise SystemExit(f"{labels.repo}: no snapshot under {mirrors} (fetch github:{labels.repo})")
    git_dir = snapshots[0].parent
    staging = Path(tempfile.mkdtemp(prefix="labelled-", dir=TREES.parent))
    _extract(git_dir, commit, staging)
    staging.rename(target)
    return target


def _extract(git_dir: Path, commit: str, destination: Path) -> None:
    """Write every blob of `commit` under `destination`; blobs the snapshot lacks (files of 4 MiB
    and more, LFS content) and links are left out."""
    listing = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", commit],
                             capture_output=True, check=True).stdout.split(b"\0")
    blobs = []
    for entry in filter(None, listing):
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000":
            blobs.append((sha, os.fsdecode(path)))
    batch = subprocess.Popen(["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert batch.stdin is not None and batch.stdout is not None
    for sha, path in blobs:
        batch.stdin.write(sha + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":  # "<sha> missing"
            continue
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)  # the newline after each object
        target = destination / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    batch.stdin.close()
    batch.wait()


def scan(root: Path, *args: str) -> dict[str, Any]:
    """prodready's JSON report of `root` (no cache, exit code ignored; a tree whose own .gitignore
    hides every file, as a virtualenv's `*` does, is an empty scan, not an error)."""
    completed = subprocess.run([str(PRODREADY), "scan", str(root), "--format", "json", "--no-cache", "--exit-zero",
                                "--allow-empty", *args], capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"prodready failed on {root}: {completed.stderr.strip()}")
    return json.loads(completed.stdout)
