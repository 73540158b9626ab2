"""A handler's possible answers with helper calls followed across project modules."""

from __future__ import annotations

from dataclasses import dataclass

from prodready.engine import imports
from prodready.model.project import ProjectModel
from prodready.rules.health.responses import FileResponses, FunctionResponses, HealthResponsesCollector, Outcome

MAX_HELPER_DEPTH = 2


@dataclass(frozen=True)
class HandlerSummary:
    """Every way out of a handler (helpers expanded) and its dependency behaviour."""

    outcomes: tuple[Outcome, ...]
    propagating_probe: str = ""
    swallowed_probe: str = ""
    dependency_calls: tuple[str, ...] = ()
    helpers: tuple[str, ...] = ()  # helpers followed, qualified


class ResponseIndex:
    """Response facts by module, and lookup of functions by qualified name."""

    def __init__(self, project: ProjectModel) -> None:
        self.project = project

    def responses(self, module: str) -> FileResponses | None:
        """The response facts of a project module (analysed when first asked for), else None."""
        facts = self.project.facts_at(HealthResponsesCollector.name, self.project.module_path(module))
        return facts if isinstance(facts, FileResponses) else None

    def function(self, qualified: str, line: int = 0) -> tuple[str, FunctionResponses] | None:
        """(module, facts) of a function by its project-wide qualified name (the definition at
        or after `line` when the module defines the name more than once)."""
        parts = qualified.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            facts = self.responses(module)
            if facts is not None:
                found = facts.get(".".join(parts[cut:]), line)
                return (module, found) if found else None
        return None

    def summarise(self, qualified: str, depth: int = 0, line: int = 0) -> HandlerSummary | None:
        """The handler's summary (its definition at or after `line`), following `return helper()`
        up to MAX_HELPER_DEPTH levels."""
        found = self.function(qualified, line)
        if found is None:
            return None
        module, facts = found
        outcomes: list[Outcome] = []
        propagating, swallowed = facts.propagating_probe, facts.swallowed_probe
        calls = list(facts.dependency_calls)
        helpers: list[str] = []
        for outcome in facts.outcomes:
            inner = self.helper_summary(module, facts.qualname, outcome, depth)
            if inner is None:
                outcomes.append(_unresolved(outcome))
                continue
            helpers.append(outcome.helper)
            outcomes.extend(_wrapped(outcome, o) for o in inner.outcomes)
            propagating = propagating or inner.propagating_probe
            swallowed = swallowed or inner.swallowed_probe
            calls.extend(inner.dependency_calls)
            helpers.extend(inner.helpers)
        propagating = propagating or self.failing_statement_call(module, facts, depth)
        return HandlerSummary(tuple(outcomes), propagating, swallowed, tuple(dict.fromkeys(calls)),
                              tuple(dict.fromkeys(helpers)))

    def failing_statement_call(self, module: str, facts: FunctionResponses, depth: int) -> str:
        """A project function called as a statement that can fail the request (`ensure_db()`
        raising HTTPException(503)), else ""."""
        if depth >= MAX_HELPER_DEPTH:
            return ""
        for name in facts.statement_calls:
            if name.split(".")[0] in ("self", "cls"):
                continue
            qualified = imports.qualified(self.project, module, name)
            inner = self.summarise(qualified, depth + 1) if self.function(qualified) else None
            if inner is not None and (inner.propagating_probe or any(
                    o.kind == "raise" and (o.code_dynamic or any(c >= 500 for c in o.codes)) for o in inner.outcomes)):
                return name
        return ""

    def helper_summary(self, module: str, scope: str, outcome: Outcome, depth: int) -> HandlerSummary | None:
        """The summary of the helper an outcome returns, when it is a project function."""
        if not outcome.helper or depth >= MAX_HELPER_DEPTH or outcome.helper.split(".")[0] in ("self", "cls"):
            return None
        local = f"{module}.{scope.rsplit('.', 1)[0]}.{outcome.helper}" if "." in scope else ""
        for candidate in (local, imports.qualified(self.project, module, outcome.helper),
                          self.instance_method(module, outcome.helper)):
            if candidate and self.function(candidate) is not None:
                return self.summarise(candidate, depth + 1)
        return None

    def instance_method(self, module: str, call: str) -> str:
        """`monitor.report` where `monitor = HealthMonitor()` at module level (here or imported)
        -> "pkg.health.HealthMonitor.report"; "" otherwise."""
        instance, _, method = call.rpartition(".")
        if not instance or "." in instance:
            return ""
        home, name = imports.resolve(self.project, module, instance)
        facts = self.responses(home)
        cls = facts.instance_class(name or "") if facts else ""
        return f"{imports.qualified(self.project, home, cls)}.{method}" if cls else ""


def _unresolved(outcome: Outcome) -> Outcome:
    """A helper outcome whose helper is not a project function: its answer is unknown."""
    if outcome.kind == "helper":
        return Outcome(outcome.line, "unknown", codes=outcome.codes, code_dynamic=outcome.code_dynamic,
                       helper=outcome.helper)
    return outcome


def _wrapped(wrapper: Outcome, inner: Outcome) -> Outcome:
    """A helper's outcome seen through the caller's wrapper (its explicit codes, its fields)."""
    codes = inner.codes if inner.kind in ("raise", "code") else tuple(sorted(set(inner.codes) | set(wrapper.codes)))
    return Outcome(
        line=wrapper.line,
        kind=inner.kind,
        statuses=tuple(sorted(set(inner.statuses) | set(wrapper.statuses))),
        codes=codes,
        code_dynamic=inner.code_dynamic or wrapper.code_dynamic,
        fields=tuple(dict.fromkeys((*wrapper.fields, *inner.fields))),
        fields_dynamic=inner.fields_dynamic or wrapper.fields_dynamic,
        helper=inner.helper,
        kit=inner.kit or wrapper.kit,
        tuple_code=inner.tuple_code or wrapper.tuple_code,
    )
