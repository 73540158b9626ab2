"""Which `prodready-kit` requirement a fix's imports need: the distribution with the extras
(kit/pyproject.toml) of the kit modules it imports, and merging extras into a requirement."""

from __future__ import annotations

import re
from typing import Iterable

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from prodready.codemods.imports import WantedImport

KIT_PACKAGE = "prodready_kit"
KIT_DISTRIBUTION = "prodready-kit"
KIT_VERSION_FLOOR = "0.1"  # the kit version whose API the codemods write
MODULE_EXTRAS: dict[str, tuple[str, ...]] = {
    "prodready_kit.health.fastapi": ("fastapi",),
    "prodready_kit.health.flask": ("flask",),
    "prodready_kit.health.django": ("django",),
    "prodready_kit.tracing": ("tracing", "tracing-instrumentations"),
}
NAME_EXTRAS: dict[tuple[str, str], tuple[str, ...]] = {  # framework-neutral modules, framework-bound names
    ("prodready_kit.guards", "dev_only"): ("fastapi",),
    ("prodready_kit.guards", "dev_only_view"): ("flask",),
    ("prodready_kit.guards", "guard_blueprint"): ("flask",),
}
_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?")


def kit_extras(imports: Iterable[WantedImport]) -> frozenset[str] | None:
    """The kit extras `imports` need (an empty set: the kit alone), or None when they import no kit module."""
    extras: set[str] = set()
    uses_kit = False
    for item in imports:
        if item.relative or item.module.split(".")[0] != KIT_PACKAGE:
            continue
        uses_kit = True
        extras.update(MODULE_EXTRAS.get(item.module, ()))
        extras.update(NAME_EXTRAS.get((item.module, item.name or ""), ()))
    return frozenset(extras) if uses_kit else None


def kit_requirement(extras: Iterable[str]) -> str:
    """`prodready-kit[a,b]>=0.1`."""
    names = sorted(set(extras))
    return f"{KIT_DISTRIBUTION}[{','.join(names)}]>={KIT_VERSION_FLOOR}" if names else (
        f"{KIT_DISTRIBUTION}>={KIT_VERSION_FLOOR}")


def parsed(text: str) -> Requirement | None:
    """The PEP 508 requirement `text` states, or None."""
    try:
        return Requirement(text.strip())
    except InvalidRequirement:
        return None


def is_kit(text: str) -> bool:
    """True when `text` is a requirement on prodready-kit."""
    requirement = parsed(text)
    return requirement is not None and canonicalize_name(requirement.name) == KIT_DISTRIBUTION


def with_extras(text: str, extras: Iterable[str]) -> str:
    """A kit requirement with `extras` added to the ones it names, everything else as written."""
    requirement = parsed(text)
    match = _NAME.match(text)
    if requirement is None or match is None:
        raise ValueError(f"not a requirement: {text!r}")
    wanted = set(extras) - requirement.extras
    if not wanted:
        return text
    names = ",".join(sorted(requirement.extras | wanted))
    end = match.end(2) if match.group(2) else match.end(1)
    return f"{text[:match.end(1)]}[{names}]{text[end:]}"


def sorted_position(declared: list[str]) -> int | None:
    """Where the kit goes among requirements `declared` in this order to keep them sorted by name
    (as `uv add` keeps a sorted list sorted), or None when they are not sorted (append it)."""
    names = []
    for text in declared:
        requirement = parsed(text)
        if requirement is None:
            return None
        names.append(canonicalize_name(requirement.name))
    if len(names) < 2 or names != sorted(names):
        return None
    return next((i for i, name in enumerate(names) if name > KIT_DISTRIBUTION), len(names))
