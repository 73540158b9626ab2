"""The `prodready` command: a typer app whose commands live in prodready.commands.

`app` (built on first use) has every command. `main` builds an app with only the command a run
names when the module of that name registers it (`prodready scan ...` imports no other command's
module), and with every command otherwise (`prodready --help` lists them all).

Every command's options with a fixed set of values (an `Enum` or `Literal` annotation, or a
parser with a `choices` attribute such as `prodready.commands.scan.Choices`) show their
possible values in `--help`, as ruff does.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Any

import typer
import typer.core

import prodready

HELP = "Find fake health checks, exposed test routes and missing enterprise capabilities."
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
POSSIBLE_VALUES = "[possible values: {}]"


def choices_of(param: Any) -> tuple[str, ...]:
    """The values a parameter accepts: its type's choices (Enum, Literal) or its parser's."""
    kind = getattr(param, "type", None)
    for holder in (kind, getattr(kind, "func", None)):  # typer wraps a `parser=` in a FuncParamType
        choices = getattr(holder, "choices", None)
        if choices:
            return tuple(str(getattr(choice, "value", choice)) for choice in choices)
    return ()


def possible_values_help(param: Any, rich_markup: bool) -> str | None:
    """The parameter's help with `[possible values: ...]` appended when it has fixed values."""
    help_text = getattr(param, "help", None)
    choices = choices_of(param)
    if not choices or "possible values:" in (help_text or ""):
        return help_text
    suffix = POSSIBLE_VALUES.format(", ".join(choices))
    if rich_markup:
        from rich.markup import escape

        suffix = escape(suffix)
    return f"{help_text} {suffix}" if help_text else suffix


class PossibleValuesCommand(typer.core.TyperCommand):
    """A command whose help lists the possible values of every Choice option."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Annotate options with fixed values (at help time: choices may load lazily), then format."""
        rich_markup = self.rich_markup_mode is not None
        for param in self.params:
            if getattr(param, "param_type_name", "") == "option":
                param.help = possible_values_help(param, rich_markup)
        super().format_help(ctx, formatter)


def _version(value: bool) -> None:
    """Print `prodready VERSION` and exit (eager: before any command runs)."""
    if value:
        typer.echo(f"prodready {prodready.__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Find fake health checks, exposed test routes and missing enterprise capabilities."""


def _new_app() -> typer.Typer:
    """An app without commands (shell completion: `prodready --install-completion`)."""
    app = typer.Typer(
        name="prodready",
        help=HELP,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings=CONTEXT_SETTINGS,
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


def _with_possible_values(app: typer.Typer) -> typer.Typer:
    """Give every command (groups' included) without a class of its own PossibleValuesCommand."""
    for info in app.registered_commands:
        if info.cls in (None, typer.core.TyperCommand):
            info.cls = PossibleValuesCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _with_possible_values(group.typer_instance)
    return app


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
            return _with_possible_values(app)
    app = _new_app()
    for name in modules:
        importlib.import_module(f"{package.__name__}.{name}").register(app)
    return _with_possible_values(app)


def __getattr__(name: str) -> Any:
    """`app`: the app with every command, built on first use."""
    if name == "app":
        app = build_app()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    arguments = sys.argv[1:]
    build_app(arguments[0] if arguments else None)(prog_name="prodready")
