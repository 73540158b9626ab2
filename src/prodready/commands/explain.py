"""`prodready explain RULE`: one rule's documentation."""

from __future__ import annotations

import difflib
import sys

import typer


def explain_text(rule: type) -> str:
    """The rule's documentation as Markdown (the same text as its docs/rules page)."""
    from prodready.reports.rule_docs import rule_markdown

    return rule_markdown(rule)


def close_matches(key: str, limit: int = 3) -> list[str]:
    """Rule ids and slugs that look like `key`."""
    from prodready.rules.base import Rule

    names = {name.lower(): name for rule in Rule.registry.values() for name in (rule.id, rule.slug)}
    return [names[m] for m in difflib.get_close_matches(key.lower(), list(names), n=limit, cutoff=0.5)]


def explain(rule_key: str = typer.Argument(..., metavar="RULE", help="Rule id (PR101) or slug (health-fake).")) -> None:
    """Show what a rule finds, why it matters, a bad and a good example, and its fix."""
    from prodready.rules import load_all
    from prodready.rules.base import rule_by_key

    load_all()
    rule = rule_by_key(rule_key)
    if rule is None:
        matches = close_matches(rule_key)
        hint = f" Did you mean: {', '.join(matches)}?" if matches else " See `prodready rules`."
        typer.echo(f"error: unknown rule {rule_key!r}.{hint}", err=True)
        raise typer.Exit(2)
    text = explain_text(rule)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    """Add `explain` to the CLI."""
    app.command()(explain)
