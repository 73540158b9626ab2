"""Plan, verify and write fixes: diff by default, atomic writes inside the scanned root only."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from prodready.codemods.base import Fix, TextEdit, load_codemods
from prodready.model.findings import Finding, ScanResult, Severity

COPY_IGNORES = shutil.ignore_patterns(".git", ".venv", "venv", "node_modules", "__pycache__", ".prodready_cache")


@dataclass(frozen=True)
class FileChange:
    """The new content of one file and the fixes that produced it."""

    path: str
    original: bytes
    updated: bytes
    fixes: tuple[Fix, ...]

    def diff(self) -> str:
        """A unified diff headed by what each fix does and whether it is safe."""
        notes = dict.fromkeys(f"# {f.finding.rule_id} {f.finding.slug} ({f.safety} fix): {f.reason}\n" for f in self.fixes)
        header = "".join(notes)
        lines = difflib.unified_diff(
            self.original.decode("utf-8", "replace").splitlines(keepends=True),
            self.updated.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"a/{self.path}",
            tofile=f"b/{self.path}",
        )
        return header + "".join(lines)


@dataclass(frozen=True)
class FixPlan:
    """Every change a fix run would make, and the findings it could not fix."""

    changes: tuple[FileChange, ...]
    not_fixed: tuple[tuple[Finding, str], ...]

    @property
    def fixes(self) -> tuple[Fix, ...]:
        """All fixes of all changes, each once (a fix may change several files)."""
        return tuple({id(fix): fix for change in self.changes for fix in change.fixes}.values())


def _finding_matches(finding: Finding, keys: Iterable[str]) -> bool:
    wanted = {k.lower() for k in keys}
    return not wanted or bool({finding.rule_id.lower(), finding.slug.lower(), finding.family.lower()} & wanted)


def collect_fixes(result: ScanResult, select: Iterable[str] = ()) -> tuple[list[Fix], list[tuple[Finding, str]]]:
    """A Fix for every active finding a codemod handles; the others with the reason."""
    codemods = load_codemods()
    select = tuple(select)
    fixes: list[Fix] = []
    not_fixed: list[tuple[Finding, str]] = []
    for finding in result.active:
        if not _finding_matches(finding, select):
            continue
        handlers = [c for c in codemods if finding.rule_id in c.rule_ids]
        if not handlers:
            continue
        fix = handlers[0].fix_for(finding, result)
        if fix is None:
            not_fixed.append((finding, "no automatic fix for this shape of code"))
        else:
            fixes.append(fix)
    return fixes, not_fixed


def inside_root(root: Path, relative: str) -> Path | None:
    """The absolute path of `relative` when it (symlinks resolved) stays inside root, else None."""
    base = root.resolve()
    target = (base / relative).resolve()
    return target if target.is_relative_to(base) else None


def apply_edits(source: bytes, fixes: list[Fix], path: str) -> bytes:
    """Apply the edits of `fixes` that touch `path`, bottom-up, imports added once at the end."""
    if not path.endswith(".py"):  # a manifest: its text edits in order
        text = source.decode("utf-8")
        for edit in (e for f in fixes for e in f.edits if e.path == path and isinstance(e, TextEdit)):
            text = edit.rewrite(text)
        return text.encode("utf-8")
    module = cst.parse_module(source)
    context = CodemodContext()
    edits = sorted((e for f in fixes for e in f.edits if e.path == path), key=lambda e: e.line, reverse=True)
    for edit in edits:
        module = edit.apply(module, context)
    module = AddImportsVisitor(context).transform_module(module)
    return module.bytes


def plan_fixes(result: ScanResult, *, select: Iterable[str] = (), unsafe: bool = False) -> FixPlan:
    """Compute the new content of every file the selected fixes touch (nothing is written)."""
    root = Path(result.root)
    fixes, not_fixed = collect_fixes(result, select)
    allowed = [f for f in fixes if unsafe or f.safety == "safe"]
    not_fixed.extend((f.finding, "unsafe fix: rerun with --unsafe-fixes") for f in fixes if f not in allowed)
    changes: list[FileChange] = []
    for path in sorted({e.path for f in allowed for e in f.edits}):
        target = inside_root(root, path)
        if target is None:
            not_fixed.extend((f.finding, f"{path} resolves outside the scanned root") for f in allowed
                             if any(e.path == path for e in f.edits))
            continue
        original = target.read_bytes()
        updated = apply_edits(original, allowed, path)
        touching = tuple(f for f in allowed if any(e.path == path for e in f.edits))
        problem = compile_problem(path, updated) if path.endswith(".py") else None
        if problem:
            not_fixed.extend((f.finding, problem) for f in touching)
        elif updated != original:
            changes.append(FileChange(path, original, updated, touching))
    return FixPlan(tuple(changes), tuple(not_fixed))


def compile_problem(path: str, source: bytes) -> str | None:
    """Why `source` would not compile (parse errors and compile-time errors alike), or None."""
    try:
        compile(source, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return f"the fixed file would not compile ({error}); not changed"
    return None


def _identity(finding: Finding) -> tuple[str, str, str, str, str]:
    return finding.rule_id, finding.status, finding.location.path, finding.symbol, finding.title


def verify_plan(plan: FixPlan, result: ScanResult, rescan: Callable[[Path], ScanResult]) -> list[str]:
    """Re-scan a copy of the tree with the changes applied (every change already compiles).

    Problems: a fixed finding still reported, or a new finding above info.
    """
    if not plan.changes:
        return []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="prodready-fix-") as scratch:
        copy = Path(scratch) / Path(result.root).name
        shutil.copytree(result.root, copy, ignore=COPY_IGNORES, symlinks=False)
        for change in plan.changes:
            target = (copy / change.path).resolve()
            if not target.is_relative_to(copy.resolve()):
                return [f"{change.path}: resolves outside the copy of the tree; nothing written"]
            target.write_bytes(change.updated)
        after = rescan(copy)
    remaining = {_identity(f) for f in after.active}
    before = {_identity(f) for f in result.findings}
    for fix in plan.fixes:
        if _identity(fix.finding) in remaining:
            problems.append(f"{fix.finding.location.label()}: {fix.finding.rule_id} is still reported after the fix")
    for finding in after.active:
        if finding.severity > Severity.INFO and _identity(finding) not in before:
            problems.append(f"{finding.location.label()}: the fix introduces {finding.rule_id} {finding.slug}")
    return problems


def atomic_write(target: Path, data: bytes) -> None:
    """Write via a temporary file in the same directory and os.replace, keeping the file mode."""
    mode = target.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".prodready")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_plan(plan: FixPlan, root: Path) -> tuple[list[str], list[str]]:
    """Write every change whose file is unchanged since it was read; (written, skipped messages)."""
    written: list[str] = []
    skipped: list[str] = []
    for change in plan.changes:
        target = inside_root(root, change.path)
        if target is None:
            skipped.append(f"{change.path}: resolves outside the scanned root; not written")
        elif target.read_bytes() != change.original:
            skipped.append(f"{change.path}: modified since the scan; not written (run prodready fix again)")
        else:
            atomic_write(target, change.updated)
            written.append(change.path)
    return written, skipped

