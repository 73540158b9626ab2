"""Find the manifest that declares a service's dependencies, nearest to the file a fix edits:
pyproject.toml ([project] or Poetry), setup.cfg install_requires, or requirements*.txt."""

from __future__ import annotations

import configparser
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PYPROJECT, POETRY, SETUP_CFG, REQUIREMENTS = "pyproject", "poetry", "setup.cfg", "requirements"
REQUIREMENTS_DIRECTORY = ("base.txt", "prod.txt", "production.txt", "main.txt", "common.txt")
NOT_RUNTIME_WORDS = ("dev", "test", "doc", "lint", "ci", "type", "bench", "local")
LOCK_FILES = ("poetry.lock", "uv.lock", "pdm.lock")


class ManifestError(Exception):
    """A manifest that cannot be edited safely; the message says why."""


@dataclass(frozen=True)
class NoManifest:
    """Why no manifest can take the kit, and where the user should add it instead."""

    reason: str
    where: str = "the service's dependencies"


@dataclass(frozen=True)
class ManifestFile:
    """A manifest to add the kit to: its path (relative to the root), format, and a follow-up note."""

    path: str
    kind: str
    note: str = ""  # what to do after the edit ("update poetry.lock")


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _lock_note(directory: Path, root: Path) -> str:
    locks = [str((directory / name).relative_to(root)) for name in LOCK_FILES if (directory / name).is_file()]
    return f"then update {' and '.join(locks)}" if locks else ""


def _requirements_files(directory: Path) -> list[Path]:
    """requirements.in (pip-compile's source) or requirements.txt, then the other runtime lists."""
    found = [directory / "requirements.in"] if (directory / "requirements.in").is_file() else []
    listed = [p for p in directory.glob("requirements*.txt")
              if p.is_file() and not any(word in p.stem[len("requirements"):].lower() for word in NOT_RUNTIME_WORDS)]
    found += sorted(listed, key=lambda p: (p.name != "requirements.txt", p.name))
    found += [directory / "requirements" / name for name in REQUIREMENTS_DIRECTORY
              if (directory / "requirements" / name).is_file()]
    return found


def _setup_cfg_declares(path: Path) -> bool:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return False
    return parser.has_option("options", "install_requires")


def _in_directory(directory: Path, root: Path) -> ManifestFile | NoManifest | None:
    """The manifest of one directory, NoManifest when only setup.py declares them, or None."""
    def relative(path: Path) -> str:
        return path.relative_to(root).as_posix()

    pyproject = directory / "pyproject.toml"
    data = _toml(pyproject) if pyproject.is_file() else {}
    project = data.get("project") if isinstance(data.get("project"), dict) else None
    dynamic = project is not None and "dependencies" in (project.get("dynamic") or ())
    if project is not None and isinstance(project.get("dependencies"), list) and not dynamic:
        return ManifestFile(relative(pyproject), PYPROJECT, _lock_note(directory, root))
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    if isinstance(poetry, dict) and isinstance(poetry.get("dependencies"), dict):
        return ManifestFile(relative(pyproject), POETRY, _lock_note(directory, root))
    setup_cfg = directory / "setup.cfg"
    if setup_cfg.is_file() and _setup_cfg_declares(setup_cfg):
        return ManifestFile(relative(setup_cfg), SETUP_CFG)
    requirements = _requirements_files(directory)
    if requirements:
        first = requirements[0]
        compiled = first.suffix == ".in" and (directory / "requirements.txt").is_file()
        return ManifestFile(relative(first), REQUIREMENTS,
                            f"then recompile {relative(directory / 'requirements.txt')}" if compiled else "")
    if (directory / "setup.py").is_file():
        setup_py = relative(directory / "setup.py")
        return NoManifest(f"only {setup_py} declares the dependencies, and it is not edited automatically",
                          f"install_requires in {setup_py}")
    if project is not None and not dynamic:
        return ManifestFile(relative(pyproject), PYPROJECT, _lock_note(directory, root))
    return None


def find_manifest(root: Path, code_path: str) -> ManifestFile | NoManifest:
    """The manifest nearest to `code_path` (its directory, then up to `root`), or why there is none."""
    root = root.resolve()
    directory = (root / code_path).resolve().parent
    if not directory.is_relative_to(root):
        return NoManifest(f"{code_path} resolves outside the scanned root")
    while True:
        found = _in_directory(directory, root)
        if isinstance(found, ManifestFile) and not (root / found.path).resolve().is_relative_to(root):
            found = NoManifest(f"{found.path} resolves outside the scanned root", "a manifest inside it")
        if found is not None:
            return found
        if directory == root:
            return NoManifest("no dependency manifest was found (requirements*.txt, pyproject.toml, setup.cfg)")
        directory = directory.parent
