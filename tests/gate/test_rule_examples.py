"""Each suppression rule's documented bad example triggers it, its good example does not, and the
finding sits on the comment's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from prodready.model.config import Config
from prodready.pipeline.options import ScanOptions
from prodready.pipeline.scan import scan
from prodready.rules import load_all
from prodready.rules.base import Rule

load_all()
META_RULES = sorted(rule.id for rule in Rule.registry.values() if rule.family == "config")


def findings_of(tmp_path: Path, rule: type[Rule], code: str) -> list[tuple[str, int]]:
    (tmp_path / rule.example_path).write_text(code)
    result = scan(ScanOptions(root=tmp_path, config=Config(), jobs=1, use_cache=False))
    return [(f.rule_id, f.location.start_line) for f in result.findings if f.rule_id == rule.id]


def comment_line(code: str) -> int:
    return next(n for n, line in enumerate(code.splitlines(), 1) if "prodready: ignore" in line)


def test_family_has_its_three_rules() -> None:
    assert META_RULES == ["PR901", "PR902", "PR903"]


@pytest.mark.parametrize("rule_id", META_RULES)
def test_bad_example_triggers_the_rule_on_the_comment_line(rule_id: str, tmp_path: Path) -> None:
    rule = Rule.registry[rule_id]
    code = rule.doc().bad_code
    assert findings_of(tmp_path, rule, code) == [(rule_id, comment_line(code))]


@pytest.mark.parametrize("rule_id", META_RULES)
def test_good_example_does_not_trigger_the_rule(rule_id: str, tmp_path: Path) -> None:
    rule = Rule.registry[rule_id]
    assert rule.doc().good_code.strip()
    assert findings_of(tmp_path, rule, rule.doc().good_code) == []


@pytest.mark.parametrize("rule_id", META_RULES)
def test_docstring_has_every_section(rule_id: str) -> None:
    doc = Rule.registry[rule_id].doc()
    assert doc.summary and doc.what and doc.why and doc.example and doc.use_instead and doc.fix
