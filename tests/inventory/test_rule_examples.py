"""Every inventory and capability rule: its Example triggers it, its Use instead does not."""

from __future__ import annotations

import pytest

from prodready.model.config import Config
from prodready.rules import load_all
from prodready.rules.base import SECTION_NAMES, Rule

load_all()
OWN_RULES = sorted(rule_id for rule_id, rule in Rule.registry.items() if rule.family in ("inventory", "capability"))


def triggered(result, rule: type[Rule]) -> list[str]:
    """Locations of findings of `rule` in its own status (present capabilities do not count)."""
    return [f.location.label() for f in result.findings if f.rule_id == rule.id and f.status == rule.status]


def test_all_seven_rules_are_registered() -> None:
    assert OWN_RULES == ["PR301", "PR302", "PR303", "PR401", "PR402", "PR403", "PR404"]


@pytest.mark.parametrize("rule_id", OWN_RULES)
def test_docstring_has_the_fixed_sections(rule_id: str) -> None:
    rule = Rule.registry[rule_id]
    doc = rule.doc()
    assert doc.summary and all((doc.what, doc.why, doc.example, doc.use_instead, doc.fix))
    assert all(f"\n{name}\n" in "\n" + (rule.__doc__ or "").replace("    ", "") for name in SECTION_NAMES)


@pytest.mark.parametrize("rule_id", OWN_RULES)
def test_example_triggers_the_rule(rule_id: str, scan_files) -> None:
    rule = Rule.registry[rule_id]
    assert rule.doc().bad_code
    assert triggered(scan_files({rule.example_path: rule.doc().bad_code}, Config(profile=rule.profile)), rule)


@pytest.mark.parametrize("rule_id", OWN_RULES)
def test_use_instead_does_not_trigger_the_rule(rule_id: str, scan_files) -> None:
    rule = Rule.registry[rule_id]
    assert rule.doc().good_code
    assert triggered(scan_files({rule.example_path: rule.doc().good_code}, Config(profile=rule.profile)), rule) == []
