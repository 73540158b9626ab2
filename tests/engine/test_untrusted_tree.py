"""Scanning a repository prepared by someone else (a fork pull request) runs none of its code.

The tree below plants every way a repository could try to run code in the scanner's process or
its subprocesses: a crafted result cache and digest memo (pickle payloads), `.pth`,
`sitecustomize.py`, `usercustomize.py`, `conftest.py`, `setup.py`, a package named `prodready`,
module-level code in the scanned service, an indicator pack with YAML Python tags, and git
configuration naming an fsmonitor hook and a clean filter. Each payload would write a marker
file; the scan must write none and still report the service's fake health endpoint.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from engine_support import write_tree

PRODREADY = Path(sys.executable).parent / "prodready"
FAKE_HEALTH = '''from fastapi import FastAPI

app = FastAPI()
{payload}

@app.get("/health")
def health():
    return {{"status": "healthy", "db_connected": True}}
'''


class _Payload:
    """Unpickling this runs `code`."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __reduce__(self):
        return exec, (self.code,)


def _writes(marker: Path, name: str) -> str:
    """Python source that leaves `marker` behind, naming the payload that ran."""
    return f"import pathlib; pathlib.Path({str(marker)!r}).write_text({name!r})"


def _plant_cache_payloads(cache: Path, marker: Path) -> int:
    """Replace every file of a real cache directory with a pickle payload of the same name."""
    planted = 0
    for path in cache.rglob("*"):
        if path.is_file() and path.name != ".gitignore":
            path.write_bytes(pickle.dumps(_Payload(_writes(marker, f"cache file {path.name}"))))
            planted += 1
    (cache / "digests.pickle").write_bytes(pickle.dumps(_Payload(_writes(marker, "old digest memo"))))
    return planted + 1


def _untrusted_tree(root: Path, marker: Path) -> Path:
    runs = lambda name: _writes(marker, name) + "\n"  # noqa: E731 - one line per planted file
    write_tree(root, {
        "main.py": FAKE_HEALTH.format(payload=runs("scanned module")),
        "evil.pth": "import pathlib; " + runs(".pth"),
        "site-packages/evil.pth": "import pathlib; " + runs("site-packages .pth"),
        "sitecustomize.py": runs("sitecustomize"),
        "usercustomize.py": runs("usercustomize"),
        "conftest.py": runs("conftest"),
        "setup.py": runs("setup.py"),
        "prodready/__init__.py": runs("a package named prodready"),
        "prodready/__main__.py": runs("a package named prodready"),
        "packs/evil.yaml": f"!!python/object/apply:os.system ['touch {marker}']\n",
        "deploy/values.yaml": f"probe: !!python/object/apply:os.system ['touch {marker}']\n",
        ".gitattributes": "*.py filter=evil\n",
    })
    git = ["git", "-c", "user.email=fork@example.invalid", "-c", "user.name=fork"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "fork"], cwd=root, check=True)
    subprocess.run(["git", "config", "core.fsmonitor", f"touch {marker}; false"], cwd=root, check=True)
    subprocess.run(["git", "config", "filter.evil.clean", f"touch {marker}; cat"], cwd=root, check=True)
    changed = (root / "main.py").read_text().replace('"db_connected": True', '"db_connected": True, "v": 2')
    (root / "main.py").write_text(changed)  # a change in the handler, for the diff to clean
    return root


def _scan(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PRODREADY), "scan", ".", "--format", "json", "--jobs", "1", *args],
        cwd=root, capture_output=True, text=True, timeout=300,
    )


def _findings(completed: subprocess.CompletedProcess[str]) -> set[tuple[str, str, int]]:
    report = json.loads(completed.stdout)
    return {(f["rule_id"], f["path"], f["start_line"]) for f in report["findings"]}


def _warnings(completed: subprocess.CompletedProcess[str]) -> set[str]:
    return {w["kind"] for w in json.loads(completed.stdout)["warnings"]}


@pytest.mark.parametrize("in_tree_cache", [False, True], ids=["default-cache", "cache-dir-in-tree"])
def test_scanning_a_tree_that_plants_payloads_runs_none_of_them(tmp_path: Path, in_tree_cache: bool) -> None:
    marker = tmp_path / "PWNED"
    root = _untrusted_tree(tmp_path / "fork", marker)
    cache_args = ("--cache-dir", ".prodready_cache") if in_tree_cache else ()
    # The attacker knows prodready's version, so ships a cache under the very names it will read.
    honest = _scan(root, "--cache-dir", str(root / ".prodready_cache"))
    assert honest.returncode == 1, honest.stderr
    assert _plant_cache_payloads(root / ".prodready_cache", marker) >= 3
    assert not marker.exists()

    completed = _scan(root, *cache_args, "--diff-base", "HEAD")

    assert not marker.exists(), f"payload ran: {marker.read_text()}"
    assert completed.returncode == 1, completed.stderr
    assert ("PR101", "main.py", 7) in _findings(completed)
    if in_tree_cache:
        assert "cache-rejected" in _warnings(completed)
        again = _scan(root, *cache_args)  # the rejected cache was rebuilt with this user's key
        assert "cache-rejected" not in _warnings(again) and ("PR101", "main.py", 7) in _findings(again)
    assert not marker.exists()


def test_an_indicator_pack_with_python_tags_is_refused_and_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    root = _untrusted_tree(tmp_path / "fork", marker)
    (root / "pyproject.toml").write_text('[tool.prodready]\npacks = ["packs/evil.yaml"]\n')
    completed = _scan(root)
    assert completed.returncode == 2 and not marker.exists()
    assert "packs/evil.yaml:1: invalid YAML: could not determine a constructor" in completed.stderr
