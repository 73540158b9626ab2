"""What a fix is, and the registry of codemods by the rule they fix."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Callable, ClassVar

import libcst as cst
from libcst.codemod import Codemod as _LibcstCodemod
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand

from prodready.codemods.probes import ProbeKindOf, unknown_probe_kind
from prodready.model.findings import Finding, ScanResult


class CannotFix(Exception):
    """Raised by `edits_for` when a finding cannot be fixed safely; the message says why."""


@dataclass(frozen=True)
class Edit:
    """One transformation of one file, built for one finding.

    Edits of a file run bottom-up by `line` and schedule their imports on a shared context;
    the imports are added once after the last edit, so no edit shifts the lines of the next.
    """

    path: str  # relative to the scanned root
    line: int  # the line the command anchors on, in the file as scanned
    command: type[VisitorBasedCodemodCommand]
    arguments: tuple[tuple[str, object], ...] = ()

    def apply(self, module: cst.Module, context: CodemodContext) -> cst.Module:
        """Run the command alone (imports deferred) on a parsed module."""
        command = self.command(context, line=self.line, **dict(self.arguments))
        return transform_without_imports(command, module)


@dataclass(frozen=True)
class TextEdit:
    """One change of a file that is not Python (a deployment manifest): `rewrite(text) -> text`."""

    path: str
    line: int
    rewrite: Callable[[str], str]


def transform_without_imports(command: VisitorBasedCodemodCommand, module: cst.Module) -> cst.Module:
    """Transform with metadata but without LibCST's automatic import pass."""
    return _LibcstCodemod.transform_module(command, module)


@dataclass(frozen=True)
class Fix:
    """The edits that fix one finding, with their safety and why."""

    finding: Finding
    edits: tuple[Edit | TextEdit, ...]
    safety: str  # "safe" or "unsafe"
    reason: str  # what the fix changes at run time (shown in the diff header)


class Codemod(ABC):
    """Turns findings of some rules into fixes; subclasses register themselves."""

    rule_ids: ClassVar[tuple[str, ...]]
    safety: ClassVar[str] = "unsafe"
    reason: ClassVar[str] = ""
    registry: ClassVar[list["Codemod"]] = []

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "rule_ids" in cls.__dict__:
            Codemod.registry.append(cls())

    def applies_to(self, finding: Finding) -> bool:
        """False for findings of `rule_ids` that need no fix (a capability already present)."""
        return True

    @abstractmethod
    def edits_for(self, finding: Finding, result: ScanResult) -> tuple[Edit | TextEdit, ...]:
        """The edits fixing `finding`, or () when this finding cannot be fixed automatically."""

    def fix_for(self, finding: Finding, result: ScanResult,
                probe_kind_of: ProbeKindOf = unknown_probe_kind) -> Fix | None:
        """A Fix for `finding`, or None when there is nothing to do (`probe_kind_of`: which probe
        calls a path, for the fixes that change what a health path answers)."""
        edits = self.edits_for(finding, result)
        return Fix(finding, edits, self.safety, self.reason) if edits else None


def load_codemods() -> list[Codemod]:
    """Import every codemod module and return the registry."""
    import importlib
    import pkgutil

    import prodready.codemods as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    return Codemod.registry
