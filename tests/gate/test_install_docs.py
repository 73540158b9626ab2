"""No document tells users to install prodready by a name the project has not registered."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BY_NAME = re.compile(r"""\b(?:pipx?|uv pip|poetry|uv)\s+(?:install|add)\s+(?:-\S+\s+)*["']?prodready(?:-kit)?(?:[\[=<>~"'\s]|$)""")
DOCUMENTS = sorted([REPO_ROOT / "README.md", REPO_ROOT / "action.yml", *(REPO_ROOT / "docs").rglob("*.md")])


def test_install_commands_name_a_checkout_never_the_package_index() -> None:
    offending = [
        f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}"
        for path in DOCUMENTS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if BY_NAME.search(line)
    ]
    assert offending == []


def test_the_pattern_catches_the_forms_users_copy() -> None:
    for line in ("pip install prodready", "pip install 'prodready[kit]'", "pipx install prodready==0.1.0",
                 "python -m pip install -U prodready", "uv add prodready-kit"):
        assert BY_NAME.search(line), line
    for line in ("pip install './prodready[kit]'", "pipx install ./prodready", "pip install -e '.[dev]'"):
        assert not BY_NAME.search(line), line
