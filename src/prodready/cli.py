"""The `prodready` command: a typer app whose commands live in prodready.commands.

`app` (built on first use) has every command. `main` builds an app with only the command a run
names when the module of that name registers it (`prodready scan ...` imports no other command's
module), and with every command otherwise (`prodready --help` lists them all).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

HELP = "Find fake health checks, exposed test routes and missing enterprise capabilities."


def _root() -> None:
    """Find fake health checks, exposed test routes and missing enterprise capabilities."""


def _new_app() -> typer.Typer:
    """An app without commands."""
    app = typer.Typer(
        name="prodready",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    app.callback()(_root)
    return app


def _command_names(app: typer.Typer) -> set[str]:
    """Names of the commands and command groups registered with `app`."""
    commands = {
        info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
        for info in app.registered_commands
    }
    return commands | {info.name or "" for info in app.registered_groups}


def build_app(command: str | None = None) -> typer.Typer:
    """An app with every command, or with only `command` when the module of that name registers it.

    Each module of prodready.commands registers its command(s) with `register(app)`.
    """
    import prodready.commands as package

    modules = sorted(info.name for info in pkgutil.iter_modules(package.__path__))
    if command in modules:
        app = _new_app()
        importlib.import_module(f"{package.__name__}.{command}").register(app)
        if command in _command_names(app):
            return app
    app = _new_app()
    for name in modules:
        importlib.import_module(f"{package.__name__}.{name}").register(app)
    return app


def __getattr__(name: str) -> typer.Typer:
    """`app`: the app with every command, built on first use."""
    if name == "app":
        app = build_app()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    arguments = sys.argv[1:]
    build_app(arguments[0] if arguments else None)()
