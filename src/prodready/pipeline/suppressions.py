"""Inline suppressions (`# prodready: ignore[rule-id] reason`) and config waivers.

A comment suppresses the findings of the rules it names whose location starts on the comment's
line or on the line below it. `until=YYYY-MM-DD` makes it expire after that day. A suppression
without a reason still suppresses (so adding a reason later never changes the gate) but is
itself reported (PR901); an expired one stops suppressing and is reported (PR903); one that
hides nothing although its rule ran is reported (PR902). Findings about suppressions cannot be
suppressed inline (use `ignore` or `per-path-ignores` in the config).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Iterable

from prodready.model.findings import Finding, Location, Suppression
from prodready.model.project import ProjectModel
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.selection import RuleSelector, is_known_rule_ref, ref_matches
from prodready.rules.base import Rule, rule_by_key
from prodready.rules.meta import ExpiredSuppression, SuppressionWithoutReason, UnusedSuppression
from prodready.rules.meta.comments import COLLECTOR_NAME, SuppressionComment

META_FAMILY = "config"
META_AREA = "configuration"


def apply_suppressions(
    findings: Iterable[Finding], project: ProjectModel, options: ScanOptions, today: date
) -> list[Finding]:
    """Mark suppressed findings and add findings about bad, expired or unused suppressions."""
    selector = RuleSelector.from_options(options)
    comments: dict[str, tuple[SuppressionComment, ...]] = dict(project.facts_of(COLLECTOR_NAME))
    used: set[tuple[str, int, str]] = set()  # (path, comment line, rule ref)
    waivers = options.config.waivers
    used_waivers: set[int] = set()
    result = []
    for finding in findings:
        if finding.suppression is None and finding.family != META_FAMILY:
            finding = _suppress_inline(finding, comments.get(finding.location.path, ()), today, used)
        if finding.suppression is None:
            finding = _waive(finding, waivers, used_waivers)
        result.append(finding)
    meta = [
        *_comment_findings(comments, selector, used, today, options.semgrep),
        *_unused_waiver_findings(waivers, used_waivers, options),
    ]
    overrides = options.config.severity_overrides
    for finding in meta:
        if selector.selects_finding(finding):
            if finding.rule_id in overrides:
                finding = dataclasses.replace(finding, severity=overrides[finding.rule_id])
            result.append(finding)
    return result


def _suppress_inline(
    finding: Finding, comments: tuple[SuppressionComment, ...], today: date, used: set[tuple[str, int, str]]
) -> Finding:
    for comment in comments:
        if comment.problem or not comment.covers(finding.location.start_line) or _expired(comment, today):
            continue
        for ref in comment.rules:
            if ref_matches(ref, finding.rule_id, finding.slug, finding.family):
                used.add((finding.location.path, comment.line, ref))
                return dataclasses.replace(finding, suppression=Suppression("inline", comment.reason))
    return finding


def _expired(comment: SuppressionComment, today: date) -> bool:
    expiry = comment.expiry()
    return expiry is not None and expiry < today


def _waive(finding: Finding, waivers: tuple[dict[str, str], ...], used: set[int]) -> Finding:
    for index, waiver in enumerate(waivers):
        if (
            ref_matches(waiver["rule"], finding.rule_id, finding.slug, finding.family)
            and fnmatchcase(finding.location.path, waiver["path"])
            and waiver.get("symbol", finding.symbol) == finding.symbol
        ):
            used.add(index)
            return dataclasses.replace(finding, suppression=Suppression("waiver", waiver["reason"]))
    return finding


def _comment_findings(
    comments: dict[str, tuple[SuppressionComment, ...]],
    selector: RuleSelector,
    used: set[tuple[str, int, str]],
    today: date,
    semgrep_ran: bool,
) -> Iterable[Finding]:
    for path in sorted(comments):
        for comment in comments[path]:
            yield from _findings_about(comment, path, selector, used, today, semgrep_ran)


def _findings_about(
    comment: SuppressionComment,
    path: str,
    selector: RuleSelector,
    used: set[tuple[str, int, str]],
    today: date,
    semgrep_ran: bool,
) -> Iterable[Finding]:
    """PR901/PR902/PR903 findings about one comment."""
    location = Location(path, comment.line, comment.line, comment.column)

    def report(rule: Any, message: str) -> Finding:
        return rule.finding(location, message, snippet=comment.source_line, area=META_AREA)

    if comment.problem:
        yield report(SuppressionWithoutReason, f"Invalid suppression: it {comment.problem}.")
        return
    named = ", ".join(comment.rules)
    for ref in comment.rules:
        if not is_known_rule_ref(ref):
            yield report(SuppressionWithoutReason, f"Invalid suppression: unknown rule {ref!r} (see `prodready rules`).")
    if not comment.reason:
        yield report(SuppressionWithoutReason, f"Suppression of {named} gives no reason: say why after the brackets.")
    if _expired(comment, today):
        yield report(
            ExpiredSuppression,
            f"Suppression of {named} expired on {comment.until}: it no longer hides anything; "
            "fix the finding or renew the date.",
        )
        return
    for ref in comment.rules:
        if (path, comment.line, ref) not in used and is_known_rule_ref(ref) and _ran(ref, path, selector, semgrep_ran):
            yield report(
                UnusedSuppression,
                f"Unused suppression: no {ref} finding starts on line {comment.line} or {comment.line + 1}; remove it.",
            )


def _ran(ref: str, path: str, selector: RuleSelector, semgrep_ran: bool) -> bool:
    """True when some rule `ref` names (a rule, a family, a semgrep rule) ran on `path`."""
    rule = rule_by_key(ref)
    rules = [rule] if rule else [r for r in Rule.registry.values() if r.family.lower() == ref.lower()]
    if not rules:  # a semgrep rule id ("SG:...") or the semgrep family: only with --semgrep
        return semgrep_ran and selector.selects(ref, ref, ref, path)
    return any(selector.selects(r.id, r.slug, r.family, path) for r in rules)


def _unused_waiver_findings(
    waivers: tuple[dict[str, str], ...], used: set[int], options: ScanOptions
) -> Iterable[Finding]:
    config_path = Path(options.config.source)
    if not waivers or not options.config.source or config_path.resolve().parent != options.root.resolve():
        return  # waivers are only known unused when the whole tree they describe was scanned
    relative = config_path.name
    lines = _read_lines(config_path)
    for index, waiver in enumerate(waivers):
        if index in used:
            continue
        line = next((n for n, text in enumerate(lines, 1) if waiver["reason"] in text), 1)
        yield UnusedSuppression.finding(
            Location(relative, line, line),
            f"Unused waiver: no {waiver['rule']} finding in {waiver['path']}"
            + (f" ({waiver['symbol']})" if waiver.get("symbol") else "")
            + "; remove it from [tool.prodready] waivers.",
            snippet=lines[line - 1] if lines else "",
            area=META_AREA,
        )


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
