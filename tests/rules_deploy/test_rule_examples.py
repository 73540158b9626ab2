"""Every deploy rule's documented bad example (a manifest and the code it probes) triggers it and its
good example does not."""

from __future__ import annotations

import pytest

from prodready.rules import load_all
from prodready.rules.base import Rule

load_all()
DEPLOY_RULES = sorted(rule.id for rule in Rule.registry.values() if rule.family == "deploy")


def example(rule: type[Rule], good: bool) -> dict[str, str]:
    """The example's files; a single Python block is the rule's example_path."""
    doc = rule.doc()
    files = doc.good_files if good else doc.bad_files
    return files or {rule.example_path: doc.good_code if good else doc.bad_code}


def test_family_has_its_seven_rules() -> None:
    assert DEPLOY_RULES == ["PR501", "PR502", "PR503", "PR504", "PR505", "PR506", "PR507"]


@pytest.mark.parametrize("rule_id", DEPLOY_RULES)
def test_bad_example_triggers_the_rule(rule_id: str, scan_files) -> None:
    findings = scan_files(example(Rule.registry[rule_id], good=False))
    assert rule_id in {f.rule_id for f in findings}


@pytest.mark.parametrize("rule_id", DEPLOY_RULES)
def test_good_example_does_not_trigger_the_rule(rule_id: str, scan_files) -> None:
    files = example(Rule.registry[rule_id], good=True)
    assert all(text.strip() for text in files.values())
    findings = scan_files(files)
    assert rule_id not in {f.rule_id for f in findings}


@pytest.mark.parametrize("rule_id", DEPLOY_RULES)
def test_docstring_has_every_section(rule_id: str) -> None:
    doc = Rule.registry[rule_id].doc()
    assert doc.summary and doc.what and doc.why and doc.example and doc.use_instead and doc.fix


@pytest.mark.parametrize("rule_id", [r for r in DEPLOY_RULES if r != "PR506"])
def test_examples_have_a_manifest_and_code(rule_id: str) -> None:
    doc = Rule.registry[rule_id].doc()
    assert "k8s/deployment.yaml" in doc.bad_files and "app.py" in doc.bad_files
