"""`prodready rules`: the table of every rule."""

from __future__ import annotations

from typing import Optional

import typer
from rich.console import Console
from rich.table import Table


def rules(
    family: Optional[str] = typer.Option(None, "--family", help="Only the rules of this family."),
) -> None:
    """List every rule: id, slug, family, default severity and whether it has a fix."""
    from prodready.rules import load_all
    from prodready.rules.base import Rule

    load_all()
    selected = [r for r in Rule.registry.values() if family is None or r.family.lower() == family.lower()]
    if not selected:
        families = ", ".join(sorted({r.family for r in Rule.registry.values()}))
        typer.echo(f"error: no rules in family {family!r} (families: {families})", err=True)
        raise typer.Exit(2)
    table = Table(title="prodready rules")
    for column in ("id", "slug", "family", "severity", "fixable", "summary"):
        table.add_column(column, no_wrap=column != "summary")
    for rule in sorted(selected, key=lambda r: r.id):
        fixable = f"yes ({rule.fix_safety})" if rule.fixable and rule.fix_safety else ("yes" if rule.fixable else "no")
        table.add_row(rule.id, rule.slug, rule.family, rule.severity.label, fixable, rule.doc().summary)
    Console(width=160).print(table)


def register(app: typer.Typer) -> None:
    """Add `rules` to the CLI."""
    app.command()(rules)
