"""The `prodready` command: a typer app whose commands live in prodready.commands."""

from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(
    name="prodready",
    help="Find fake health checks, exposed test routes and missing enterprise capabilities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Find fake health checks, exposed test routes and missing enterprise capabilities."""


def _register_commands() -> None:
    """Each module of prodready.commands registers its command(s) with `register(app)`."""
    import prodready.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        module.register(app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    app()
