"""docs/rules/: one page per rule, generated from its docstring, committed up to date."""

from __future__ import annotations

import tomllib
from pathlib import Path

from prodready.commands.explain import explain_text
from prodready.reports.catalog import registered_rules
from prodready.reports.rule_docs import DOCS_DIRECTORY, REPOSITORY_URL, help_uri, pages, write_pages

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_committed_pages_are_what_the_rules_say() -> None:
    directory = REPO_ROOT / DOCS_DIRECTORY
    committed = {path.name: path.read_text(encoding="utf-8") for path in directory.glob("*.md")}
    stale = sorted(name for name, text in pages().items() if committed.get(name) != text)
    extra = sorted(set(committed) - set(pages()))
    assert (stale, extra) == ([], []), "run `make rule-docs` (python -m prodready.reports.rule_docs) and commit"


def test_a_page_is_the_rules_explain_text_with_its_origin() -> None:
    for rule in registered_rules():
        page = pages()[f"{rule.id}.md"]
        assert page.endswith(explain_text(rule))
        assert f"{rule.__module__}.{rule.__qualname__}" in page.splitlines()[0]
    assert "profile: enterprise (off by default)" in pages()["PR302.md"]
    assert "· security" in pages()["PR201.md"] and "· security" not in pages()["PR101.md"]


def test_generator_writes_only_what_changed_and_removes_pages_of_gone_rules(tmp_path: Path) -> None:
    (tmp_path / "PR999.md").write_text("a rule that no longer exists\n")
    written = write_pages(tmp_path)
    assert not (tmp_path / "PR999.md").exists()
    assert {path.name for path in written} == set(pages())
    assert write_pages(tmp_path) == []


def test_help_uri_and_the_project_urls_agree() -> None:
    urls = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["urls"]
    assert urls["Repository"] == REPOSITORY_URL
    assert help_uri("PR101") == f"{REPOSITORY_URL}/blob/main/docs/rules/PR101.md"
    assert urls["Documentation"] == f"{REPOSITORY_URL}/blob/main/docs/rules/README.md"
