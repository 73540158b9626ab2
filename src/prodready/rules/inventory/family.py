"""The inventory family: match indicator packs per file, report components, placeholders and
security checks that always pass."""

from __future__ import annotations

from typing import Any, Iterator

from prodready.model.areas import AREAS_BY_ID, Area
from prodready.model.config import Config
from prodready.model.findings import Finding, Location, Severity
from prodready.model.project import ProjectModel
from prodready.rules.base import RuleFamily
from prodready.rules.inventory.always_pass import AlwaysPassSecurityCheck
from prodready.rules.inventory.anchors import RouteRef
from prodready.rules.inventory.areas import MISSING, decide_area
from prodready.rules.inventory.component import InventoryComponent
from prodready.rules.inventory.matching import ComponentMatch, drop_fallbacks, match_file
from prodready.rules.inventory.not_found import InventoryNotFound
from prodready.rules.inventory.packs import Pack, load_packs
from prodready.rules.inventory.paths import is_test_or_dev_path, is_test_path
from prodready.rules.inventory.placeholder import PlaceholderComponent
from prodready.rules.inventory.security import always_pass_checks, depends_targets
from prodready.rules.inventory.environment import environment_vocabularies
from prodready.rules.inventory.vocabulary import project_vocabularies

AUTH_AREA = "authentication"
# areas whose presence other rules decide: health routes (PR101-PR105), capabilities (PR301-PR303)
DECIDED_ELSEWHERE = frozenset({"health-monitoring", "tracing", "licensing", "clustering"})
STUB_WORDS = {
    "pass": "`pass`", "ellipsis": "`...`", "not-implemented": "`raise NotImplementedError`",
    "return-true": "`return True`", "return-none": "`return None`", "docstring": "a docstring",
    "todo": "a TODO docstring",
}


def _routes_by_path(project: ProjectModel) -> dict[str, list[RouteRef]]:
    routes: dict[str, list[RouteRef]] = {}
    for route in project.routes:
        location = route.location
        routes.setdefault(location.path, []).append(
            RouteRef(route.path, location.start_line, location.end_line, route.handler))
    return routes


def _shown(term: str) -> str:
    """A matched word as the report shows it: its first line, without backticks."""
    lines = term.strip().splitlines()
    return (lines[0] if lines else term).replace("`", "'").strip()


def component_finding(match: ComponentMatch) -> Finding:
    """PR401 for a real component, PR402 for a placeholder."""
    anchor = match.anchor
    location = Location(match.path, anchor.start, anchor.end)
    title = match.component.title
    common: dict[str, Any] = {"symbol": anchor.symbol, "area": match.pack.area, "title": title}
    if match.placeholder:
        stubs = [f"`{d.name}` is only {STUB_WORDS.get(d.stub, d.stub)}" for d in match.stubs]
        return PlaceholderComponent.finding(
            location,
            f"{title} is a placeholder: {'; '.join(stubs)}",
            details=tuple(stubs),
            related=tuple(Location(match.path, d.start, d.end, message=f"`{d.name}` is a stub") for d in match.stubs),
            **common,
        )
    bullets = tuple(e.capability for e in match.evidence)
    return InventoryComponent.finding(
        location,
        f"{title}: real implementation ({len(bullets)} capabilities found)",
        details=bullets,
        related=tuple(Location(match.path, e.line, e.line, message=f"{e.capability}: `{_shown(e.term)}`")
                      for e in match.evidence),
        **common,
    )


class InventoryFamily(RuleFamily):
    """Components of every report area, placeholders and always-pass security checks."""

    name = "inventory"

    def check(self, project: ProjectModel, config: Any) -> Iterator[Finding]:
        """PR401/PR402 per component found by the packs, PR403 per always-pass check."""
        config = config if isinstance(config, Config) else Config()
        packs = load_packs(config)
        vocabularies = project_vocabularies(project)
        routes = _routes_by_path(project)
        dependencies = depends_targets(vocabularies)
        matches = []
        for path in sorted(vocabularies):
            if not is_test_or_dev_path(path, config.dev_route_words):
                matches.extend(match_file(packs, path, vocabularies[path], routes.get(path, ())))
        for path, vocabulary in environment_vocabularies(project.manifests).items():
            matches.extend(match_file(packs, path, vocabulary))
        kept = drop_fallbacks(matches)
        found = {match.pack.area for match in kept}
        for match in kept:
            yield component_finding(match)
        for path in sorted(vocabularies):
            if is_test_path(path):
                continue
            vocabulary = vocabularies[path]
            for check in always_pass_checks(path, vocabulary, dependencies):
                found.add(AUTH_AREA)
                yield AlwaysPassSecurityCheck.finding(
                    Location(path, check.start, check.end),
                    f"{check.title}: {check.explanation}",
                    symbol=check.symbol, area=AUTH_AREA, title=check.title, details=(check.explanation,),
                )
        if project.files:
            yield from _areas_not_found(project, packs, found, vocabularies)


def _areas_not_found(project: ProjectModel, packs: list[Pack], found: set[str],
                     vocabularies: dict[str, Any]) -> Iterator[Finding]:
    """PR404 for each pack area without a component (and no rule of its own)."""
    code = {path: vocabulary for path, vocabulary in vocabularies.items() if not is_test_path(path)}
    modules = frozenset(info.module.split(".", 1)[0] for info in project.files.values() if info.module)
    areas: dict[str, list[Pack]] = {}
    for pack in packs:
        areas.setdefault(pack.area, []).append(pack)
    for area_id, area_packs in areas.items():
        if area_id in found or area_id in DECIDED_ELSEWHERE:
            continue
        area = AREAS_BY_ID.get(area_id) or next((p.new_area for p in area_packs if p.new_area), Area(area_id, area_id))
        outcome = decide_area(area_packs, code, project.manifests, modules)
        if outcome.status == MISSING:
            message = f"{area.title}: not found - {area.not_found or 'no component detected'}"
        else:
            message = f"{area.title}: declared but not wired ({outcome.details[0]})"
        where = project.anchor() if outcome.status == MISSING else outcome.related[0]  # the first declaration
        yield InventoryNotFound.finding(
            Location(where.path, where.start_line, where.end_line), message, status=outcome.status,
            severity=Severity.NONE if outcome.status == MISSING else InventoryNotFound.severity,
            area=area_id, title=area.title, details=outcome.details, related=outcome.related,
        )
