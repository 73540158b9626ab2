"""The `vocabulary` collector: a compact, picklable word list of one file for indicator packs.

One cheap pass over the tree (a hand-rolled walk that skips context and operator nodes)
records imports, class and function names with their spans, attribute and variable names,
call names and short string constants (each with its first few lines), plus the stub and
security facts of every function; a statement-level pass adds the settings it assigns
(settings.py). Matching against packs happens later, in the main process,
because collectors run without configuration.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Mapping

from prodready.engine.astwalk import nested_blocks
from prodready.model.collector import Collector
from prodready.model.project import ParsedSource, ProjectModel
from prodready.rules.inventory.astnames import dotted_name
from prodready.rules.inventory.bodies import return_behaviour, stub_kind
from prodready.rules.inventory.paths import is_test_path
from prodready.rules.inventory.settings import setting_words

DEPENDENCY_CALLS = ("Depends", "Security")
MAX_STRING = 120
MAX_LINES = 6
ABSTRACT_BASES = frozenset({"ABC", "Protocol", "ABCMeta", "Interface"})

Occurrences = dict[str, tuple[int, ...]]


@dataclass(frozen=True)
class ClassFact:
    """A class: its name, dotted name inside the module, span and bases."""

    name: str
    qualname: str
    start: int
    end: int
    bases: tuple[str, ...] = ()
    abstract: bool = False
    line: int = 0  # the `class` line itself (start includes decorators)


@dataclass(frozen=True)
class DefFact:
    """A module-level function or a method, with its stub and security facts."""

    name: str
    qualname: str
    owner: str  # qualname of the class it belongs to, "" for module functions
    start: int  # first decorator line
    end: int
    stub: str = ""  # see bodies.stub_kind
    returns: str = ""  # see bodies.return_behaviour
    params: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()  # paths given to route decorators (@app.get("/metrics"))
    abstract: bool = False
    is_property: bool = False
    line: int = 0  # the `def` line itself (start includes decorators)


@dataclass(frozen=True)
class InsecureOption:
    """A JWT/verification option that switches checking off."""

    kind: str  # "verify-signature-false", "verify-false", "algorithm-none"
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Vocabulary:
    """Everything the inventory and capability families need from one file."""

    imports: Occurrences  # full dotted names ("redis.sentinel.Sentinel") -> lines
    aliases: dict[str, str]  # local name -> full dotted name
    classes: tuple[ClassFact, ...]
    defs: tuple[DefFact, ...]
    identifiers: Occurrences  # attribute, variable, keyword and parameter names
    calls: Occurrences  # dotted call targets as written ("self._sentinel.master_for")
    strings: Occurrences
    depends: tuple[str, ...] = ()  # names passed to Depends()/Security()
    insecure: tuple[InsecureOption, ...] = ()
    line_count: int = 0
    settings: Occurrences = field(default_factory=dict)  # "INSTALLED_APPS", "INSTALLED_APPS=waffle" (settings.py)
    switched_off: frozenset[str] = frozenset()  # keyword/dict-key names only ever set to 0, False or None

    def resolve(self, dotted: str) -> str:
        """A dotted name with its first segment replaced by what it was imported as."""
        head = dotted.split(".", 1)[0].split("(", 1)[0].split("[", 1)[0]
        target = self.aliases.get(head)
        return target + dotted[len(head):] if target else dotted


def _freeze(table: dict[str, list[int]]) -> Occurrences:
    return {key: (lines[0],) if len(lines) == 1 else tuple(sorted(set(lines)))[:MAX_LINES]
            for key, lines in table.items()}


def _package_of(source: ParsedSource, level: int) -> str:
    parts = source.module.split(".") if source.module else []
    if not source.is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: max(0, len(parts) - (level - 1))]
    return ".".join(parts)


def _span_start(node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return min([node.lineno, *(d.lineno for d in node.decorator_list)])


def _decorator_names(node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [dotted_name(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list]


def _route_paths(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, ...]:
    paths = []
    for decorator in node.decorator_list:
        if not isinstance(decorator, ast.Call):
            continue
        candidates = [*decorator.args[:1], *(kw.value for kw in decorator.keywords if kw.arg == "path")]
        for arg in candidates:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.startswith("/"):
                paths.append(arg.value)
    return tuple(paths)


class _Members:
    """Classes and functions of a module, with qualified names (module level and class bodies)."""

    def __init__(self) -> None:
        self.classes: list[ClassFact] = []
        self.defs: list[DefFact] = []

    def visit(self, body: list[ast.stmt], owner: str) -> None:
        """Record the classes and functions of `body`, owned by the class `owner` ("" for the module)."""
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                self._class(stmt, owner)
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._def(stmt, owner)
            elif isinstance(stmt, (ast.If, ast.Try, ast.With, ast.AsyncWith)):
                for block in nested_blocks(stmt):
                    self.visit(block, owner)

    def _class(self, node: ast.ClassDef, owner: str) -> None:
        qualname = f"{owner}.{node.name}" if owner else node.name
        bases = tuple(dotted_name(base) for base in node.bases)
        metaclass = [dotted_name(kw.value) for kw in node.keywords if kw.arg == "metaclass"]
        first = len(self.defs)
        self.visit(node.body, qualname)
        abstract = any(b.rsplit(".", 1)[-1] in ABSTRACT_BASES for b in (*bases, *metaclass)) or any(
            d.abstract for d in self.defs[first:] if d.owner == qualname
        )
        self.classes.append(ClassFact(node.name, qualname, _span_start(node), node.end_lineno or node.lineno,
                                      bases, abstract, node.lineno))

    def _def(self, node: ast.FunctionDef | ast.AsyncFunctionDef, owner: str) -> None:
        qualname = f"{owner}.{node.name}" if owner else node.name
        arguments = node.args
        params = tuple(a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs))
        decorators = _decorator_names(node)
        self.defs.append(DefFact(
            name=node.name,
            qualname=qualname,
            owner=owner,
            start=_span_start(node),
            end=node.end_lineno or node.lineno,
            stub=stub_kind(node),
            returns=return_behaviour(node),
            params=params,
            routes=_route_paths(node),
            abstract=any(d.rsplit(".", 1)[-1] == "abstractmethod" for d in decorators),
            is_property=any(d.rsplit(".", 1)[-1] in ("property", "cached_property") for d in decorators),
            line=node.lineno,
        ))


def _insecure_keywords(call: ast.Call, name: str) -> list[InsecureOption]:
    found = []
    for kw in call.keywords:
        value = kw.value
        if kw.arg == "algorithms" and isinstance(value, (ast.List, ast.Tuple)):
            if any(isinstance(e, ast.Constant) and str(e.value).lower() == "none" for e in value.elts):
                found.append(InsecureOption("algorithm-none", call.lineno, call.end_lineno or call.lineno, name))
        elif kw.arg == "verify" and name.endswith("decode") and isinstance(value, ast.Constant) and value.value is False:
            found.append(InsecureOption("verify-false", call.lineno, call.end_lineno or call.lineno, name))
    return found


def _switches_off(value: ast.expr | None) -> bool:
    """True for a literal that turns an option off: 0, 0.0, False, None (`traces_sample_rate=0`)."""
    return isinstance(value, ast.Constant) and not isinstance(value.value, str) and not value.value


def _verify_signature_off(node: ast.Dict) -> bool:
    for key, value in zip(node.keys, node.values):
        if isinstance(key, ast.Constant) and key.value == "verify_signature":
            if isinstance(value, ast.Constant) and value.value is False:
                return True
    return False


_SKIPPED_FIELDS = frozenset({
    "ctx", "op", "ops", "type_comment", "kind", "name", "id", "attr", "arg", "module", "level",
    "asname", "simple", "conversion", "is_async", "names", "type_ignores",
})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(name for name in cls._fields if name not in _SKIPPED_FIELDS)
    for cls in vars(ast).values()
    if isinstance(cls, type) and issubclass(cls, ast.AST)
}


class _Walker:
    """One pass over every node; a hand-rolled walk that skips context and operator nodes."""

    def __init__(self, source: ParsedSource) -> None:
        self.source = source
        self.imports: defaultdict[str, list[int]] = defaultdict(list)
        self.aliases: dict[str, str] = {}
        self.identifiers: defaultdict[str, list[int]] = defaultdict(list)
        self.calls: defaultdict[str, list[int]] = defaultdict(list)
        self.strings: defaultdict[str, list[int]] = defaultdict(list)
        self.depends: list[str] = []
        self.insecure: list[InsecureOption] = []
        self.docstrings: set[int] = set()
        self.options_off: set[str] = set()  # keyword and dict-key names given a switching-off literal
        self.options_on: set[str] = set()  # ... given anything else

    def run(self) -> None:
        """Walk every node once, recording words, imports, Depends() targets and insecure options."""
        stack: list[object] = [self.source.tree]
        pop, push, extend = stack.pop, stack.append, stack.extend
        identifiers = self.identifiers
        while stack:
            node = pop()
            kind = type(node)
            if kind is ast.Name:
                identifiers[node.id].append(node.lineno)
                continue
            if kind is ast.Constant:
                if type(node.value) is str:
                    self._string(node)
                continue
            if kind is ast.Attribute:
                identifiers[node.attr].append(node.lineno)
                push(node.value)
                continue
            if kind is ast.Call:
                self._call(node)
                push(node.func)
                extend(node.args)
                extend(node.keywords)
                continue
            if kind is ast.keyword:
                if node.arg:
                    identifiers[node.arg].append(node.value.lineno)
                    (self.options_off if _switches_off(node.value) else self.options_on).add(node.arg)
                push(node.value)
                continue
            if kind is ast.arg:
                identifiers[node.arg].append(node.lineno)
            elif kind is ast.Expr:
                if type(node.value) is ast.Constant:
                    self.docstrings.add(id(node.value))
            elif kind is ast.Dict:
                for key, value in zip(node.keys, node.values):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        (self.options_off if _switches_off(value) else self.options_on).add(key.value)
                if _verify_signature_off(node):
                    self.insecure.append(InsecureOption(
                        "verify-signature-false", node.lineno, node.end_lineno or node.lineno,
                        "verify_signature: False"))
            elif kind is ast.Import:
                self._import(node)
            elif kind is ast.ImportFrom:
                self._import_from(node)
            for name in _CHILD_FIELDS.get(kind, ()):
                value = getattr(node, name)
                if type(value) is list:
                    extend(value)
                elif value is not None:
                    push(value)

    def _string(self, node: ast.Constant) -> None:
        value = node.value
        if len(value) <= MAX_STRING and id(node) not in self.docstrings and value.strip():
            self.strings[value].append(node.lineno)

    def _call(self, node: ast.Call) -> None:
        name = dotted_name(node.func)
        if not name:
            return
        self.calls[name].append(node.lineno)
        target = _dependency_target(node, name)
        if target:
            self.depends.append(target)
        if node.keywords:
            self.insecure.extend(_insecure_keywords(node, name))

    def _import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.imports[alias.name].append(node.lineno)
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            else:
                head = alias.name.split(".", 1)[0]
                self.aliases.setdefault(head, head)

    def _import_from(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            package = _package_of(self.source, node.level)
            base = ".".join(part for part in (package, base) if part)
        for alias in node.names:
            full = f"{base}.{alias.name}" if base else alias.name
            self.imports[full].append(node.lineno)
            if alias.name != "*":
                self.aliases[alias.asname or alias.name] = full


def _dependency_target(call: ast.Call, name: str) -> str:
    """What `Depends(target)` / `Security(target)` names, else ""."""
    if call.args and name.rsplit(".", 1)[-1] in DEPENDENCY_CALLS:
        return dotted_name(call.args[0])
    return ""


def dependency_targets(source: ParsedSource) -> tuple[str, ...]:
    """The names passed to Depends()/Security() in one file (a walk only where they are named)."""
    if not any(f"{word}(" in source.text for word in DEPENDENCY_CALLS):
        return ()
    found = (_dependency_target(node, dotted_name(node.func)) for node in ast.walk(source.tree)
             if type(node) is ast.Call)
    return tuple(dict.fromkeys(target for target in found if target))


def build_vocabulary(source: ParsedSource) -> Vocabulary:
    """Walk one parsed file once and keep its vocabulary."""
    walker = _Walker(source)
    walker.run()
    members = _Members()
    members.visit(source.tree.body, "")
    return Vocabulary(
        imports=_freeze(walker.imports),
        aliases=walker.aliases,
        classes=tuple(members.classes),
        defs=tuple(members.defs),
        identifiers=_freeze(walker.identifiers),
        calls=_freeze(walker.calls),
        strings=_freeze(walker.strings),
        depends=tuple(dict.fromkeys(walker.depends)),
        insecure=tuple(walker.insecure),
        line_count=source.text.count("\n") + (0 if source.text.endswith("\n") else 1),
        settings=_freeze(setting_words(source.tree, source.path)),
        switched_off=frozenset(walker.options_off - walker.options_on),
    )


class VocabularyCollector(Collector):
    """Collects each file's `Vocabulary` for the inventory and capability families."""

    name = "vocabulary"

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> Vocabulary | None:
        """The file's vocabulary; of test code (never inventoried) only its Depends() targets,
        which mark functions as dependencies project-wide (None without any)."""
        if is_test_path(source.path):
            depends = dependency_targets(source)
            return Vocabulary({}, {}, (), (), {}, {}, {}, depends=depends) if depends else None
        return build_vocabulary(source)


def project_vocabularies(project: ProjectModel) -> dict[str, Vocabulary]:
    """The vocabulary facts of every file, by path."""
    return {path: facts for path, facts in project.facts_of(VocabularyCollector.name).items()
            if isinstance(facts, Vocabulary)}
