"""Fake health endpoint -> a kit HealthRegistry whose checks are what the handler used to report.

`"db_connected": services.db_client and services.db_client.is_connected()` in the returned body
becomes a registered `db` check; literal fields such as `version` carry over to the registry; the
handler keeps its path, decorators and docstring. When a readiness probe calls its path (the
deployment says so, or the path's name does) it answers the registry's readiness (HTTP 503 when a
critical check fails); otherwise it keeps liveness semantics and readiness moves to the kit's
`/health/ready`. The kit's liveness/readiness/startup probes are mounted beside it unless their
paths are served already. A nested field testing the same object as another is not a second check.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider, ScopeProvider

from prodready.codemods.base import CannotFix, Codemod, Edit, Fix, TextEdit
from prodready.codemods.layout import INDENT, fit, fit_line
from prodready.codemods.manifest_probes import kit_path_changes, rewrite_probe_paths
from prodready.codemods.probes import (
    KIT_PROBE_PATHS,
    UNKNOWN,
    ProbeAnswer,
    ProbeKindOf,
    keeps_liveness,
    probe_answer,
    unknown_probe_kind,
)
from prodready.codemods.style import style_in
from prodready.codemods.syntax import (
    assigned_names,
    blank_lines,
    dotted_name,
    factory_assignment,
    framework_of,
    identifier,
    local_to,
    refuse_other_frameworks,
    split_leading,
    starts_at,
    unique_name,
)
from prodready.model.findings import Finding, ScanResult

STATUS_KEYS = frozenset({"status", "state", "health", "healthy", "ok", "message", "msg", "detail"})
STATIC_FIELDS = frozenset({"version", "service", "service_id", "serviceId", "description"})
RESPONSE_WRAPPERS = ("JSONResponse", "ORJSONResponse", "UJSONResponse", "jsonify", "make_response", "dict")
NAME_PREFIXES = ("is_", "has_")
NAME_SUFFIXES = ("_connected", "_connection", "_ok", "_healthy", "_health", "_status", "_alive",
                 "_available", "_up", "_ready", "_reachable")
KIT_ADAPTERS = {
    "fastapi": "prodready_kit.health.fastapi",
    "starlette": "prodready_kit.health.fastapi",
    "flask": "prodready_kit.health.flask",
}


@dataclass(frozen=True)
class ReportedCheck:
    """One expression the fake handler reported, to become a registered check."""

    name: str
    source: str  # the expression, or the statements of a swallowed try-body
    is_async: bool
    critical: bool
    is_block: bool = False
    is_boolean: bool = False  # a comparison or `not`: no bool() needed


def check_name(key: str) -> str:
    """`db_connected` -> `db`, `is_cache_up` -> `cache`."""
    name = key
    for prefix in NAME_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return identifier(name)


def _is_literal(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float)) or (
        isinstance(node, cst.Name) and node.value in {"True", "False", "None"}
    )


def _string_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        return node.evaluated_value if isinstance(node.evaluated_value, str) else None
    return None


def _returned_mapping(value: cst.BaseExpression) -> list[tuple[str, cst.BaseExpression]] | None:
    """Key/value pairs of the body a return statement sends (dict, wrapper(dict), Model(k=v))."""
    if isinstance(value, cst.Tuple) and value.elements:
        value = value.elements[0].value
    if isinstance(value, cst.Dict):
        pairs = []
        for element in value.elements:
            if isinstance(element, cst.DictElement):
                key = _string_value(element.key)
                if key is not None:
                    pairs.append((key, element.value))
        return pairs
    if isinstance(value, cst.Call):
        callee = dotted_name(value.func).rsplit(".", 1)[-1]
        if callee in RESPONSE_WRAPPERS and value.args and value.args[0].keyword is None:
            return _returned_mapping(value.args[0].value)
        keywords = [(a.keyword.value, a.value) for a in value.args if a.keyword is not None]
        if keywords and callee[:1].isupper():
            return keywords
    return None


def _collect_pairs(
    pairs: list[tuple[str, cst.BaseExpression]], prefix: str = ""
) -> tuple[list[tuple[str, cst.BaseExpression]], dict[str, str]]:
    """Split reported pairs into dynamic expressions (flattened) and static literal fields."""
    dynamic: list[tuple[str, cst.BaseExpression]] = []
    static: dict[str, str] = {}
    for key, value in pairs:
        if not prefix and key in STATUS_KEYS:
            continue
        if isinstance(value, cst.Dict):
            nested = _returned_mapping(value) or []
            more, _ = _collect_pairs(nested, prefix=f"{prefix}{key}.")
            dynamic.extend(more)
        elif _is_literal(value):
            literal = _string_value(value)
            if not prefix and key in STATIC_FIELDS and literal is not None:
                static[key] = literal
        else:
            dynamic.append((f"{prefix}{key}", value))
    return dynamic, static


class _HandlerFacts(cst.CSTVisitor):
    """Returns and swallowing try-blocks of one handler (nested functions excluded)."""

    def __init__(self) -> None:
        self.returns: list[cst.BaseExpression] = []
        self.swallowed: list[cst.Try] = []
        self.depth = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.depth += 1
        return self.depth == 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.depth -= 1

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.returns.append(node.value)

    def visit_Try(self, node: cst.Try) -> None:
        if any(_swallows(handler) for handler in node.handlers):
            self.swallowed.append(node)


def _swallows(handler: cst.ExceptHandler) -> bool:
    return not m.findall(handler.body, m.Raise())


class _Subjects(cst.CSTVisitor):
    """The objects an expression looks at: `a.b` of `a.b is not None` and of `a.b.ping()`."""

    def __init__(self) -> None:
        self.found: set[str] = set()

    def visit_Call(self, node: cst.Call) -> bool:
        name = dotted_name(node.func)
        if name:
            self.found.add(name.rsplit(".", 1)[0])
        else:
            node.func.visit(self)
        for argument in node.args:
            argument.visit(self)
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        name = dotted_name(node)
        if name:
            self.found.add(name)
        return not name

    def visit_Name(self, node: cst.Name) -> None:
        if node.value not in {"True", "False", "None"}:
            self.found.add(node.value)


def subjects_of(expression: cst.CSTNode) -> frozenset[str]:
    """The dotted names of the objects `expression` tests (a method call counts as its receiver)."""
    visitor = _Subjects()
    expression.visit(visitor)
    return frozenset(visitor.found)


def _related(first: str, second: str) -> bool:
    """`a.b` and `a.b.c` look at one object (an attribute of it)."""
    return first == second or second.startswith(f"{first}.") or first.startswith(f"{second}.")


def _same_dependency(first: frozenset[str], second: frozenset[str]) -> bool:
    """Two reported values of one name test the same dependency when every object one looks at is
    (an attribute of) an object the other looks at."""
    if not (first and second):
        return False
    smaller, larger = sorted((first, second), key=len)
    return all(any(_related(a, b) for b in larger) for a in smaller)


def reported_checks(
    handler: cst.FunctionDef, module: cst.Module, uses_local: Callable[[cst.CSTNode], bool]
) -> tuple[list[ReportedCheck], dict[str, str]] | None:
    """The checks a fake handler's body implies, and its static fields; None when not hoistable
    (an expression uses the handler's own names, or a try-block leaves the function early)."""
    facts = _HandlerFacts()
    handler.visit(facts)
    dynamic: list[tuple[str, cst.BaseExpression]] = []
    static: dict[str, str] = {}
    for value in facts.returns:
        pairs = _returned_mapping(value)
        if pairs is not None:
            more, fields = _collect_pairs(pairs)
            dynamic.extend(more)
            static.update(fields)
            break
    checks: list[ReportedCheck] = []
    taken: set[str] = set()
    subjects: dict[str, frozenset[str]] = {}
    for key, expression in dynamic:
        if uses_local(expression):
            return None
        base = check_name(key.rsplit(".", 1)[-1])
        check = ReportedCheck(
            name=base,
            source=module.code_for_node(expression).strip(),
            is_async=bool(m.findall(expression, m.Await())),
            critical=bool(m.findall(expression, m.Call())),
            is_boolean=isinstance(expression, cst.Comparison)
            or m.matches(expression, m.UnaryOperation(operator=m.Not())),
        )
        if base in taken and _same_dependency(subjects.get(base, frozenset()), subjects_of(expression)):
            index = next(i for i, c in enumerate(checks) if c.name == base)
            if check.critical and not checks[index].critical:  # the stronger test of one dependency
                checks[index] = check
            continue
        name = base if base not in taken else identifier(key.replace(".", "_"))
        taken.add(name)
        subjects[name] = subjects_of(expression)
        checks.append(replace(check, name=name))
    for block in facts.swallowed:
        body = cst.Module(body=block.body.body)
        if uses_local(body) or m.findall(body, m.Return() | m.Yield() | m.Break() | m.Continue()):
            return None
        calls = m.findall(body, m.Call())
        receiver = dotted_name(calls[0].func).split(".")[0] if calls else "dependencies"
        name = unique_name(check_name(receiver or "dependencies"), taken)
        checks.append(
            ReportedCheck(
                name=name,
                source=body.code,
                is_async=bool(m.findall(body, m.Await())),
                critical=True,
                is_block=True,
            )
        )
    return (checks, static) if checks else None


def _as_bool(source: str, expression_is_boolean: bool) -> str:
    return source if expression_is_boolean else f"bool({source})"


def _check_function(check: ReportedCheck, registry: str, function: str, limit: int) -> str:
    """The registered check's code; the lines it writes fitted into `limit` (a moved block as it was)."""
    options = "" if check.critical else ", critical=False"
    keyword = "async def" if check.is_async else "def"
    if check.is_block:
        body = "".join(f"{INDENT}{line}\n" if line.strip() else "\n" for line in check.source.splitlines())
        body += f"{INDENT}return True\n"
    else:
        body = fit_line(f"{INDENT}return {_as_bool(check.source, check.is_boolean)}", limit) + "\n"
    decorator = fit_line(f'@{registry}.check("{check.name}"{options})', limit)
    return f"{decorator}\n{keyword} {function}():\n{body}"


class ReplaceFakeHealthHandler(VisitorBasedCodemodCommand):
    """Rewrite the handler whose span starts at `line` to answer from a kit HealthRegistry.

    `probe` is the probe that calls the handler's path: readiness keeps it answering readiness
    (503 when a critical check fails); liveness, startup and unknown keep it answering liveness
    and serve readiness at the kit's `/health/ready`, so the handler is left alone when that
    cannot be mounted beside it.
    """

    DESCRIPTION = "Replace a fake health handler with a prodready_kit.health.HealthRegistry."
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)

    def __init__(self, context: CodemodContext, line: int, add_probes: bool, probe: str = UNKNOWN) -> None:
        super().__init__(context)
        self.line = line
        self.add_probes = add_probes
        self.keep_liveness = keeps_liveness(probe)
        self.taken: set[str] = set()
        self.source_module: cst.Module | None = None
        self.framework = "fastapi"
        self.starlette_app = ""
        self.registry = ""

    def visit_Module(self, node: cst.Module) -> None:
        self.source_module = node
        self.taken = assigned_names(node)
        self.framework = framework_of(node)
        apps = (factory_assignment(s) for s in node.body)
        self.starlette_app = next((pair[0] for pair in apps if pair and pair[1] == "Starlette"), "")

    def _fitted(self, code: str, column: int) -> cst.BaseStatement:
        return cst.parse_statement(fit(code, style_in(self.context).line_length - column))

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        position_of = functools.partial(self.get_metadata, PositionProvider)
        if self.source_module is None or not starts_at(original_node, self.line, position_of):
            return updated_node
        uses_local = local_to(original_node.body, functools.partial(self.get_metadata, ScopeProvider))
        found = reported_checks(original_node, self.source_module, uses_local)
        if found is None:
            return updated_node
        column = position_of(original_node).start.column
        checks, static = found
        registry = unique_name("health_registry", self.taken)
        after = self._probe_mount(original_node, registry, column)
        mounted_later = self.keep_liveness and self.framework == "starlette" and bool(self.starlette_app)
        if self.keep_liveness and not after and not mounted_later:
            return updated_node  # readiness would have nowhere to go
        arguments = ", ".join(f"{key}={json.dumps(value)}" for key, value in sorted(static.items()) if key == "version")
        statements = [self._fitted(f"{registry} = HealthRegistry({arguments})\n", column)]
        for check in checks:
            function = unique_name(f"_check_{check.name}", self.taken)
            limit = style_in(self.context).line_length - column
            statements.append(cst.parse_statement(_check_function(check, registry, function, limit)))
        if not after or self.framework == "flask":
            # No ASGI lifespan will mark start-up complete: the module being imported is the signal.
            statements.append(self._fitted(f"{registry}.mark_started()\n", column))
        blank, comments = split_leading(original_node.leading_lines)
        statements = [
            s.with_changes(leading_lines=blank if i == 0 else blank_lines(2)) for i, s in enumerate(statements)
        ]
        handler = self._rewrite_handler(updated_node, registry, column).with_changes(
            leading_lines=(*blank_lines(2), *comments)
        )
        self.registry = registry if mounted_later else ""
        self._schedule_imports(bool(after) or mounted_later)
        return cst.FlattenSentinel([*statements, handler, *after])

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.registry:
            return updated_node
        body = list(updated_node.body)
        index = next(i for i, s in enumerate(body) if (factory_assignment(s) or ("", ""))[0] == self.starlette_app)
        code = f"{self.starlette_app}.router.routes.extend(health_routes({self.registry}, include_root=False))\n"
        body.insert(index + 1, self._fitted(code, 0))
        return updated_node.with_changes(body=body)

    def _rewrite_handler(self, handler: cst.FunctionDef, registry: str, column: int) -> cst.FunctionDef:
        parameters = [p.name.value for p in handler.params.params]
        helper = "liveness_response" if self.keep_liveness else "readiness_response"
        if self.framework == "flask":
            call = f"return {helper}({registry})\n"
        else:
            request = ", request" if "request" in parameters else ""
            call = f"return await {helper}({registry}{request})\n"
        body: list[cst.BaseStatement] = []
        first = handler.body.body[0] if isinstance(handler.body, cst.IndentedBlock) and handler.body.body else None
        if first is not None and m.matches(first, m.SimpleStatementLine(body=[m.Expr(m.SimpleString())])):
            body.append(first)
        body.append(self._fitted(call, column + len(INDENT)))
        rewritten = handler.with_changes(body=handler.body.with_changes(body=body))
        if self.framework != "flask" and rewritten.asynchronous is None:
            rewritten = rewritten.with_changes(asynchronous=cst.Asynchronous())
        return rewritten

    def _probe_mount(self, handler: cst.FunctionDef, registry: str, column: int) -> list[cst.BaseStatement]:
        if not self.add_probes or not handler.decorators or self.framework == "starlette":
            return []
        decorator = handler.decorators[0].decorator
        target = dotted_name(decorator.func) if isinstance(decorator, cst.Call) else ""
        owner = target.rsplit(".", 1)[0] if "." in target else ""
        if not owner:
            return []
        if self.framework == "flask":
            code = f"{owner}.register_blueprint(health_blueprint({registry}, include_root=False))\n"
        else:
            code = f"{owner}.include_router(health_router({registry}, include_root=False))\n"
        return [self._fitted(code, column).with_changes(leading_lines=blank_lines(2))]

    def _schedule_imports(self, mounted: bool) -> None:
        AddImportsVisitor.add_needed_import(self.context, "prodready_kit.health", "HealthRegistry")
        adapter = KIT_ADAPTERS[self.framework]
        helper = "liveness_response" if self.keep_liveness else "readiness_response"
        AddImportsVisitor.add_needed_import(self.context, adapter, helper)
        if mounted:
            mount = {"flask": "health_blueprint", "starlette": "health_routes"}.get(self.framework, "health_router")
            AddImportsVisitor.add_needed_import(self.context, adapter, mount)


def _served_paths(result: ScanResult) -> set[str]:
    """The paths of the project's health routes, as the health findings name them."""
    paths: set[str] = set()
    for finding in result.findings:
        if finding.family == "health":
            path = dict(finding.extra).get("path")
            paths.update([path] if path else re.findall(r"`(/[^`]*)`", finding.message))
    return paths


class FakeHealthCodemod(Codemod):
    """PR101: fake health endpoint -> kit registry with the reported checks."""

    rule_ids = ("PR101",)
    safety = "unsafe"
    reason = (
        "the endpoint starts answering 503 when a reported dependency check fails, "
        "which load balancers and orchestrators act on"
    )

    def edits_for(self, finding: Finding, result: ScanResult,
                  probe: ProbeAnswer = ProbeAnswer(UNKNOWN)) -> tuple[Edit | TextEdit, ...]:
        """One edit of the handler's file, the kit's probes mounted unless their paths are taken; then
        the plain manifests' probes on the handler moved to the kit's probe paths."""
        refuse_other_frameworks(result.root, finding.location.path)
        path = dict(finding.extra).get("path", "the endpoint")
        taken = sorted(_served_paths(result) & set(KIT_PROBE_PATHS))
        if taken and keeps_liveness(probe.kind):
            raise CannotFix(f"`{path}` keeps liveness semantics ({probe.explained()}) and readiness cannot move "
                            f"to `/health/ready`: {', '.join(f'`{p}`' for p in taken)} is served already")
        arguments = (("add_probes", not taken), ("probe", probe.kind))
        edit = Edit(finding.location.path, finding.location.start_line, ReplaceFakeHealthHandler, arguments)
        if taken or finding.related:  # no kit probes, or a router's prefix in front of them
            return (edit,)
        return (edit, *manifest_edits(finding, result))

    def fix_for(self, finding: Finding, result: ScanResult,
                probe_kind_of: ProbeKindOf = unknown_probe_kind) -> Fix | None:
        """The fix for the probe that calls the handler's path; its diff header says which semantics it keeps."""
        path = dict(finding.extra).get("path", "")
        probe = probe_answer(path, probe_kind_of)
        edits = self.edits_for(finding, result, probe)
        return Fix(finding, edits, self.safety, self._reason(path or "the endpoint", probe)) if edits else None

    def _reason(self, path: str, probe: ProbeAnswer) -> str:
        if not keeps_liveness(probe.kind):
            return f"`{path}` keeps readiness semantics ({probe.explained()}): {self.reason}"
        return (f"`{path}` keeps liveness semantics ({probe.explained()}): it answers 200 while the process "
                "runs; readiness with the reported checks moves to `/health/ready`, which answers 503 when a "
                "critical check fails")


def manifest_edits(finding: Finding, result: ScanResult) -> tuple[TextEdit, ...]:
    """Probes of plain manifests calling the fake handler, moved to the kit's /health/live,
    /health/ready and /health/startup: for a FastAPI or Flask route decorated on the app, where the
    handler's edit mounts the kit's probes."""
    try:
        source = Path(result.root, finding.location.path).read_bytes()
        module = cst.parse_module(source)
    except (OSError, cst.ParserSyntaxError):
        return ()
    lines = module.code.splitlines()
    first = lines[finding.location.start_line - 1].strip() if len(lines) >= finding.location.start_line else ""
    imported = {node.module.value if isinstance(node.module, cst.Name) else "" for node in m.findall(
        module, m.ImportFrom(module=m.Name()))}
    if framework_of(module) not in ("fastapi", "flask") or not imported & {"fastapi", "flask"} or not (
            first.startswith("@") and "." in first.split("(", 1)[0]):
        return ()
    changes = kit_path_changes(result.findings, finding.symbol)
    return tuple(TextEdit(path, 0, functools.partial(rewrite_probe_paths, changes=tuple(found)))
                 for path, found in sorted(changes.items()))
