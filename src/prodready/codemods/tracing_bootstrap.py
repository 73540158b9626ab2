"""Missing tracing -> `setup_tracing(app, service_name=...)` right after the app is created, once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider

from prodready.codemods.base import Codemod, Edit
from prodready.codemods.layout import fit
from prodready.codemods.style import style_in
from prodready.codemods.syntax import APP_FACTORIES, factory_assignment
from prodready.model.findings import Finding, ScanResult

FIXED_STATUSES = ("missing", "declared-not-wired")


def service_name_from(title: str) -> str:
    """`OMS Monolith API` -> `oms-monolith-api`."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "service"


class InsertTracingBootstrap(VisitorBasedCodemodCommand):
    """After the `app = Factory(...)` statement on `line`, call the kit's tracing bootstrap."""

    DESCRIPTION = "Bootstrap OpenTelemetry tracing right after the app object is created."
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, context: CodemodContext, line: int, default_service: str) -> None:
        super().__init__(context)
        self.line = line
        self.default_service = default_service
        self.already = False

    def visit_Module(self, node: cst.Module) -> None:
        self.already = bool(m.findall(node, m.Call(func=m.Name("setup_tracing"))))

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if self.already or self.get_metadata(PositionProvider, original_node).start.line != self.line:
            return updated_node
        pair = factory_assignment(updated_node)
        if pair is None or pair[1] not in APP_FACTORIES:
            return updated_node
        app = pair[0]
        service = self._service_name(updated_node.body[0].value)
        AddImportsVisitor.add_needed_import(self.context, "prodready_kit.tracing", "setup_tracing")
        column = self.get_metadata(PositionProvider, original_node).start.column
        code = f"setup_tracing({app}, service_name={json.dumps(service)})\n"
        call = cst.parse_statement(fit(code, style_in(self.context).line_length - column))
        self.already = True
        return cst.FlattenSentinel([updated_node, call])

    def _service_name(self, call: cst.Call) -> str:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "title" and isinstance(arg.value, cst.SimpleString):
                value = arg.value.evaluated_value
                if isinstance(value, str):
                    return service_name_from(value)
        return service_name_from(self.default_service)


class TracingBootstrapCodemod(Codemod):
    """PR301 (missing or declared-not-wired): insert the kit's tracing bootstrap."""

    rule_ids = ("PR301",)
    safety = "unsafe"
    reason = "spans are exported to the OTLP endpoint named by OTEL_* variables once the app starts"

    def applies_to(self, finding: Finding) -> bool:
        """Only a missing or declared-but-not-wired tracing needs the bootstrap."""
        return finding.status in FIXED_STATUSES

    def edits_for(self, finding: Finding, result: ScanResult) -> tuple[Edit, ...]:
        """One edit at the app creation the finding is anchored on."""
        if not self.applies_to(finding):
            return ()
        service = Path(result.root).name
        return (
            Edit(finding.location.path, finding.location.start_line, InsertTracingBootstrap,
                 (("default_service", service),)),
        )
