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

from prodready.codemods.base import CannotFix, Fix, TextEdit, load_codemods
from prodready.codemods.dependencies import KitNeeds, ManifestChange, plan_dependencies
from prodready.codemods.imports import WantedImport, add_imports, wanted_imports
from prodready.codemods.kit_dependency import kit_extras
from prodready.codemods.probes import ProbeKindOf, unknown_probe_kind
from prodready.codemods.style import STYLE_KEY, Style, project_style
from prodready.model.findings import Finding, ScanResult, Severity

NO_NEWLINE = "\\ No newline at end of file"  # git's and diff's marker
COPY_IGNORES = shutil.ignore_patterns(".git", ".venv", "venv", "node_modules", "__pycache__", ".prodready_cache")


@dataclass(frozen=True)
class FileChange:
    """The new content of one file and the fixes that produced it."""

    path: str
    original: bytes
    updated: bytes
    fixes: tuple[Fix, ...]
    note: str = ""  # the header of a change no single fix explains (a manifest gaining the kit)

    def diff(self) -> str:
        """A unified diff headed by what each fix does and whether it is safe."""
        notes = dict.fromkeys(f"# {f.finding.rule_id} {f.finding.slug} ({f.safety} fix): {f.reason}\n" for f in self.fixes)
        header = f"# {self.note}\n" if self.note else "".join(notes)
        lines = difflib.unified_diff(
            self.original.decode("utf-8", "replace").splitlines(keepends=True),
            self.updated.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"a/{self.path}",
            tofile=f"b/{self.path}",
        )
        return header + "".join(line if line.endswith("\n") else f"{line}\n{NO_NEWLINE}\n" for line in lines)


@dataclass(frozen=True)
class FixPlan:
    """Every change a fix run would make, and the findings it could not fix."""

    changes: tuple[FileChange, ...]
    not_fixed: tuple[tuple[Finding, str], ...]

    @property
    def fixes(self) -> tuple[Fix, ...]:
        """All fixes of all changes, once each."""
        unique = {id(fix): fix for change in self.changes for fix in change.fixes}
        return tuple(unique.values())


def _finding_matches(finding: Finding, keys: Iterable[str]) -> bool:
    wanted = {k.lower() for k in keys}
    return not wanted or bool({finding.rule_id.lower(), finding.slug.lower(), finding.family.lower()} & wanted)


def collect_fixes(result: ScanResult, select: Iterable[str] = (),
                 probe_kind_of: ProbeKindOf = unknown_probe_kind) -> tuple[list[Fix], list[tuple[Finding, str]]]:
    """A Fix for every active finding a codemod handles and that needs one; the others with the reason."""
    codemods = load_codemods()
    select = tuple(select)
    fixes: list[Fix] = []
    not_fixed: list[tuple[Finding, str]] = []
    for finding in result.active:
        if not _finding_matches(finding, select):
            continue
        handlers = [c for c in codemods if finding.rule_id in c.rule_ids and c.applies_to(finding)]
        if not handlers:
            continue
        try:
            fix = handlers[0].fix_for(finding, result, probe_kind_of)
        except CannotFix as refusal:
            not_fixed.append((finding, str(refusal)))
            continue
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


def _transform(source: bytes, fixes: list[Fix], path: str,
               style: Style) -> tuple[bytes, dict[int, list[WantedImport]]]:
    """The edits of `fixes` that touch `path`, bottom-up, imports added once at the end; and the
    imports each fix (by number) asked for."""
    module = cst.parse_module(source)
    context = CodemodContext(scratch={STYLE_KEY: style})
    numbered = sorted(((n, e) for n, f in enumerate(fixes) for e in f.edits if e.path == path),
                      key=lambda pair: pair[1].line, reverse=True)
    asked: dict[int, list[WantedImport]] = {}
    for number, edit in numbered:
        before = len(context.scratch.get(AddImportsVisitor.CONTEXT_KEY, []))
        module = edit.apply(module, context)
        scheduled = CodemodContext(scratch={
            AddImportsVisitor.CONTEXT_KEY: context.scratch.get(AddImportsVisitor.CONTEXT_KEY, [])[before:]})
        asked.setdefault(number, []).extend(wanted_imports(scheduled))
    module = add_imports(module, wanted_imports(context), style)
    return module.bytes, asked


def _rewritten(source: bytes, fixes: list[Fix], path: str) -> bytes:
    """A non-Python file after the text edits of `fixes` that touch it."""
    text = source.decode("utf-8")
    for edit in (e for f in fixes for e in f.edits if e.path == path and isinstance(e, TextEdit)):
        text = edit.rewrite(text)
    return text.encode("utf-8")


@dataclass(frozen=True)
class _CodePlan:
    """The Python files a set of fixes changes, what it refused, and the kit extras it needs."""

    changes: list[FileChange]
    not_fixed: list[tuple[Finding, str]]
    needs: KitNeeds


def _plan_code(root: Path, allowed: list[Fix]) -> _CodePlan:
    changes: list[FileChange] = []
    not_fixed: list[tuple[Finding, str]] = []
    needs: KitNeeds = {}
    for path in sorted({e.path for f in allowed for e in f.edits}):
        touching = tuple(f for f in allowed if any(e.path == path for e in f.edits))
        target = inside_root(root, path)
        if target is None:
            not_fixed.extend((f.finding, f"{path} resolves outside the scanned root") for f in touching)
            continue
        original = target.read_bytes()
        if not path.endswith(".py"):  # a deployment manifest: its text edits, in order
            updated = _rewritten(original, allowed, path)
            if updated != original:
                changes.append(FileChange(path, original, updated, touching))
            continue
        updated, asked = _transform(original, allowed, path, project_style(root, path))
        problem = compile_problem(path, updated)
        if problem:
            not_fixed.extend((f.finding, problem) for f in touching)
        elif updated != original:
            changes.append(FileChange(path, original, updated, touching))
            for number, imports in asked.items():
                extras = kit_extras(imports)
                if extras is not None:
                    needs.setdefault(number, {})[path] = extras
    return _CodePlan(changes, not_fixed, needs)


def _manifest_change(change: ManifestChange, fixes: list[Fix]) -> FileChange:
    owners = tuple(fixes[n] for n in change.owners)
    rules = ", ".join(dict.fromkeys(f.finding.rule_id for f in owners))
    note = f"{change.requirement} declared: the fixes of {rules} import prodready_kit"
    return FileChange(change.path, change.original, change.updated, owners,
                      f"{note}; {change.note}" if change.note else note)


def plan_fixes(result: ScanResult, *, select: Iterable[str] = (), unsafe: bool = False,
               probe_kind_of: ProbeKindOf = unknown_probe_kind) -> FixPlan:
    """Compute the new content of every file the selected fixes touch (nothing is written): the
    Python files, and the manifest that declares the kit they import (fixes whose manifest cannot
    be found or edited are refused, with what to add)."""
    root = Path(result.root)
    fixes, not_fixed = collect_fixes(result, select, probe_kind_of)
    allowed = [f for f in fixes if unsafe or f.safety == "safe"]
    not_fixed.extend((f.finding, "unsafe fix: rerun with --unsafe-fixes") for f in fixes if f not in allowed)
    while True:
        code = _plan_code(root, allowed)
        dependencies = plan_dependencies(root, code.needs)
        if not dependencies.refused:
            break
        not_fixed.extend((allowed[n].finding, why) for n, why in sorted(dependencies.refused.items()))
        allowed = [f for n, f in enumerate(allowed) if n not in dependencies.refused]
    not_fixed.extend(code.not_fixed)
    manifests = [_manifest_change(change, allowed) for change in dependencies.changes]
    return FixPlan((*code.changes, *manifests), tuple(not_fixed))


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
    """Write every change whose file is unchanged since it was read, and none that shares a fix with
    a change that cannot be written (a fix is written whole or not at all); (written, skipped messages)."""
    skipped: list[str] = []
    blocked: set[int] = set()
    targets: dict[str, Path] = {}
    for change in plan.changes:
        target = inside_root(root, change.path)
        if target is None:
            skipped.append(f"{change.path}: resolves outside the scanned root; not written")
        elif target.read_bytes() != change.original:
            skipped.append(f"{change.path}: modified since the scan; not written (run prodready fix again)")
        else:
            targets[change.path] = target
            continue
        blocked.update(id(fix) for fix in change.fixes)
    grown = True
    while grown:
        grown = False
        for change in plan.changes:
            ids = {id(fix) for fix in change.fixes}
            if change.path in targets and ids & blocked:
                del targets[change.path]
                skipped.append(f"{change.path}: not written, its fixes also change a file that was not")
                grown = grown or not ids <= blocked
                blocked |= ids
    written: list[str] = []
    for change in plan.changes:
        if change.path in targets:
            atomic_write(targets[change.path], change.updated)
            written.append(change.path)
    return written, skipped
