"""Plan the manifest edits that declare the kit for the fixes that import it, or refuse those fixes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prodready.codemods import pyproject_file, requirements_file, setup_cfg_file
from prodready.codemods.kit_dependency import kit_requirement
from prodready.codemods.manifest_files import (
    POETRY,
    PYPROJECT,
    REQUIREMENTS,
    ManifestError,
    ManifestFile,
    NoManifest,
    find_manifest,
)

KitNeeds = dict[int, dict[str, frozenset[str]]]  # fix number -> {file it edits: kit extras it needs}


@dataclass(frozen=True)
class ManifestChange:
    """The new text of one manifest, the requirement it gains and the fixes that need it."""

    path: str
    original: bytes
    updated: bytes
    requirement: str
    note: str
    owners: tuple[int, ...]


@dataclass(frozen=True)
class DependencyPlan:
    """Manifest edits, and the fixes refused (number -> why) because their manifest cannot be edited."""

    changes: tuple[ManifestChange, ...]
    refused: dict[int, str]


def _edited(kind: str, text: str, extras: frozenset[str]) -> str | None:
    if kind == REQUIREMENTS:
        return requirements_file.add_kit(text, extras)
    if kind in (PYPROJECT, POETRY):
        return pyproject_file.add_kit(text, extras, kind)
    return setup_cfg_file.add_kit(text, extras)


def _refusal(requirement: str, why: str, where: str = "the service's dependencies") -> str:
    return (f"the fix imports prodready_kit, but {why}: add `{requirement}` to {where}, "
            "then run prodready fix again")


def plan_dependencies(root: Path, needs: KitNeeds) -> DependencyPlan:
    """Each manifest the needing fixes' files belong to, with the kit and the union of their extras."""
    refused: dict[int, str] = {}
    wanted: dict[ManifestFile, dict[int, frozenset[str]]] = {}
    for number, files in sorted(needs.items()):
        for path, extras in sorted(files.items()):
            manifest = find_manifest(root, path)
            if isinstance(manifest, NoManifest):
                refused[number] = _refusal(kit_requirement(extras), manifest.reason, manifest.where)
            else:
                owners = wanted.setdefault(manifest, {})
                owners[number] = owners.get(number, frozenset()) | extras
    changes: list[ManifestChange] = []
    for manifest, owners in wanted.items():
        extras = frozenset().union(*owners.values())
        requirement = kit_requirement(extras)
        target = root / manifest.path
        try:
            original = target.read_bytes()
            updated = _edited(manifest.kind, original.decode("utf-8"), extras)
        except (OSError, UnicodeDecodeError) as error:
            updated, problem = None, f"{manifest.path} cannot be read as UTF-8 ({error})"
        except ManifestError as error:
            updated, problem = None, f"{manifest.path} cannot be edited: {error}"
        else:
            problem = ""
        if problem:
            refused.update((n, _refusal(requirement, problem, manifest.path)) for n in owners)
        elif updated is not None:
            changes.append(ManifestChange(manifest.path, original, updated.encode("utf-8"), requirement,
                                          manifest.note, tuple(sorted(owners))))
    return DependencyPlan(tuple(changes), refused)
