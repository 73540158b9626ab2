"""Exposed test/debug route -> guarded by prodready_kit.guards wherever it is mounted.

The guard goes where it protects the route whatever mounts it: the router's own
`dependencies=[Depends(dev_only)]` (FastAPI), `guard_blueprint(bp)` after the blueprint is
created (Flask), or the route itself when it is defined on the app. The app module also gets the
start-up check `assert_safe_for_production(app)`, which refuses to boot in production while an
unguarded test route is mounted.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import CodeRange, PositionProvider

from prodready.codemods.base import Codemod, Edit
from prodready.codemods.layout import fit, refit_decorator, refit_statement
from prodready.codemods.style import style_in
from prodready.codemods.syntax import (
    APP_FACTORIES,
    blank_lines,
    dotted_name,
    factory_assignment,
    framework_of,
    refuse_other_frameworks,
    starts_at,
)
from prodready.model.findings import Finding, ScanResult

ROUTER_FACTORIES = frozenset({"APIRouter"})
BLUEPRINT_FACTORIES = frozenset({"Blueprint"})
GUARDS_MODULE = "prodready_kit.guards"
END_OF_FILE = 10**9


def _module_factories(module: cst.Module) -> dict[str, str]:
    """Module-level `name = Factory(...)` assignments: name -> factory."""
    found: dict[str, str] = {}
    for statement in module.body:
        pair = factory_assignment(statement)
        if pair:
            found[pair[0]] = pair[1]
    return found


def _has_dev_only(call: cst.Call) -> bool:
    return any(
        arg.keyword is not None and arg.keyword.value == "dependencies"
        and m.findall(arg.value, m.Name("dev_only"))
        for arg in call.args
    )


def _with_dev_only_dependency(call: cst.Call) -> cst.Call:
    """`Factory(..., dependencies=[..., Depends(dev_only)])`, merging an existing list."""
    guard = cst.Element(cst.parse_expression("Depends(dev_only)"))
    for index, arg in enumerate(call.args):
        if arg.keyword is None or arg.keyword.value != "dependencies":
            continue
        if isinstance(arg.value, cst.List):
            elements = list(arg.value.elements)
            if elements and elements[-1].comma is cst.MaybeSentinel.DEFAULT:
                elements[-1] = elements[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            value = arg.value.with_changes(elements=[*elements, guard])
        else:  # dependencies=COMMON -> [*COMMON, Depends(dev_only)]
            spread = cst.StarredElement(arg.value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            value = cst.List([spread, guard])
        return call.with_changes(args=[*call.args[:index], arg.with_changes(value=value), *call.args[index + 1:]])
    args = list(call.args)
    if args and args[-1].comma is cst.MaybeSentinel.DEFAULT:
        args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    keyword = cst.Arg(
        keyword=cst.Name("dependencies"),
        value=cst.List([guard]),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )
    return call.with_changes(args=[*args, keyword])


class GuardDevRoute(VisitorBasedCodemodCommand):
    """Guard the route whose handler span starts at `line` (or its router/blueprint)."""

    DESCRIPTION = "Make a test/debug route answer 404 in production."
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, context: CodemodContext, line: int) -> None:
        super().__init__(context)
        self.line = line
        self.owner = ""
        self.factories: dict[str, str] = {}
        self.framework = "fastapi"
        self.blueprint_guarded = False

    def _position_of(self, node: cst.CSTNode) -> CodeRange:
        return self.get_metadata(PositionProvider, node)

    def visit_Module(self, node: cst.Module) -> None:
        self.factories = _module_factories(node)
        self.framework = framework_of(node)
        self.blueprint_guarded = bool(m.findall(node, m.Call(func=m.Name("guard_blueprint"))))
        for function in m.findall(node, m.FunctionDef()):
            if starts_at(function, self.line, self._position_of) and function.decorators:
                decorator = function.decorators[0].decorator
                target = dotted_name(decorator.func if isinstance(decorator, cst.Call) else decorator)
                self.owner = target.rsplit(".", 1)[0] if "." in target else ""

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        pair = factory_assignment(original_node)
        if pair is None or pair[0] != self.owner:
            return updated_node
        factory = pair[1]
        assign = updated_node.body[0]
        limit = style_in(self.context).line_length
        if factory in ROUTER_FACTORIES and not _has_dev_only(assign.value):
            self._import_fastapi_guard()
            guarded = updated_node.with_changes(body=[assign.with_changes(value=_with_dev_only_dependency(assign.value))])
            return refit_statement(guarded, limit)
        if factory in BLUEPRINT_FACTORIES and not self.blueprint_guarded:
            AddImportsVisitor.add_needed_import(self.context, GUARDS_MODULE, "guard_blueprint")
            guard = cst.parse_statement(fit(f"guard_blueprint({self.owner})\n", limit))
            return cst.FlattenSentinel([updated_node, guard])
        return updated_node

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        if not starts_at(original_node, self.line, self._position_of) or self.factories.get(self.owner) not in APP_FACTORIES:
            return updated_node
        if self.framework == "flask":
            if any(m.matches(d.decorator, m.Name("dev_only_view")) for d in updated_node.decorators):
                return updated_node
            AddImportsVisitor.add_needed_import(self.context, GUARDS_MODULE, "dev_only_view")
            decorators = [*updated_node.decorators, cst.Decorator(cst.Name("dev_only_view"))]
            return updated_node.with_changes(decorators=decorators)
        first = updated_node.decorators[0]
        if isinstance(first.decorator, cst.Call) and not _has_dev_only(first.decorator):
            self._import_fastapi_guard()
            guarded = first.with_changes(decorator=_with_dev_only_dependency(first.decorator))
            column = self._position_of(original_node).start.column
            guarded = refit_decorator(guarded, style_in(self.context).line_length - column)
            return updated_node.with_changes(decorators=[guarded, *updated_node.decorators[1:]])
        return updated_node

    def _import_fastapi_guard(self) -> None:
        AddImportsVisitor.add_needed_import(self.context, "fastapi", "Depends")
        AddImportsVisitor.add_needed_import(self.context, GUARDS_MODULE, "dev_only")


class AddStartupCheck(VisitorBasedCodemodCommand):
    """Append `assert_safe_for_production(app)` to the module that creates the app, once."""

    DESCRIPTION = "Refuse to start in production while an unguarded test route is mounted."

    def __init__(self, context: CodemodContext, line: int) -> None:
        super().__init__(context)
        self.line = line

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if m.findall(updated_node, m.Call(func=m.Name("assert_safe_for_production"))):
            return updated_node
        apps = [name for name, factory in _module_factories(updated_node).items() if factory in APP_FACTORIES]
        if not apps:
            return updated_node
        AddImportsVisitor.add_needed_import(self.context, GUARDS_MODULE, "assert_safe_for_production")
        check = cst.parse_statement(fit(f"assert_safe_for_production({apps[0]})\n", style_in(self.context).line_length))
        body = list(updated_node.body)
        main_guard = next(
            (i for i, s in enumerate(body) if m.matches(s, m.If(test=m.Comparison(left=m.Name("__name__"))))),
            len(body),
        )
        spacing = body[main_guard].leading_lines if main_guard < len(body) else blank_lines(2)
        body.insert(main_guard, check.with_changes(leading_lines=spacing))
        return updated_node.with_changes(body=body)


class DevRouteGuardCodemod(Codemod):
    """PR201: exposed dev route -> dev_only guard + start-up check in the app module."""

    rule_ids = ("PR201",)
    safety = "unsafe"
    reason = "the route answers 404 unless the environment says development, and start-up is refused in production if an unguarded test route remains"

    def edits_for(self, finding: Finding, result: ScanResult) -> tuple[Edit, ...]:
        """Guard at the definition; start-up check in each module that mounts it (or its own)."""
        refuse_other_frameworks(result.root, finding.location.path)
        app_modules = {loc.path for loc in finding.related} or {finding.location.path}
        edits = [Edit(finding.location.path, finding.location.start_line, GuardDevRoute)]
        edits.extend(Edit(path, END_OF_FILE, AddStartupCheck) for path in sorted(app_modules))
        return tuple(edits)
