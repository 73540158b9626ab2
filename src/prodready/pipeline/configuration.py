"""Configuration: the `[tool.prodready]` table of pyproject.toml, over the defaults of `Config`.

Loading and validation (walk up from the scanned path, unknown keys and bad values -> exit 2
with file, key and what was expected) live in `load_config`; rule references are checked
against the rule catalogue by `selection.is_known_rule_ref`.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any, Callable

from prodready.model.config import PROFILES, Config, ConfigError
from prodready.model.findings import Confidence, Severity
from prodready.pipeline.selection import is_known_rule_ref
from prodready.rules.base import rule_by_key


def load_config(start: Path, explicit: Path | None = None) -> Config:
    """Find `[tool.prodready]` walking up from `start` (or read `explicit`) and validate it."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"--config: file not found: {explicit}")
        table = _read_table(explicit)
        return parse_config(table or {}, explicit)
    found = find_config_file(start)
    if found is None:
        return Config()
    path, table = found
    return parse_config(table, path)


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest pyproject.toml at or above `start` with a [tool.prodready] table."""
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            table = _read_table(pyproject)
            if table is not None:
                return pyproject, table
    return None


def _read_table(pyproject: Path) -> dict[str, Any] | None:
    """The [tool.prodready] table of one file (None when absent); TOML errors are ConfigErrors."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{pyproject}: cannot read TOML: {error}") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{pyproject}: [tool] must be a table")
    table = tool.get("prodready")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.prodready] must be a table")
    return table


def parse_config(table: dict[str, Any], path: Path) -> Config:
    """Validate a [tool.prodready] table into a Config; every problem is a ConfigError."""
    check = _Checker(path)
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(key, _KEYS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ConfigError(
            f"{path}: [tool.prodready] unknown key '{key}' (expected one of: {', '.join(sorted(_KEYS))}){hint}"
        )
    values: dict[str, Any] = {"source": str(path)}
    for key, (attribute, parse) in _KEYS.items():
        if key in table:
            values[attribute] = parse(check, key, table[key])
    return Config(**values)


class _Checker:
    """Type checks of config values that raise ConfigErrors naming the file and key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, expected: str, got: Any) -> ConfigError:
        """The error for one bad value."""
        return ConfigError(f"{self.path}: [tool.prodready] key '{key}': expected {expected}, got {got!r}")

    def strings(self, key: str, value: Any) -> tuple[str, ...]:
        """An array of non-empty strings."""
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "an array of non-empty strings", value)
        return tuple(v.strip() for v in value)

    def severity(self, key: str, value: Any) -> Severity:
        """A severity name."""
        names = ", ".join(s.label for s in sorted(Severity, reverse=True))
        if not isinstance(value, str):
            raise self.fail(key, f"one of {names}", value)
        try:
            return Severity.parse(value)
        except ValueError:
            raise self.fail(key, f"one of {names}", value) from None

    def rule_refs(self, key: str, value: Any) -> tuple[str, ...]:
        """An array of rule ids, slugs or families that exist."""
        refs = self.strings(key, value)
        for ref in refs:
            self.rule_ref(key, ref)
        return refs

    def rule_ref(self, key: str, ref: Any) -> str:
        """One rule id, slug or family that exists."""
        if not isinstance(ref, str) or not is_known_rule_ref(ref):
            raise self.fail(key, "a rule id, slug or family (see `prodready rules`)", ref)
        return ref

    def table(self, key: str, value: Any) -> dict[str, Any]:
        """A TOML table."""
        if not isinstance(value, dict):
            raise self.fail(key, "a table", value)
        return value


def _severity_table(check: _Checker, key: str, value: Any) -> dict[str, Severity]:
    overrides: dict[str, Severity] = {}
    for ref, level in check.table(key, value).items():
        rule = rule_by_key(ref) if is_known_rule_ref(ref) else None
        if rule is None:
            raise check.fail(f"{key}.{ref}", "a rule id or slug (see `prodready rules`)", ref)
        overrides[rule.id] = check.severity(f"{key}.{ref}", level)
    return overrides


def _per_path_ignores(check: _Checker, key: str, value: Any) -> dict[str, tuple[str, ...]]:
    return {glob: check.rule_refs(f"{key}.{glob}", refs) for glob, refs in check.table(key, value).items()}


def _packs(check: _Checker, key: str, value: Any) -> tuple[str, ...]:
    packs = []
    for name in check.strings(key, value):
        pack = (check.path.parent / name).resolve()
        if not pack.is_file():
            raise check.fail(key, f"pack files that exist (relative to {check.path.parent})", name)
        packs.append(str(pack))
    return tuple(packs)


_WAIVER_KEYS = {"rule", "path", "symbol", "reason"}


def _waivers(check: _Checker, key: str, value: Any) -> tuple[dict[str, str], ...]:
    if not isinstance(value, list):
        raise check.fail(key, "an array of tables {rule, path, symbol?, reason}", value)
    waivers = []
    for index, item in enumerate(value):
        where = f"{key}[{index}]"
        entry = check.table(where, item)
        extra = sorted(set(entry) - _WAIVER_KEYS)
        if extra:
            raise check.fail(where, "only the keys path, reason, rule, symbol", extra[0])
        for required in ("rule", "path", "reason"):
            if not isinstance(entry.get(required), str) or not entry[required].strip():
                raise check.fail(f"{where}.{required}", "a non-empty string", entry.get(required))
        if not isinstance(entry.get("symbol", ""), str):
            raise check.fail(f"{where}.symbol", "a string", entry["symbol"])
        check.rule_ref(f"{where}.rule", entry["rule"])
        waivers.append({name: entry[name].strip() for name in ("rule", "path", "reason", "symbol") if name in entry})
    return tuple(waivers)


def _fail_on(check: _Checker, key: str, value: Any) -> Severity:
    severity = check.severity(key, value)
    if severity is Severity.NONE:  # inventory records never gate; "none" would make info fail
        raise check.fail(key, "one of critical, high, medium, low, info", value)
    return severity


def _confidence(check: _Checker, key: str, value: Any) -> Confidence:
    names = ", ".join(c.label for c in sorted(Confidence, reverse=True))
    if not isinstance(value, str):
        raise check.fail(key, f"one of {names}", value)
    try:
        return Confidence.parse(value)
    except ValueError:
        raise check.fail(key, f"one of {names}", value) from None


def _boolean(check: _Checker, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise check.fail(key, "true or false", value)
    return value


def _profile(check: _Checker, key: str, value: Any) -> str:
    if value not in PROFILES:
        raise check.fail(key, "one of " + ", ".join(PROFILES), value)
    return value


_KEYS: dict[str, tuple[str, Callable[[_Checker, str, Any], Any]]] = {
    "select": ("select", _Checker.rule_refs),
    "ignore": ("ignore", _Checker.rule_refs),
    "severity": ("severity_overrides", _severity_table),
    "fail-on": ("fail_on", _fail_on),
    "exclude": ("exclude", _Checker.strings),
    "extend-exclude": ("extend_exclude", _Checker.strings),
    "per-path-ignores": ("per_path_ignores", _per_path_ignores),
    "packs": ("packs", _packs),
    "health-patterns": ("health_patterns", _Checker.strings),
    "dev-route-words": ("dev_route_words", _Checker.strings),
    "gate-names": ("gate_names", _Checker.strings),
    "waivers": ("waivers", _waivers),
    "respect-gitignore": ("respect_gitignore", _boolean),
    "deploy-files": ("deploy_files", _Checker.strings),
    "min-confidence": ("min_confidence", _confidence),
    "non-production": ("non_production", _Checker.strings),
    "production": ("production", _Checker.strings),
    "profile": ("profile", _profile),
}
