"""The reference report's structure, built from a ScanResult for the Markdown and HTML renderers.

Nothing here analyses code: findings are grouped by area, ordered, labelled and cross-linked.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from prodready.model.areas import AREAS, Area
from prodready.model.findings import (
    Finding, Location, NonProductionPath, Provenance, ScanResult, ScanWarning, Severity,
)
from prodready.reports.catalog import first_paragraph, fix_text, rule_for
from prodready.reports.statuses import CATEGORIES, Category, category_of, markdown_status, status_style

FAMILY_AREAS = {"health": "health-monitoring", "exposure": "dev-routes", "config": "configuration"}
OTHER_AREA = Area("other", "Other Findings")
ATTENTION_THRESHOLD = Severity.LOW
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A lower-case id fragment usable in an HTML anchor."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-") or "x"


@dataclass(frozen=True)
class RelatedLink:
    """A related location of an item and the anchor it links to."""

    location: Location
    target: str


@dataclass(frozen=True)
class Evidence:
    """What was found for a detail ("Sentinel") and where."""

    token: str
    location: Location

    def where(self, item_path: str) -> str:
        """`line 154` inside the item's own file, else `path:154`."""
        if self.location.path == item_path:
            return f"line {self.location.start_line}"
        return self.location.label()


@dataclass(frozen=True)
class Detail:
    """A capability bullet or evidence line of a finding, with the code that shows it."""

    text: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Item:
    """One finding as a report entry."""

    finding: Finding
    anchor: str
    category: Category
    area: Area
    status: str  # Markdown `**Status**:` value
    related: tuple[RelatedLink, ...] = ()  # related locations that are not evidence of a detail
    details: tuple[Detail, ...] = ()

    @property
    def heading(self) -> str:
        """`<title> (<file name>)`, as the reference's item headings."""
        title = self.finding.title or self.finding.symbol or self.finding.slug
        return f"{title} ({PurePosixPath(self.finding.location.path).name})"

    @property
    def short_title(self) -> str:
        """The component name alone."""
        return self.finding.title or self.finding.symbol or self.finding.slug

    @property
    def verb(self) -> str:
        """What to do about it ("Fix", "Disable", ...)."""
        return status_style(self.finding.status).verb or "Review"

    @property
    def bullets(self) -> tuple[str, ...]:
        """Message then details, without repeats: the bullets of the fake/placeholder summary."""
        seen: dict[str, None] = {}
        for line in (self.finding.message, *self.finding.details):
            if line.strip():
                seen.setdefault(line.strip(), None)
        return tuple(seen)


def _lines_label(location: Location) -> str:
    if location.end_line and location.end_line != location.start_line:
        return f"{location.start_line}-{location.end_line}"
    return str(location.start_line)


@dataclass(frozen=True)
class SummaryEntry:
    """One entry of the fake/placeholder summary: the findings of one rule on one component."""

    items: tuple[Item, ...]

    @property
    def title(self) -> str:
        """The component name."""
        return self.items[0].short_title

    @property
    def location_label(self) -> str:
        """`path:184-196`, or `path:63-73, 76-88` for several findings in one file."""
        path = self.items[0].finding.location.path
        return f"{path}:" + ", ".join(_lines_label(item.finding.location) for item in self.items)

    @property
    def bullets(self) -> tuple[str, ...]:
        """One finding: its message and details; several: their messages and the details they share."""
        if len(self.items) == 1:
            return self.items[0].bullets
        shared = set(self.items[0].finding.details).intersection(*(i.finding.details for i in self.items[1:]))
        lines = [item.finding.message for item in self.items]
        lines += [detail for detail in self.items[0].finding.details if detail in shared]
        return tuple(dict.fromkeys(line.strip() for line in lines if line.strip()))


WIRED = "wired"  # PR507 probe records: listed in their section's wiring table, not as items


@dataclass(frozen=True)
class WiringRow:
    """One probe of the Deployment Wiring table: where it is declared, what it requests and calls."""

    probe: str  # "readinessProbe of Deployment/api (container api)"
    location: Location
    request: str
    calls: str  # "`app.main.health` (app/main.py:20-25)", or why it reaches nothing
    status: str  # the handler's class, "" when none


def _wiring_row(item: Item) -> WiringRow:
    extra = dict(item.finding.extra)
    probe = f"{extra.get('label', 'probe')} of {extra.get('workload', '')}".strip()
    handler, where = extra.get("handler", ""), extra.get("handler_location", "")
    calls = f"`{handler}` ({where})" if handler else extra.get("note", "")
    return WiringRow(probe, item.finding.location, extra.get("request", ""), calls, extra.get("handler_status", ""))


@dataclass(frozen=True)
class Section:
    """One area of the report with its items; `children` are nested areas (tracing)."""

    area: Area
    number: int  # 0 for nested sections
    anchor: str
    items: tuple[Item, ...]  # present things: real, fake, test, placeholder, ...
    missing: tuple[Item, ...]  # findings saying the capability is missing
    children: tuple[Section, ...] = ()
    suppressed: int = 0  # suppressed findings of this area: something was found, just hidden
    wiring: tuple[WiringRow, ...] = ()  # probes and what they call (the Deployment Wiring area)
    unchecked_rule: str = ""  # the rule the profile left off, when that leaves the area empty

    @property
    def not_checked(self) -> bool:
        """True when the area is empty because the profile left its rule off."""
        return bool(self.unchecked_rule) and not self.items and not self.missing and not self.suppressed

    @property
    def not_checked_text(self) -> str:
        """What follows "Not checked (profile) - ": how to switch the rule on."""
        rule = rule_for(self.unchecked_rule)
        profile = rule.profile if rule is not None else "enterprise"
        return f'runs with `profile = "{profile}"` in [tool.prodready] or `--select {self.unchecked_rule}`'

    @property
    def not_found(self) -> bool:
        """True when the area shows a "Not found" status of its own."""
        if self.not_checked:
            return False
        return not self.items and not self.suppressed and not self.wiring and (
            bool(self.missing) or bool(self.area.not_found))

    @property
    def not_found_text(self) -> str:
        """What follows "Not found - ": the area's sentence, else the capability finding's message."""
        if self.area.not_found or not self.missing:
            return self.area.not_found
        return self.missing[0].finding.message


@dataclass(frozen=True)
class Recommendation:
    """One numbered recommendation: a bold label, what to do, the kit replacement."""

    label: str
    text: str
    kit: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (item title, item anchor)
    bullets: tuple[tuple[str, str, str], ...] = ()  # (text, kit, item anchor) sub-items


@dataclass(frozen=True)
class FileEntry:
    """A file requiring attention and what to do in it."""

    path: str
    actions: tuple[tuple[str, str], ...]  # (action text, item anchor)


@dataclass(frozen=True)
class LocationEntry:
    """A related location no item covers, listed so links to it have a target."""

    anchor: str
    location: Location
    referrers: tuple[tuple[Item, str], ...]  # (item, message of the relation)


def _when(stamp: str) -> str:
    """`2026-11-27T09:30:00Z` as `2026-11-27 09:30:00 UTC`."""
    return stamp.replace("T", " ").removesuffix("Z") + " UTC" if stamp.endswith("Z") else stamp


def _commit(provenance: Provenance) -> str:
    """The scanned commit and whether the tree differed from it."""
    if not provenance.in_repository:
        return "not a git repository"
    if not provenance.commit:
        return "no commit yet"
    state = "dirty: uncommitted changes under the scanned root" if provenance.dirty else "clean"
    return f"`{provenance.commit}` ({state})"


def _configuration(provenance: Provenance) -> str:
    """The configuration file (or the defaults), the profile and the settings that differ."""
    source = f"`{provenance.config}` [tool.prodready]" if provenance.config else "defaults (no [tool.prodready])"
    parts = [source, f"profile `{provenance.profile}`"]
    parts += [f"{key} `{value}`" for key, value in provenance.settings]
    return ", ".join(parts)


@dataclass(frozen=True)
class Outline:
    """Everything the Markdown and HTML reports show, in order."""

    project: str
    tool_version: str
    files_scanned: int
    sections: tuple[Section, ...]
    attention: tuple[Item, ...]
    fake_summary: tuple[SummaryEntry, ...]
    recommendations: tuple[Recommendation, ...]
    files: tuple[FileEntry, ...]
    considerations: tuple[str, ...]  # "Consider adding ..." lines
    suppressed: tuple[Finding, ...]
    warnings: tuple[ScanWarning, ...]
    locations: tuple[LocationEntry, ...]
    non_production: tuple[NonProductionPath, ...] = ()  # where findings were lowered to info
    other_non_production: int = 0  # non-production paths without findings
    provenance: Provenance = Provenance()

    @property
    def header(self) -> tuple[tuple[str, str], ...]:
        """The report header for an auditor: date, commit, tool version, configuration."""
        rows = []
        if self.provenance.scanned_at:
            rows.append(("Scanned", _when(self.provenance.scanned_at)))
        if self.provenance.scanned_at or self.provenance.in_repository:
            rows.append(("Commit", _commit(self.provenance)))
        if self.tool_version:
            rows.append(("Tool", f"prodready {self.tool_version}"))
        rows.append(("Configuration", _configuration(self.provenance)))
        return tuple(rows)

    @property
    def needs_attention(self) -> tuple[Item, ...]:
        """The attention items, most severe first (report order within a severity)."""
        return tuple(sorted(self.attention, key=lambda item: -int(item.finding.severity)))

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item of every section, in report order."""
        return tuple(item for section in self.all_sections for item in (*section.items, *section.missing))

    @property
    def all_sections(self) -> tuple[Section, ...]:
        """Sections and their nested sections, in report order."""
        return tuple(s for section in self.sections for s in (section, *section.children))

    def counts(self) -> tuple[tuple[Category, int], ...]:
        """Items per display category (areas not found counted as "Not found"), zeros left out."""
        counter = Counter(item.category.id for section in self.all_sections for item in section.items)
        counter["missing"] = sum(1 if s.not_found else len(s.missing) for s in self.all_sections)
        counter["unchecked"] = sum(1 for s in self.all_sections if s.not_checked)
        return tuple((category, counter[category.id]) for category in CATEGORIES if counter[category.id])

    def summary_sentence(self) -> str:
        """What was found, as a clause: "found 2 fake implementations and 7 real ...; 3 areas were not found"."""
        parts = [category.count(n) for category, n in self.counts() if category.id not in ("missing", "unchecked")]
        areas = sum(1 for section in self.all_sections if section.not_found)
        unchecked = sum(1 for section in self.all_sections if section.not_checked)
        capabilities = [i.short_title for s in self.all_sections if not s.not_found for i in s.missing]
        if not parts:
            text = "found no enterprise feature implementation"
        else:
            text = "found " + (parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1])
        if areas:
            text += f"; {areas} area{' was' if areas == 1 else 's were'} not found"
        if unchecked:
            text += f"; {unchecked} area{' was' if unchecked == 1 else 's were'} not checked (profile)"
        if capabilities:
            text += "; missing: " + ", ".join(capabilities)
        return text


def _area_id(finding: Finding) -> str:
    """The finding's area, else its family's usual one."""
    return finding.area or FAMILY_AREAS.get(finding.family, OTHER_AREA.id)


def _area_order(result: ScanResult) -> list[Area]:
    """The areas of the result (built-in and user packs), then any other area a finding names."""
    areas = list(result.areas) or list(AREAS)
    known = {area.id for area in areas}
    for finding in sorted(result.findings, key=_sort_key):
        area_id = _area_id(finding)
        if area_id not in known:
            areas.append(OTHER_AREA if area_id == OTHER_AREA.id else Area(area_id, area_id.replace("-", " ").title()))
            known.add(area_id)
    return areas


def _sort_key(finding: Finding) -> tuple:
    loc = finding.location
    return (-int(finding.severity), loc.path, loc.start_line, finding.rule_id, finding.title)


def _anchors(findings: list[Finding]) -> list[str]:
    """Stable anchors from fingerprints, made unique in order."""
    used: Counter[str] = Counter()
    anchors = []
    for finding in findings:
        base = f"f-{finding.fingerprint[:10]}"
        used[base] += 1
        anchors.append(base if used[base] == 1 else f"{base}-{used[base]}")
    return anchors


def _covers(location: Location, related: Location) -> bool:
    end = max(location.end_line, location.start_line)
    return location.path == related.path and location.start_line <= related.start_line <= end


def _evidence(finding: Finding) -> tuple[tuple[Detail, ...], list[Location]]:
    """Attach related locations whose message reads "<detail>: <token>" to that detail."""
    found: dict[str, list[Evidence]] = {detail: [] for detail in finding.details}
    rest = []
    for related in finding.related:
        detail = next((d for d in finding.details if related.message.startswith(f"{d}:")), None)
        if detail is None:
            rest.append(related)
        else:
            token = related.message[len(detail) + 1 :].strip().strip("`")
            found[detail].append(Evidence(token, related))
    return tuple(Detail(text, tuple(found[text])) for text in finding.details), rest


def _link_related(items: list[Item]) -> tuple[list[Item], list[LocationEntry]]:
    """Point every related location at the item covering it, else at a location-index entry."""
    referrers: dict[str, list[tuple[Item, str]]] = defaultdict(list)
    index_locations: dict[str, Location] = {}
    by_path: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.finding.status != WIRED:  # probe records are table rows, not link targets
            by_path[item.finding.location.path].append(item)
    linked = []
    for item in items:
        details, rest = _evidence(item.finding)
        links = []
        for related in rest:
            candidates = by_path.get(related.path, ())
            target = next((o.anchor for o in candidates if o is not item and _covers(o.finding.location, related)), "")
            if not target:
                target = f"loc-{slugify(related.path)}-{related.start_line}"
                index_locations.setdefault(target, related)
                referrers[target].append((item, related.message))
            links.append(RelatedLink(related, target))
        linked.append(replace(item, related=tuple(links), details=details))
    by_anchor = {item.anchor: item for item in linked}
    entries = [
        LocationEntry(anchor, location, tuple((by_anchor[i.anchor], message) for i, message in referrers[anchor]))
        for anchor, location in sorted(index_locations.items(), key=lambda kv: (kv[1].path, kv[1].start_line))
    ]
    return linked, entries


def _recommendations(attention: list[Item], missing: list[Item], any_test: bool) -> list[Recommendation]:
    by_rule: dict[str, list[Item]] = defaultdict(list)
    for item in attention:
        by_rule[item.finding.rule_id].append(item)
    recommendations = []
    for rule_id, items in by_rule.items():  # in report order, as the reference lists them
        rule = rule_for(rule_id)
        titles = list(dict.fromkeys(item.short_title for item in items))
        named = ", ".join(titles[:3]) + (f" and {len(titles) - 3} more" if len(titles) > 3 else "")
        text = fix_text(rule) or (first_paragraph(rule.doc().summary) if rule else "") or items[0].finding.message
        recommendations.append(
            Recommendation(
                label=f"{items[0].verb} {named}",
                text=text,
                kit=rule.kit_replacement if rule else "",
                links=tuple((item.short_title, item.anchor) for item in items),
            )
        )
    if missing:
        bullets = []
        for item in missing:
            rule = rule_for(item.finding.rule_id)
            bullets.append((item.finding.title or item.area.title, rule.kit_replacement if rule else "", item.anchor))
        recommendations.append(Recommendation("Add Missing Features", "", bullets=tuple(bullets)))
    if any_test:
        recommendations.append(
            Recommendation(
                "Security Review",
                "Ensure all test/development features are properly secured or removed for production.",
            )
        )
    return recommendations


def _summary_entries(attention: list[Item]) -> list[SummaryEntry]:
    """Attention items grouped by rule, component, file and area, in report order."""
    groups: dict[tuple[str, str, str, str], list[Item]] = {}
    for item in attention:
        key = (item.finding.rule_id, item.short_title, item.finding.location.path, item.area.id)
        groups.setdefault(key, []).append(item)
    return [SummaryEntry(tuple(items)) for items in groups.values()]


def _files(attention: list[Item]) -> list[FileEntry]:
    """Per file, each action ("Disable RBAC Test Routes") once, with the lines it applies to."""
    actions: dict[str, dict[str, list[Item]]] = {}
    for item in attention:
        action = f"{item.verb} {item.short_title}"
        actions.setdefault(item.finding.location.path, {}).setdefault(action, []).append(item)
    entries = []
    for path, by_action in actions.items():
        found = []
        for action, items in by_action.items():
            lines = sorted({item.finding.location.start_line for item in items})
            where = f"line {lines[0]}" if len(lines) == 1 else "lines " + ", ".join(map(str, lines))
            found.append((f"{action} ({where})", items[0].anchor))
        entries.append(FileEntry(path, tuple(found)))
    return entries


def build_outline(result: ScanResult) -> Outline:
    """Group, order, label and cross-link the findings of a scan."""
    areas = _area_order(result)
    known = {area.id for area in areas}
    area_by_id = {area.id: area for area in areas}
    active = sorted(result.active, key=_sort_key)
    raw_items = []
    for finding, anchor in zip(active, _anchors(active), strict=True):
        area = area_by_id[_area_id(finding)]
        status = markdown_status(finding, finding.message or area.not_found)
        raw_items.append(Item(finding, anchor, category_of(finding), area, status))
    items, locations = _link_related(raw_items)

    grouped: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        grouped[item.area.id].append(item)
    suppressed = Counter(_area_id(f) for f in result.findings if f.suppressed and _area_id(f) in known)
    unchecked = dict(reversed(result.not_checked))  # area id -> rule id (the first rule of an area)

    def section(area: Area, number: int, children: tuple[Section, ...] = ()) -> Section:
        own = grouped.get(area.id, [])
        present = tuple(i for i in own if i.category.id != "missing" and i.finding.status != WIRED)
        missing = tuple(i for i in own if i.category.id == "missing")
        wiring = tuple(_wiring_row(i) for i in own if i.finding.status == WIRED)
        return Section(
            area, number, f"area-{slugify(area.id)}", present, missing, children, suppressed[area.id],
            wiring, unchecked.get(area.id, ""),
        )

    def has_content(s: Section) -> bool:
        return bool(s.items or s.missing or s.children or s.suppressed or s.wiring or s.area.not_found
                    or s.not_checked)

    top_level = [a for a in areas if not a.parent or a.parent not in known]
    sections: list[Section] = []
    for area in top_level:
        children = tuple(
            child
            for child in (section(a, 0) for a in areas if a.parent == area.id)
            if has_content(child)
        )
        candidate = section(area, len(sections) + 1, children)
        if has_content(candidate):
            sections.append(candidate)

    ordered_items = [i for s in sections for sub in (s, *s.children) for i in (*sub.items, *sub.missing)]
    attention = [
        i for i in ordered_items if i.category.attention and i.finding.severity >= ATTENTION_THRESHOLD
    ]
    fake_summary = _summary_entries(attention)
    # areas merely not found (severity none: nothing to recommend) stay in their sections only
    missing = [i for i in ordered_items if i.category.id == "missing" and i.finding.severity > Severity.NONE]
    considerations = []
    for item in missing:
        rule = rule_for(item.finding.rule_id)
        kit = f" (`{rule.kit_replacement}`)" if rule and rule.kit_replacement else ""
        considerations.append(f"Consider adding {(item.finding.title or item.area.title).lower()}{kit}")
    return Outline(
        project=PurePosixPath(result.root.replace("\\", "/")).name or result.root,
        tool_version=result.tool_version,
        files_scanned=result.files_scanned,
        sections=tuple(sections),
        attention=tuple(attention),
        fake_summary=tuple(fake_summary),
        recommendations=tuple(_recommendations(attention, missing, any(i.category.id == "test" for i in items))),
        files=tuple(_files(attention)),
        considerations=tuple(considerations),
        suppressed=tuple(sorted((f for f in result.findings if f.suppressed), key=_sort_key)),
        warnings=tuple(sorted(result.warnings, key=lambda w: (w.path, w.kind, w.message))),
        locations=tuple(locations),
        non_production=tuple(n for n in result.non_production if n.findings),
        other_non_production=sum(1 for n in result.non_production if not n.findings),
        provenance=result.provenance,
    )
