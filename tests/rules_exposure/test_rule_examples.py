"""Every exposure rule's documented bad example triggers it and its good example does not."""

from __future__ import annotations

import pytest

from prodready.rules import load_all
from prodready.rules.base import Rule

load_all()
EXPOSURE_RULES = sorted(rule.id for rule in Rule.registry.values() if rule.family == "exposure")


def test_family_has_its_five_rules() -> None:
    assert EXPOSURE_RULES == ["PR201", "PR202", "PR203", "PR204", "PR205"]


@pytest.mark.parametrize("rule_id", EXPOSURE_RULES)
def test_bad_example_triggers_the_rule(rule_id: str, scan_files) -> None:
    rule = Rule.registry[rule_id]
    findings = scan_files({rule.example_path: rule.doc().bad_code})
    assert rule_id in {f.rule_id for f in findings}


@pytest.mark.parametrize("rule_id", EXPOSURE_RULES)
def test_good_example_does_not_trigger_the_rule(rule_id: str, scan_files) -> None:
    rule = Rule.registry[rule_id]
    assert rule.doc().good_code.strip()
    findings = scan_files({rule.example_path: rule.doc().good_code})
    assert rule_id not in {f.rule_id for f in findings}


@pytest.mark.parametrize("rule_id", EXPOSURE_RULES)
def test_docstring_has_every_section(rule_id: str) -> None:
    doc = Rule.registry[rule_id].doc()
    assert doc.summary and doc.what and doc.why and doc.example and doc.use_instead and doc.fix
