"""Configuration as words: what a file's settings assign (Django settings modules, Flask
`app.config`, Celery `app.conf`, config classes (named or derived `*Config`/`*Settings`/`*Configuration`:
django-configurations' `class Base(Configuration)`) and pydantic settings), for the packs' `settings`
matchers and anchors.

Only statements are walked (module level, their nested blocks, class bodies and function bodies),
never every expression, so the cost stays far below the vocabulary walk. Each assignment gives the
key (`INSTALLED_APPS`, `REST_FRAMEWORK.DEFAULT_AUTHENTICATION_CLASSES`, `CACHES.default.OPTIONS`)
and one `KEY=value` word per constant in its value (`INSTALLED_APPS=django_prometheus`), each
with its line.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict

from prodready.engine.astwalk import nested_blocks

MAX_VALUE = 120
MAX_DEPTH = 6
_SETTING_NAME = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
_CONFIG_CLASS = re.compile(r"(Config|Settings|Configuration)$")
SETTINGS_BASES = frozenset({"BaseSettings", "Settings", "AppSettings"})
CONFIG_OBJECTS = frozenset({"config", "conf"})  # app.config (Flask), app.conf (Celery)
LIST_METHODS = frozenset({"append", "insert", "extend", "add", "appendleft"})
DICT_METHODS = frozenset({"update", "from_mapping", "setdefault"})

Words = defaultdict[str, list[int]]


URLCONF = "urlpatterns"  # Django's URL configuration counts as configuration too
# modules that are configuration as a whole: their lower-case names are settings too (Celery, gunicorn)
CONFIG_MODULE = re.compile(r"(^|/)(celery_?config|celeryconfig|gunicorn_?conf(ig)?|config|settings)\.py$")


def _is_setting(name: str) -> bool:
    return (bool(_SETTING_NAME.match(name)) and not name.startswith("__")) or name == URLCONF


def _config_object(node: ast.AST) -> bool:
    """`app.config`, `self.app.conf`, `current_app.config`: a framework's configuration mapping."""
    return isinstance(node, ast.Attribute) and node.attr in CONFIG_OBJECTS


def _constant_text(value: object) -> str | None:
    if isinstance(value, str):
        return value if value.strip() and len(value) <= MAX_VALUE else None
    if isinstance(value, (bool, int, float)):
        return repr(value)
    return None


class _Recorder:
    """Collects setting words with their lines."""

    def __init__(self) -> None:
        self.words: Words = defaultdict(list)

    def key(self, key: str, line: int) -> None:
        """Record that `key` is set."""
        self.words[key].append(line)

    def value(self, key: str, node: ast.AST, depth: int = 0) -> None:
        """Record `key=<constant>` for every constant of a value (lists, dicts, calls' arguments)."""
        if depth > MAX_DEPTH:
            return
        kind = type(node)
        if kind is ast.Constant:
            text = _constant_text(node.value)
            if text is not None:
                self.words[f"{key}={text}"].append(node.lineno)
        elif kind in (ast.List, ast.Tuple, ast.Set):
            for element in node.elts:
                self.value(key, element, depth + 1)
        elif kind is ast.Dict:
            for name, item in zip(node.keys, node.values):
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    nested = f"{key}.{name.value}"
                    self.key(nested, name.lineno)
                    self.value(nested, item, depth + 1)
                elif item is not None:
                    self.value(key, item, depth + 1)
        elif kind is ast.Call:
            for argument in node.args:
                self.value(key, argument, depth + 1)
            for keyword in node.keywords:
                if keyword.arg and depth == 0 and keyword.arg.isupper():
                    self.key(f"{key}.{keyword.arg}", keyword.value.lineno)
                    self.value(f"{key}.{keyword.arg}", keyword.value, depth + 1)
                else:
                    self.value(key, keyword.value, depth + 1)
        elif kind is ast.BinOp:
            self.value(key, node.left, depth + 1)
            self.value(key, node.right, depth + 1)
        elif kind is ast.IfExp:
            self.value(key, node.body, depth + 1)
            self.value(key, node.orelse, depth + 1)
        elif kind is ast.Starred:
            self.value(key, node.value, depth + 1)

    def assign(self, key: str, value: ast.AST | None, line: int) -> None:
        """`key = value`."""
        self.key(key, line)
        if value is not None:
            self.value(key, value)

    def keywords(self, prefix: str, call: ast.Call) -> None:
        """`X.update(K=v, ...)` / `X.update({...})`: one key per keyword or dict key."""
        for keyword in call.keywords:
            if keyword.arg:
                self.assign(f"{prefix}{keyword.arg}", keyword.value, keyword.value.lineno)
        for argument in call.args:
            if isinstance(argument, ast.Dict):
                for name, item in zip(argument.keys, argument.values):
                    if isinstance(name, ast.Constant) and isinstance(name.value, str):
                        self.assign(f"{prefix}{name.value}", item, name.lineno)


def _subscript_key(target: ast.AST) -> str | None:
    """`CACHES["default"]["OPTIONS"]` -> "CACHES.default.OPTIONS"; `app.config["K"]` -> "K"."""
    parts: list[str] = []
    while isinstance(target, ast.Subscript):
        index = target.slice
        if not (isinstance(index, ast.Constant) and isinstance(index.value, str)):
            return None
        parts.append(index.value)
        target = target.value
    if isinstance(target, ast.Name) and _is_setting(target.id):
        parts.append(target.id)
    elif not _config_object(target):
        return None
    return ".".join(reversed(parts)) or None


def _target_key(target: ast.AST) -> str | None:
    """The setting a statement assigns to, or None when it is not a setting."""
    if isinstance(target, ast.Name):
        return target.id if _is_setting(target.id) else None
    if isinstance(target, ast.Subscript):
        return _subscript_key(target)
    if isinstance(target, ast.Attribute) and _config_object(target.value):
        return target.attr  # app.conf.broker_url = ...
    return None


class _Walker:
    """Statement-level walk recording settings."""

    def __init__(self) -> None:
        self.record = _Recorder()

    def block(self, body: list[ast.stmt], fields: bool = False) -> None:
        """Record the settings of a statement list; `fields`: a pydantic settings class body."""
        for stmt in body:
            kind = type(stmt)
            if kind is ast.Assign:
                for target in stmt.targets:
                    self._assign(target, stmt.value, stmt.lineno)
            elif kind is ast.AnnAssign:
                target = stmt.target
                if fields and isinstance(target, ast.Name) and not target.id.startswith("_"):
                    self.record.assign(target.id.upper(), stmt.value, stmt.lineno)
                else:
                    self._assign(target, stmt.value, stmt.lineno)
            elif kind is ast.AugAssign:
                self._assign(stmt.target, stmt.value, stmt.lineno)
            elif kind is ast.Expr and type(stmt.value) is ast.Call:
                self._call(stmt.value)
            elif kind is ast.ClassDef:
                bases = {getattr(base, "attr", getattr(base, "id", "")) for base in stmt.bases}
                settings = bool(bases & SETTINGS_BASES)
                if settings or any(_CONFIG_CLASS.search(name) for name in (stmt.name, *bases)):
                    self.block(stmt.body, fields=settings)
            elif kind in (ast.FunctionDef, ast.AsyncFunctionDef):
                self.block(stmt.body)
            elif kind in (ast.If, ast.Try, ast.With, ast.AsyncWith, ast.For, ast.While) or kind.__name__ == "TryStar":
                for nested in nested_blocks(stmt):
                    self.block(nested, fields)

    def _assign(self, target: ast.AST, value: ast.AST | None, line: int) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._assign(element, None, line)
            return
        key = _target_key(target)
        if key is not None:
            self.record.assign(key, value, line)

    def module_level(self, body: list[ast.stmt]) -> None:
        """Lower-case names assigned at module level of a configuration module (not in functions)."""
        for stmt in body:
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name) and not target.id.startswith("_") and not _is_setting(target.id):
                        self.record.assign(target.id, stmt.value, stmt.lineno)

    def _call(self, call: ast.Call) -> None:
        func = call.func
        if not isinstance(func, ast.Attribute):
            return
        owner, method = func.value, func.attr
        if isinstance(owner, ast.Name) and _is_setting(owner.id):
            if method in LIST_METHODS and call.args:
                self.record.assign(owner.id, call.args[-1], call.lineno)
            elif method in DICT_METHODS:
                self.record.key(owner.id, call.lineno)
                self.record.keywords(f"{owner.id}.", call)
        elif _config_object(owner) and method in DICT_METHODS:
            if method == "setdefault" and call.args and isinstance(call.args[0], ast.Constant):
                key = call.args[0].value
                if isinstance(key, str):
                    self.record.assign(key, call.args[1] if len(call.args) > 1 else None, call.lineno)
            else:
                self.record.keywords("", call)


def setting_words(tree: ast.Module, path: str = "") -> dict[str, list[int]]:
    """Every setting key and `KEY=value` word of a module, with the lines they are on (a
    configuration module's lower-case names too: `broker_url` in celeryconfig.py)."""
    walker = _Walker()
    if CONFIG_MODULE.search(path):
        walker.module_level(tree.body)
    walker.block(tree.body)
    return walker.record.words


_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def env_words(text: str) -> dict[str, list[int]]:
    """`KEY` and `KEY=value` words of a documented environment (`.env.example`), with their lines."""
    words: Words = defaultdict(list)
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ENV_LINE.match(line)
        if not match:
            continue
        key, value = match.groups()
        if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1:
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].strip()
        words[key].append(number)
        if value and len(value) <= MAX_VALUE:
            words[f"{key}={value}"].append(number)
    return words
