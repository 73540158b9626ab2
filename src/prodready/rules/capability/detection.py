"""Decide whether a capability is present, declared but not wired, or missing, with evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from prodready.engine.deployment.commands import simple_commands
from prodready.model.deployment import Launch
from prodready.model.findings import Location
from prodready.rules.capability.manifests import Declaration, find_declarations
from prodready.rules.capability.signals import Signals
from prodready.rules.inventory.vocabulary import Vocabulary

PRESENT = "present"
DECLARED = "declared-not-wired"
MISSING = "missing"
MAX_EVIDENCE = 5


@dataclass(frozen=True)
class Outcome:
    """The verdict for one capability and the evidence behind it (or what was searched)."""

    status: str
    details: tuple[str, ...]
    related: tuple[Location, ...] = ()


def _imports_library(name: str, libraries: tuple[str, ...]) -> str | None:
    for library in libraries:
        if name == library or name.startswith(library + "."):
            return library
    return None


def _prefixes(name: str) -> list[str]:
    """"a.b.c" -> ["a", "a.b", "a.b.c"]."""
    parts = name.split(".")
    return [".".join(parts[:index]) for index in range(1, len(parts) + 1)]


def _is_project_module(name: str, project_modules: frozenset[str]) -> bool:
    head = name.split(".", 1)[0]
    return name in project_modules or head in project_modules


def _imported(vocabulary: Vocabulary, signals: Signals, project_modules: frozenset[str],
              calls: "CallIndex") -> list[tuple[str, int]]:
    if calls.imported.isdisjoint(signals.libraries):  # no import of any library: nothing to list
        return []
    found = []
    for name, lines in vocabulary.imports.items():
        library = _imports_library(name, signals.libraries)
        if library and lines and not _is_project_module(name, project_modules):
            found.append((library, lines[0]))
    return found


@dataclass(frozen=True)
class CallIndex:
    """A file's resolved call names (and class bases) with their lines, joined for searching, and
    every prefix of its imports ("a.b.c" -> a, a.b, a.b.c)."""

    names: tuple[tuple[str, int], ...]
    joined: str
    imported: frozenset[str] = frozenset()
    keywords: frozenset[str] = frozenset()  # variable, attribute, keyword names; strings (dict keys); not
    # the options the file only switches off (`sentry_sdk.init(traces_sample_rate=0)` traces nothing)

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> "CallIndex":
        """Index one file's calls."""
        names = [(vocabulary.resolve(raw), lines[0]) for raw, lines in vocabulary.calls.items() if lines]
        for klass in vocabulary.classes:  # subclassing SyncObj & co. uses the library too
            names.extend((vocabulary.resolve(base), klass.start) for base in klass.bases if base)
        imported = frozenset(prefix for name in vocabulary.imports for prefix in _prefixes(name))
        keywords = frozenset(vocabulary.identifiers).union(vocabulary.strings) - vocabulary.switched_off
        return cls(tuple(names), "\n".join(name for name, _ in names), imported, keywords)


def _library_call(name: str, calls: CallIndex, project_modules: frozenset[str]) -> bool:
    """A call of a function imported from outside the project (`neuro_logging.setup_sentry`)."""
    module = name.rpartition(".")[0]
    return bool(module) and module in calls.imported and project_modules.isdisjoint(_prefixes(module))


def _wired(calls: CallIndex, signals: Signals, project_modules: frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    imported = calls.imported
    found = []
    for wiring in signals.wiring:
        if wiring.hint:
            if not any(hint in calls.joined for hint in wiring.hint.split("|")):
                continue
        elif not imported.intersection(wiring.libraries or signals.libraries):
            continue
        if not wiring.pattern.search(calls.joined) or (wiring.keywords and calls.keywords.isdisjoint(wiring.keywords)):
            continue
        lines = [line for name, line in calls.names if wiring.pattern.search(name)
                 and (not wiring.library_only or _library_call(name, calls, project_modules))]
        if lines:
            found.append((wiring.label, min(lines)))
    return found


def _configured(vocabulary: Vocabulary, signals: Signals) -> list[tuple[str, int]]:
    """(label, line) of the settings that wire the capability (a tracing middleware in `MIDDLEWARE`)."""
    return [(wiring.label, lines[0]) for wiring in signals.settings
            for word, lines in vocabulary.settings.items() if lines and wiring.pattern.search(word)]


def launched(launches: Iterable[Launch], launchers: Sequence[str]) -> list[tuple[str, str, int]]:
    """(launcher, path, line) of each launch command (Dockerfile, Procfile, compose, manifest
    `command`/`args`) that runs its program through one of `launchers` ("newrelic-admin run-program")."""
    found = []
    for launch in launches:
        commands = simple_commands(launch.argv)
        for launcher in launchers:
            wanted = tuple(launcher.split())
            if any(_contains(tuple(w.rsplit("/", 1)[-1] for w in words), wanted) for words in commands):
                found.append((launcher, launch.location.path, launch.location.start_line))
    return found


def _contains(words: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def decide(vocabularies: Mapping[str, Vocabulary], manifests: Mapping[str, str], signals: Signals,
           project_modules: frozenset[str] = frozenset(), calls: Mapping[str, CallIndex] | None = None,
           launches: Sequence[Launch] = ()) -> Outcome:
    """Present when wired in code (or by a launcher in a launch command or a manifest's task),
    declared-not-wired when only imported or declared, else missing with the list of what was
    searched. `calls` may hold precomputed CallIndex values by path."""
    calls = calls if calls is not None else {path: CallIndex.of(v) for path, v in vocabularies.items()}
    wired: list[tuple[str, str, int]] = []
    imported: list[tuple[str, str, int]] = []
    for path in sorted(vocabularies):
        vocabulary = vocabularies[path]
        library_imports = _imported(vocabulary, signals, project_modules, calls[path])
        imported.extend((library, path, line) for library, line in library_imports)
        found = _wired(calls[path], signals, project_modules) + _configured(vocabulary, signals)
        wired.extend((label, path, line) for label, line in found)
    declared = find_declarations(manifests, signals.packages, signals.kit_extra, signals.launchers)
    launchers = [d for d in declared if d.name in signals.launchers]
    launchers += [Declaration(name, path, line) for name, path, line in launched(launches, signals.launchers)]
    if wired or launchers:
        details = [f"{label} in {path}:{line}" for label, path, line in wired[:MAX_EVIDENCE]]
        details += [f"started with `{d.name}` ({d.path}:{d.line})" for d in launchers[:MAX_EVIDENCE]]
        related = [Location(path, line, line, message=label) for label, path, line in wired[:MAX_EVIDENCE]]
        related += [Location(d.path, d.line, d.line, message=d.name) for d in launchers[:MAX_EVIDENCE]]
        return Outcome(PRESENT, tuple(details), tuple(related))
    packages = [d for d in declared if d not in launchers]
    if imported or packages:
        details = [f"{d.name} declared in {d.path}:{d.line}" for d in packages[:MAX_EVIDENCE]]
        details += [f"{library} imported in {path}:{line}" for library, path, line in imported[:MAX_EVIDENCE]]
        details.append(f"but {signals.not_wired}")
        related = [Location(d.path, d.line, d.line, message=f"{d.name} declared") for d in packages[:MAX_EVIDENCE]]
        related += [Location(path, line, line, message=f"{library} imported")
                    for library, path, line in imported[:MAX_EVIDENCE]]
        return Outcome(DECLARED, tuple(details), tuple(related))
    searched_manifests = ", ".join(sorted(manifests)) or "none found"
    return Outcome(MISSING, (
        f"searched imports of {', '.join(signals.libraries)}",
        f"searched calls to {', '.join(w.label for w in signals.wiring)}",
        f"searched manifests ({searched_manifests}) for {', '.join(signals.packages)}",
    ))
