"""Running the real `prodready` console entry in a subprocess with a fixed terminal width."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"


FAKE_HEALTH = '''from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health():
    return {"status": "healthy", "db_connected": True}
'''


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a committer identity; its output, stripped."""
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout.strip()


def prodready(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m prodready ARGS` in `cwd`: 100 columns, no colour, not in CI unless `env` says so."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("CI", "GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS")}
    environment.update({"TERMINAL_WIDTH": "100", "COLUMNS": "100", "NO_COLOR": "1", **(env or {})})
    return subprocess.run([sys.executable, "-m", "prodready", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300)


def golden(name: str, text: str) -> None:
    """Compare with tests/cli/golden/NAME (PRODREADY_UPDATE_GOLDEN=1 rewrites it; review the diff)."""
    path = GOLDEN / name
    if os.environ.get("PRODREADY_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (review, then PRODREADY_UPDATE_GOLDEN=1)"


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} under root."""
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
