"""Rule selection: profiles, select/ignore by id, slug or family, per-path ignores, severity overrides.

A rule of a profile above the scan's (`[tool.prodready] profile`, `--profile`) runs only when a
`select` names it (by id, slug or family); its area is then reported "not checked (profile)".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

import pathspec

from prodready.model.config import PROFILES, ConfigError
from prodready.model.findings import Finding
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.semgrep import SEMGREP_FAMILY, SEMGREP_PREFIX
from prodready.rules import load_all
from prodready.rules.base import Rule, RuleFamily, rule_by_key

_rules_loaded = False


def _load_rules() -> None:
    """Import every rule module once per process, so the registries are complete."""
    global _rules_loaded
    if not _rules_loaded:
        load_all()
        _rules_loaded = True


def is_known_rule_ref(ref: str) -> bool:
    """True when `ref` names a registered rule (id or slug), a family, or a semgrep pack rule."""
    _load_rules()
    families = {rule.family.lower() for rule in Rule.registry.values()} | {SEMGREP_FAMILY}
    families |= {name.lower() for name in RuleFamily.registry}
    return (
        rule_by_key(ref) is not None
        or ref.lower() in families
        or (ref.upper().startswith(SEMGREP_PREFIX) and len(ref) > len(SEMGREP_PREFIX))
    )


def ref_matches(ref: str, rule_id: str, slug: str, family: str) -> bool:
    """True when a rule reference (id, slug or family, any case) names this rule."""
    ref = ref.strip()
    return ref.upper() == rule_id.upper() or ref.lower() in (slug.lower(), family.lower())


@dataclass(frozen=True)
class RuleSelector:
    """Which rules run on which paths, from config plus the CLI's --select/--ignore."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...]
    profile: str = PROFILES[0]

    @classmethod
    def from_options(cls, options: ScanOptions) -> "RuleSelector":
        """The selector of one scan; unknown rules given on the command line are ConfigErrors."""
        for flag, refs in (("--select", options.select), ("--ignore", options.ignore)):
            for ref in refs:
                if not is_known_rule_ref(ref):
                    raise ConfigError(f"{flag}: unknown rule, slug or family {ref!r} (see `prodready rules`)")
        config = options.config
        return cls(
            select=(*config.select, *options.select),
            ignore=(*config.ignore, *options.ignore),
            per_path_ignores=tuple(config.per_path_ignores.items()),
            profile=effective_profile(options),
        )

    @cached_property
    def _path_specs(self) -> tuple[tuple[pathspec.PathSpec, tuple[str, ...]], ...]:
        return tuple(
            (pathspec.PathSpec.from_lines("gitignore", [glob]), refs) for glob, refs in self.per_path_ignores
        )

    def in_profile(self, rule_id: str, slug: str, family: str) -> bool:
        """False for a registered rule of a higher profile that no `select` names."""
        _load_rules()
        rule = Rule.registry.get(rule_id)
        if rule is None or PROFILES.index(rule.profile) <= PROFILES.index(self.profile):
            return True
        return any(ref_matches(r, rule_id, slug, family) for r in self.select)

    def selects(self, rule_id: str, slug: str, family: str, path: str) -> bool:
        """True when the rule runs on `path`."""
        if self.select and not any(ref_matches(r, rule_id, slug, family) for r in self.select):
            return False
        if not self.in_profile(rule_id, slug, family):
            return False
        if any(ref_matches(r, rule_id, slug, family) for r in self.ignore):
            return False
        return not any(
            spec.match_file(path) and any(ref_matches(r, rule_id, slug, family) for r in refs)
            for spec, refs in self._path_specs
        )

    def selects_finding(self, finding: Finding) -> bool:
        """True when the finding's rule runs on the finding's file."""
        return self.selects(finding.rule_id, finding.slug, finding.family, finding.location.path)


def effective_profile(options: ScanOptions) -> str:
    """The CLI's --profile, else the configuration's."""
    return options.profile or options.config.profile


def not_checked(options: ScanOptions) -> tuple[tuple[str, str], ...]:
    """(area id, rule id) of the project-level rules the profile leaves off, in rule-id order."""
    selector = RuleSelector.from_options(options)
    _load_rules()
    return tuple(
        (rule.area, rule.id)
        for rule in sorted(Rule.registry.values(), key=lambda r: r.id)
        if rule.area and not selector.in_profile(rule.id, rule.slug, rule.family)
    )


def apply_selection(findings: Iterable[Finding], options: ScanOptions) -> list[Finding]:
    """Keep the selected findings at or above the minimum confidence, with per-rule severity
    overrides applied."""
    selector = RuleSelector.from_options(options)
    overrides = options.config.severity_overrides
    least = options.min_confidence or options.config.min_confidence
    kept = []
    for finding in findings:
        if not selector.selects_finding(finding) or finding.confidence < least:
            continue
        if finding.rule_id in overrides:
            finding = dataclasses.replace(finding, severity=overrides[finding.rule_id])
        kept.append(finding)
    return kept
