"""The code style a fix writes in: the project's line length and isort sections (ruff, black, isort)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from libcst.codemod import CodemodContext

DEFAULT_LINE_LENGTH = 88  # ruff's and black's default
STYLE_KEY = "prodready.style"  # where the runner puts the Style in a CodemodContext's scratch
SRC_DEFAULT = (".", "src")  # ruff's default `src`
CONFIG_FILES = (".ruff.toml", "ruff.toml", "pyproject.toml")  # ruff's precedence in one directory


@dataclass(frozen=True)
class Style:
    """Line length and import sections of the project a file belongs to."""

    line_length: int = DEFAULT_LINE_LENGTH
    first_party: frozenset[str] = field(default_factory=frozenset)  # configured known first party
    third_party: frozenset[str] = field(default_factory=frozenset)  # configured known third party
    source_roots: tuple[str, ...] = ()  # absolute directories whose modules are first party

    def in_sources(self, module: str) -> bool:
        """True when `module` (`a.b`) is a directory or file under a source root, as ruff resolves it."""
        parts = module.split(".")
        for root in self.source_roots:
            path = Path(root).joinpath(*parts)
            if path.is_dir() or path.with_suffix(".py").is_file() or path.with_suffix(".pyi").is_file():
                return True
        return False


def _read_toml(path: Path) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def _table(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    for key in keys:
        value = data.get(key)
        if not isinstance(value, dict):
            return {}
        data = value
    return data


@dataclass(frozen=True)
class _Settings:
    """What one configuration file says (None: not said)."""

    ruff_length: int | None = None
    black_length: int | None = None
    isort_length: int | None = None
    known_first_party: tuple[str, ...] = ()
    known_third_party: tuple[str, ...] = ()
    src: tuple[str, ...] = ()


def _names(table: dict[str, Any], *keys: str) -> tuple[str, ...]:
    found: list[str] = []
    for key in keys:
        value = table.get(key)
        if isinstance(value, list):
            found.extend(str(item) for item in value)
    return tuple(found)


def _length(table: dict[str, Any], key: str) -> int | None:
    value = table.get(key)
    return value if isinstance(value, int) and value > 0 else None


def _settings_of(path: Path) -> _Settings | None:
    """The style settings of one config file, or None when it configures none of the tools."""
    data = _read_toml(path)
    if data is None:
        return None
    if path.name == "pyproject.toml":
        ruff, black, isort = _table(data, "tool", "ruff"), _table(data, "tool", "black"), _table(data, "tool", "isort")
        if not (ruff or black or isort):
            return None
    else:
        ruff, black, isort = data, {}, {}
    ruff_isort = _table(ruff, "lint", "isort") or _table(ruff, "isort")
    return _Settings(
        ruff_length=_length(ruff, "line-length"),
        black_length=_length(black, "line-length") or _length(black, "line_length"),
        isort_length=_length(isort, "line_length"),
        known_first_party=_names(ruff_isort, "known-first-party") + _names(isort, "known_first_party"),
        known_third_party=_names(ruff_isort, "known-third-party") + _names(isort, "known_third_party"),
        src=_names(ruff, "src") + _names(isort, "src_paths"),
    )


def _config_near(root: Path, start: Path) -> tuple[Path, _Settings] | None:
    """The closest configuration file from `start` up to `root` (ruff's lookup), with its settings."""
    directory = start
    while True:
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                settings = _settings_of(candidate)
                if settings is not None:
                    return directory, settings
        if directory == root or root not in directory.parents:
            return None
        directory = directory.parent


def project_style(root: Path, path: str) -> Style:
    """The style of the file `path` (relative to `root`): its closest ruff/black/isort settings."""
    root = root.resolve()
    start = (root / path).parent
    found = _config_near(root, start if start.is_dir() else root)
    base, settings = found if found else (root, _Settings())
    length = settings.ruff_length or settings.black_length or settings.isort_length or DEFAULT_LINE_LENGTH
    roots = tuple(str((base / source).resolve()) for source in settings.src or SRC_DEFAULT)
    return Style(length, frozenset(settings.known_first_party), frozenset(settings.known_third_party), roots)


def style_in(context: CodemodContext) -> Style:
    """The Style the runner left in a codemod context (the defaults when there is none)."""
    style = context.scratch.get(STYLE_KEY)
    return style if isinstance(style, Style) else Style()
