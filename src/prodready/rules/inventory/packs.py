"""Indicator packs: YAML files that name an area's capabilities and components (docs/packs.md).

Built-in packs ship in `prodready/rules/packs/`; users add theirs with `packs = [...]` in
`[tool.prodready]`. `load_packs` validates every pack (errors name file, line and key) and
`scan_areas` gives the report areas, built-in first, user areas by their `order`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from prodready.model.areas import AREAS, AREAS_BY_ID, Area
from prodready.model.config import Config, ConfigError
from prodready.rules.inventory.literals import required_literal
from prodready.rules.inventory.marked_yaml import MarkedDocument, MarkedYAMLError, load_marked

EVIDENCE_KINDS = ("imports", "names", "attributes", "calls", "strings", "settings")
ANCHOR_KINDS = ("routes", "classes", "functions", "calls", "modules", "settings", "strings")
AREA_ORDER_STEP = 10
DEFAULT_USER_AREA_ORDER = AREAS.index(AREAS_BY_ID["clustering"]) * AREA_ORDER_STEP + AREA_ORDER_STEP + 5
PATTERN_FLAGS = re.IGNORECASE | re.MULTILINE
_AREA_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_REFERS_TO_GROUP = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")  # \1, (?P=name), (?(1)...): numbering matters


@dataclass(frozen=True)
class Matcher:
    """Regular expressions searched in one kind of vocabulary (imports, names, calls, ...)."""

    kind: str
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        """True when any pattern is found in `text`."""
        if self._any is not None:
            return self._any.search(text) is not None
        return any(pattern.search(text) for pattern in self.patterns)

    @functools.cached_property
    def literals(self) -> tuple[str, ...] | None:
        """A literal of each pattern that all its matches contain (lower-cased), or None when
        some pattern has none: a text holding none of them cannot match."""
        found = tuple(required_literal(pattern) for pattern in self.patterns)
        return None if None in found else found  # type: ignore[return-value]

    @functools.cached_property
    def _any(self) -> re.Pattern[str] | None:
        """One alternation of every pattern (found exactly when one of them is), or None when
        the patterns cannot be joined (back-references, differing flags, inline global flags)."""
        if len(self.patterns) == 1:
            return self.patterns[0]
        flags = {pattern.flags for pattern in self.patterns}
        if len(flags) != 1 or any(_REFERS_TO_GROUP.search(pattern.pattern) for pattern in self.patterns):
            return None
        try:
            return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in self.patterns), flags.pop())
        except re.error:
            return None


@dataclass(frozen=True)
class Capability:
    """One bullet of the report ("Redis Sentinel integration") and how to detect it.

    Every group must match (a group matches when its matchers find at least `min_matches`
    distinct words); the capability is skipped when one of `unless` already matched.
    """

    name: str
    groups: tuple[tuple[Matcher, ...], ...]
    min_matches: int = 1
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class Component:
    """How a class, function, route or module becomes an inventory item of the pack's area."""

    title: str
    anchors: tuple[Matcher, ...]  # at most one per kind, in ANCHOR_KINDS order (the order they are tried)
    imports: tuple[re.Pattern[str], ...] = ()  # the file must import one of these (if any)
    min_capabilities: int = 1
    key_methods: tuple[re.Pattern[str], ...] = ()
    capabilities: tuple[str, ...] = ()  # names of the pack's capabilities it reports; () = all
    fallback: bool = False  # reported only where no other component of the area is found


@dataclass(frozen=True)
class Pack:
    """One validated indicator pack."""

    area: str
    source: str
    capabilities: tuple[Capability, ...]
    components: tuple[Component, ...]
    new_area: Area | None = None
    order: int = 0
    libraries: tuple[str, ...] = ()  # import prefixes that show the area is meant (PR404)
    packages: tuple[str, ...] = ()  # distributions whose declaration shows it (PR404)

    def capabilities_of(self, component: Component) -> tuple[Capability, ...]:
        """The capabilities a component reports, in the pack's order."""
        if not component.capabilities:
            return self.capabilities
        wanted = set(component.capabilities)
        return tuple(c for c in self.capabilities if c.name in wanted)


class _Validator:
    """Turns one marked YAML document into a Pack, raising ConfigError at the first problem."""

    def __init__(self, source: str, document: MarkedDocument, known_areas: dict[str, Area]) -> None:
        self.source = source
        self.document = document
        self.known_areas = known_areas

    def fail(self, path: tuple[str | int, ...], problem: str) -> ConfigError:
        """A ConfigError naming the pack file, the line of `path` and the key."""
        key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "(top level)"
        return ConfigError(f"{self.source}:{self.document.line(path)}: {key}: {problem}")

    def mapping(self, value: Any, path: tuple[str | int, ...], allowed: tuple[str, ...],
                required: tuple[str, ...] = ()) -> dict[str, Any]:
        """Check `value` is a mapping with only `allowed` keys and every `required` one."""
        if not isinstance(value, dict):
            raise self.fail(path, f"expected a mapping with keys {', '.join(allowed)}")
        for key in value:
            if not isinstance(key, str) or key not in allowed:
                raise self.fail(path + (str(key),), f"unknown key {key!r} (expected one of: {', '.join(allowed)})")
        for key in required:
            if key not in value:
                raise self.fail(path, f"missing required key {key!r}")
        return value

    def text(self, value: Any, path: tuple[str | int, ...]) -> str:
        """A non-empty string, stripped."""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "expected a non-empty string")
        return value.strip()

    def patterns(self, value: Any, path: tuple[str | int, ...]) -> tuple[re.Pattern[str], ...]:
        """One regular expression or a list of them, compiled."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            raise self.fail(path, "expected a regular expression or a non-empty list of them")
        compiled = []
        for index, item in enumerate(items):
            item_path = path if isinstance(value, str) else path + (index,)
            if not isinstance(item, str) or not item:
                raise self.fail(item_path, "expected a regular expression (a non-empty string)")
            try:
                compiled.append(re.compile(item, PATTERN_FLAGS))
            except re.error as error:
                raise self.fail(item_path, f"invalid regular expression {item!r}: {error}") from None
        return tuple(compiled)

    def matchers(self, entry: dict[str, Any], path: tuple[str | int, ...], kinds: tuple[str, ...]) -> tuple[Matcher, ...]:
        """A Matcher for each of `kinds` present in `entry`."""
        return tuple(Matcher(kind, self.patterns(entry[kind], path + (kind,))) for kind in kinds if kind in entry)

    def area(self, value: Any) -> tuple[str, Area | None, int]:
        """The pack's area id, the new Area it defines (if any) and its order."""
        path: tuple[str | int, ...] = ("area",)
        if isinstance(value, str):
            if value not in self.known_areas:
                known = ", ".join(self.known_areas)
                raise self.fail(path, f"unknown area {value!r} (known: {known}); "
                                      "define a new one as a mapping with id and title")
            return value, None, 0
        entry = self.mapping(value, path, ("id", "title", "order", "parent", "not_found"), ("id", "title"))
        area_id = self.text(entry["id"], path + ("id",))
        if not _AREA_ID.match(area_id):
            raise self.fail(path + ("id",), f"area id {area_id!r} must be lower-case letters, digits and dashes")
        if area_id in self.known_areas:
            raise self.fail(path + ("id",), f"area {area_id!r} already exists; refer to it as `area: {area_id}`")
        order = entry.get("order", DEFAULT_USER_AREA_ORDER)
        if not isinstance(order, int) or isinstance(order, bool):
            raise self.fail(path + ("order",), "expected an integer (built-in areas are at 10, 20, 30, ...)")
        parent = entry.get("parent", "")
        if parent and parent not in self.known_areas:
            raise self.fail(path + ("parent",), f"unknown parent area {parent!r}")
        not_found = self.text(entry["not_found"], path + ("not_found",)) if "not_found" in entry else ""
        title = self.text(entry["title"], path + ("title",))
        return area_id, Area(area_id, title, parent=parent, not_found=not_found), order

    def capability(self, value: Any, path: tuple[str | int, ...], earlier: list[str]) -> Capability:
        """One capability; `earlier` names the capabilities before it (for `unless`)."""
        allowed = ("name", "description", "all", "min_matches", "unless", *EVIDENCE_KINDS)
        entry = self.mapping(value, path, allowed, ("name",))
        name = self.text(entry["name"], path + ("name",))
        groups = []
        matchers = self.matchers(entry, path, EVIDENCE_KINDS)
        if matchers:
            groups.append(matchers)
        parts = entry.get("all", [])
        if not isinstance(parts, list):
            raise self.fail(path + ("all",), "expected a list of matcher groups")
        for index, part in enumerate(parts):
            part_path = path + ("all", index)
            self.mapping(part, part_path, EVIDENCE_KINDS)
            group = self.matchers(part, part_path, EVIDENCE_KINDS)
            if not group:
                raise self.fail(part_path, f"a matcher group needs at least one of: {', '.join(EVIDENCE_KINDS)}")
            groups.append(group)
        if not groups:
            raise self.fail(path, f"capability {name!r} needs at least one of: {', '.join(EVIDENCE_KINDS)} or all")
        minimum = entry.get("min_matches", 1)
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
            raise self.fail(path + ("min_matches",), "expected a whole number >= 1")
        unless = entry.get("unless", [])
        unless = [unless] if isinstance(unless, str) else unless
        if not isinstance(unless, list):
            raise self.fail(path + ("unless",), "expected a capability name or a list of them")
        for index, other in enumerate(unless):
            if other not in earlier:
                raise self.fail(path + ("unless", index) if isinstance(entry["unless"], list) else path + ("unless",),
                                f"no earlier capability named {other!r} in this pack")
        return Capability(name, tuple(groups), minimum, tuple(unless))

    def component(self, value: Any, path: tuple[str | int, ...], names: set[str]) -> Component:
        """One component; `names` are the pack's capability names."""
        allowed = ("title", "description", *ANCHOR_KINDS, "imports", "min_capabilities", "key_methods", "capabilities",
                   "fallback")
        entry = self.mapping(value, path, allowed, ("title",))
        title = self.text(entry["title"], path + ("title",))
        anchors = self.matchers(entry, path, ANCHOR_KINDS)
        if not anchors:
            raise self.fail(path, f"component {title!r} needs at least one of: {', '.join(ANCHOR_KINDS)}")
        minimum = entry.get("min_capabilities", 1)
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 0:
            raise self.fail(path + ("min_capabilities",), "expected a whole number >= 0")
        reported = entry.get("capabilities", [])
        if not isinstance(reported, list):
            raise self.fail(path + ("capabilities",), "expected a list of capability names of this pack")
        for index, name in enumerate(reported):
            if name not in names:
                raise self.fail(path + ("capabilities", index), f"no capability named {name!r} in this pack")
        fallback = entry.get("fallback", False)
        if not isinstance(fallback, bool):
            raise self.fail(path + ("fallback",), "expected true or false")
        return Component(
            title=title,
            anchors=anchors,
            imports=self.patterns(entry["imports"], path + ("imports",)) if "imports" in entry else (),
            min_capabilities=minimum,
            key_methods=self.patterns(entry["key_methods"], path + ("key_methods",)) if "key_methods" in entry else (),
            capabilities=tuple(reported),
            fallback=fallback,
        )

    def names(self, top: dict[str, Any], key: str) -> tuple[str, ...]:
        """A list of plain names (libraries, packages)."""
        value = top.get(key, [])
        if not isinstance(value, list):
            raise self.fail((key,), "expected a list of names")
        return tuple(self.text(item, (key, index)) for index, item in enumerate(value))

    def pack(self) -> Pack:
        """The whole document as a Pack."""
        allowed = ("area", "description", "libraries", "packages", "capabilities", "components")
        top = self.mapping(self.document.data, (), allowed, ("area",))
        area_id, new_area, order = self.area(top["area"])
        capability_list = top.get("capabilities", [])
        if not isinstance(capability_list, list):
            raise self.fail(("capabilities",), "expected a list of capabilities")
        capabilities: list[Capability] = []
        for index, item in enumerate(capability_list):
            capabilities.append(self.capability(item, ("capabilities", index), [c.name for c in capabilities]))
        names = [c.name for c in capabilities]
        for index, name in enumerate(names):
            if names.index(name) != index:
                raise self.fail(("capabilities", index, "name"), f"duplicate capability name {name!r}")
        component_list = top.get("components", [])
        if not isinstance(component_list, list):
            raise self.fail(("components",), "expected a list of components")
        components = tuple(self.component(item, ("components", i), set(names)) for i, item in enumerate(component_list))
        return Pack(area_id, self.source, tuple(capabilities), components, new_area, order,
                    self.names(top, "libraries"), tuple(name.lower() for name in self.names(top, "packages")))


def parse_pack(text: str, source: str, known_areas: dict[str, Area] | None = None) -> Pack:
    """Validate the YAML text of one pack; ConfigError names source, line and key on failure."""
    try:
        document = load_marked(text)
    except MarkedYAMLError as error:
        raise ConfigError(f"{source}:{error.line}: {error.problem}") from None
    return _Validator(source, document, dict(known_areas or AREAS_BY_ID)).pack()


@functools.lru_cache(maxsize=1)
def builtin_packs() -> tuple[Pack, ...]:
    """The packs shipped in prodready/rules/packs/, in file-name order."""
    directory = resources.files("prodready.rules").joinpath("packs")
    entries = sorted((e for e in directory.iterdir() if e.name.endswith((".yaml", ".yml"))), key=lambda e: e.name)
    return tuple(parse_pack(entry.read_text(encoding="utf-8"), f"prodready/rules/packs/{entry.name}") for entry in entries)


def _pack_files(config: Config) -> list[Path]:
    base = Path(config.source).parent if config.source else Path.cwd()
    files: list[Path] = []
    for entry in config.packs:
        path = Path(entry) if Path(entry).is_absolute() else base / entry
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        elif path.is_file():
            files.append(path)
        else:
            origin = config.source or "configuration"
            raise ConfigError(f"{origin}: packs: pack file {str(path)!r} not found")
    return files


def user_packs(config: Config) -> tuple[Pack, ...]:
    """The packs named by `config.packs` (files or directories of *.yaml), validated."""
    known = dict(AREAS_BY_ID)
    packs = []
    for path in _pack_files(config):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read pack: {error}") from None
        pack = parse_pack(text, str(path), known)
        if pack.new_area is not None:
            known[pack.area] = pack.new_area
        packs.append(pack)
    return tuple(packs)


def load_packs(config: Config) -> list[Pack]:
    """Built-in packs followed by the user's packs from the configuration."""
    return [*builtin_packs(), *user_packs(config)]


def scan_areas(config: Config) -> tuple[Area, ...]:
    """The report areas: built-in areas plus the areas user packs define, ordered by `order`."""
    ordered = [((index + 1) * AREA_ORDER_STEP, index, area) for index, area in enumerate(AREAS)]
    for position, pack in enumerate(user_packs(config)):
        if pack.new_area is not None:
            ordered.append((pack.order, len(AREAS) + position, pack.new_area))
    return tuple(area for _, _, area in sorted(ordered, key=lambda item: item[:2]))
