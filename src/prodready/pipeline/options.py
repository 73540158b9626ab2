"""Options of one scan, as the CLI (or a test, or a codemod) passes them to the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from prodready.model.config import Config
from prodready.model.findings import Confidence


@dataclass(frozen=True)
class ScanOptions:
    """What to scan and how; the pipeline reads nothing else."""

    root: Path
    config: Config = field(default_factory=Config)
    jobs: int = 0  # 0 = all cores
    use_cache: bool = True
    cache_dir: Path | None = None  # default: sealed.default_cache_dir(root), outside the tree
    baseline: Path | None = None
    diff_base: str | None = None
    select: tuple[str, ...] = ()  # CLI --select, added to config.select
    ignore: tuple[str, ...] = ()
    progress: bool = False  # rich progress bar (terminal only)
    semgrep: bool = False
    min_confidence: Confidence | None = None  # CLI --min-confidence, over config.min_confidence
    profile: str = ""  # CLI --profile ("" = the configuration's)
    only_paths: tuple[str, ...] | None = None  # report only findings touching these root-relative files (pre-commit)
    git_provenance: bool = False  # read the commit, dirtiness and repository prefix (report headers, SARIF)
