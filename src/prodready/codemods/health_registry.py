"""Fake health endpoint -> a kit HealthRegistry whose checks are what the handler used to report.

`"db_connected": services.db_client and services.db_client.is_connected()` in the returned body
becomes a registered `db` check; literal fields such as `version` carry over to the registry; the
handler keeps its path, decorators and docstring and answers with the registry's readiness
response (HTTP 503 when a critical check fails). When the project has no real readiness route,
the kit's liveness/readiness/startup probes are mounted beside it.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from dataclasses import dataclass
from typing import Callable, Sequence

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider, ScopeProvider

from prodready.codemods.base import Codemod, Edit, TextEdit
from prodready.codemods.manifest_probes import kit_path_changes, rewrite_probe_paths
from prodready.codemods.syntax import (
    assigned_names,
    blank_lines,
    dotted_name,
    framework_of,
    identifier,
    local_to,
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
    for key, expression in dynamic:
        if uses_local(expression):
            return None
        base = check_name(key.rsplit(".", 1)[-1])
        name = base if base not in taken else identifier(key.replace(".", "_"))
        taken.add(name)
        checks.append(
            ReportedCheck(
                name=name,
                source=module.code_for_node(expression).strip(),
                is_async=bool(m.findall(expression, m.Await())),
                critical=bool(m.findall(expression, m.Call())),
                is_boolean=isinstance(expression, cst.Comparison)
                or m.matches(expression, m.UnaryOperation(operator=m.Not())),
            )
        )
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


def _split_leading(lines: Sequence[cst.EmptyLine]) -> tuple[tuple[cst.EmptyLine, ...], tuple[cst.EmptyLine, ...]]:
    """Blank lines before the first comment (they stay in front), and the comment block (stays
    with the handler it describes)."""
    for index, line in enumerate(lines):
        if line.comment is not None:
            return tuple(lines[:index]), tuple(lines[index:])
    return tuple(lines), ()


def _as_bool(source: str, expression_is_boolean: bool) -> str:
    return source if expression_is_boolean else f"bool({source})"


def _check_function(check: ReportedCheck, registry: str, function: str) -> str:
    options = "" if check.critical else ", critical=False"
    keyword = "async def" if check.is_async else "def"
    if check.is_block:
        body = "".join(f"    {line}\n" if line.strip() else "\n" for line in check.source.splitlines())
        body += "    return True\n"
    else:
        body = f"    return {_as_bool(check.source, check.is_boolean)}\n"
    return f'@{registry}.check("{check.name}"{options})\n{keyword} {function}():\n{body}'


class ReplaceFakeHealthHandler(VisitorBasedCodemodCommand):
    """Rewrite the handler whose span starts at `line` to answer from a kit HealthRegistry."""

    DESCRIPTION = "Replace a fake health handler with a prodready_kit.health.HealthRegistry."
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)

    def __init__(self, context: CodemodContext, line: int, add_probes: bool) -> None:
        super().__init__(context)
        self.line = line
        self.add_probes = add_probes
        self.taken: set[str] = set()
        self.source_module: cst.Module | None = None
        self.framework = "fastapi"

    def visit_Module(self, node: cst.Module) -> None:
        self.source_module = node
        self.taken = assigned_names(node)
        self.framework = framework_of(node)

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
        checks, static = found
        registry = unique_name("health_registry", self.taken)
        arguments = ", ".join(f"{key}={json.dumps(value)}" for key, value in sorted(static.items()) if key == "version")
        statements = [cst.parse_statement(f"{registry} = HealthRegistry({arguments})\n")]
        for check in checks:
            function = unique_name(f"_check_{check.name}", self.taken)
            statements.append(cst.parse_statement(_check_function(check, registry, function)))
        after = self._probe_mount(original_node, registry)
        if not after or self.framework == "flask":
            # No ASGI lifespan will mark start-up complete: the module being imported is the signal.
            statements.append(cst.parse_statement(f"{registry}.mark_started()\n"))
        blank, comments = _split_leading(original_node.leading_lines)
        statements = [
            s.with_changes(leading_lines=blank if i == 0 else blank_lines(2)) for i, s in enumerate(statements)
        ]
        handler = self._rewrite_handler(updated_node, registry).with_changes(
            leading_lines=(*blank_lines(2), *comments)
        )
        self._schedule_imports()
        return cst.FlattenSentinel([*statements, handler, *after])

    def _rewrite_handler(self, handler: cst.FunctionDef, registry: str) -> cst.FunctionDef:
        parameters = [p.name.value for p in handler.params.params]
        if self.framework == "flask":
            call = f"return readiness_response({registry})\n"
        else:
            request = ", request" if "request" in parameters else ""
            call = f"return await readiness_response({registry}{request})\n"
        body: list[cst.BaseStatement] = []
        first = handler.body.body[0] if isinstance(handler.body, cst.IndentedBlock) and handler.body.body else None
        if first is not None and m.matches(first, m.SimpleStatementLine(body=[m.Expr(m.SimpleString())])):
            body.append(first)
        body.append(cst.parse_statement(call))
        rewritten = handler.with_changes(body=handler.body.with_changes(body=body))
        if self.framework != "flask" and rewritten.asynchronous is None:
            rewritten = rewritten.with_changes(asynchronous=cst.Asynchronous())
        return rewritten

    def _probe_mount(self, handler: cst.FunctionDef, registry: str) -> list[cst.BaseStatement]:
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
        return [cst.parse_statement(code).with_changes(leading_lines=blank_lines(2))]

    def _schedule_imports(self) -> None:
        AddImportsVisitor.add_needed_import(self.context, "prodready_kit.health", "HealthRegistry")
        adapter = KIT_ADAPTERS[self.framework]
        AddImportsVisitor.add_needed_import(self.context, adapter, "readiness_response")
        if self.add_probes and self.framework != "starlette":
            helper = "health_blueprint" if self.framework == "flask" else "health_router"
            AddImportsVisitor.add_needed_import(self.context, adapter, helper)


class FakeHealthCodemod(Codemod):
    """PR101: fake health endpoint -> kit registry with the reported checks."""

    rule_ids = ("PR101",)
    safety = "unsafe"
    reason = (
        "the endpoint starts answering 503 when a reported dependency check fails, "
        "which load balancers and orchestrators act on"
    )

    def edits_for(self, finding: Finding, result: ScanResult) -> tuple[Edit | TextEdit, ...]:
        """One edit of the handler's file; probes added when no real readiness route exists, and
        then the plain manifests' probes on the handler moved to the kit's probe paths."""
        has_real_readiness = any(
            f.rule_id == "PR104" and any(w in f.message.lower() for w in ("ready", "readiness"))
            for f in result.findings
        )
        arguments = (("add_probes", not has_real_readiness),)
        edit = Edit(finding.location.path, finding.location.start_line, ReplaceFakeHealthHandler, arguments)
        if has_real_readiness or finding.related:  # no kit probes, or mounted under a prefix
            return (edit,)
        return (edit, *manifest_edits(finding, result))


def manifest_edits(finding: Finding, result: ScanResult) -> tuple[TextEdit, ...]:
    """Probes of plain manifests calling the fake handler, moved to the kit's /health/live,
    /health/ready and /health/startup (FastAPI and Flask, where the probes get mounted)."""
    try:
        module = cst.parse_module(Path(result.root, finding.location.path).read_bytes())
    except (OSError, cst.ParserSyntaxError):
        return ()
    if framework_of(module) not in ("fastapi", "flask"):
        return ()
    changes = kit_path_changes(result.findings, finding.symbol)
    return tuple(TextEdit(path, 0, functools.partial(rewrite_probe_paths, changes=tuple(found)))
                 for path, found in sorted(changes.items()))
