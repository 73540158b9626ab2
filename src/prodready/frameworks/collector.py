"""The `routes` collector: apps, routers, routes, mounts and debug switches of one file.

The shared `RouteVisitor` walks the module once; every framework's own shapes come from its
adapter module under `frameworks/adapters/` (all loaded here).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from prodready.engine.imports import FileImports, ImportsCollector
from prodready.frameworks import adapters
from prodready.frameworks.facts import CommentedMount, FileRouteFacts
from prodready.frameworks.registry import ADAPTERS
from prodready.frameworks.testfiles import in_test_directory
from prodready.frameworks.visitor import RouteVisitor
from prodready.model.collector import Collector
from prodready.model.positions import source_lines
from prodready.model.project import ParsedSource

adapters.load_all()

# debug switches, guards and router lists (literal words: `in` is far cheaper than a regex alternation)
GENERIC_WORDS = ("DEBUG", "debug", "guard_", "ROUTERS", "BLUEPRINTS")
GENERIC_PATTERNS = (  # `@owner.get(...)`-style decorators of any framework; an app handed to what a call
    # returns (`getattr(extension, factory)(app)`): one regex each, so each is searched from its literal start
    re.compile(r"@[\w.]+\.(?:get|post|put|delete|patch|options|head|trace|route|api_route)\("),
    re.compile(r"\)\(\s*(?:app|application)\b"),
)
GATE = "add_"  # words holding it are searched only in texts that hold it (a third of the adapters' words)
# In tests/ and test/ only routers count (linking drops a test directory's apps, route lists and
# settings): files without a router, a route decorator or a registration call are skipped there.
# Literal words first (`in` is far cheaper than one regex alternation over large test files).
ROUTER_WORDS = ("include_router", "register_blueprint", ".mount(", "add_url_rule", "add_api_route", "add_route",
                "add_resource")
ROUTE_DECORATOR = re.compile(  # `@mock.patch(...)` is not a route
    r"@[\w.]+\.(?:get|post|put|delete|(?<!mock\.)patch|options|head|trace|route|api_route|websocket)\("
)
ROUTE_TABLE_CALL = re.compile(r"\.add_(?:get|post|put|delete|patch|head|view)\(")
_COMMENTED_MOUNT = re.compile(r"^\s*#.*\b(include_router|register_blueprint|mount|add_url_rule)\s*\(")


def without_longer(words: set[str]) -> tuple[str, ...]:
    """The words, sorted, without those that contain another one (`Router` is found wherever `Route` is)."""
    return tuple(sorted(w for w in words if not any(other != w and other in w for other in words)))


def hint_words() -> tuple[str, ...]:
    """The adapters' literal hint words and the generic ones (searched with `in`), none containing another."""
    return without_longer({*(word for adapter in ADAPTERS.values() for word in adapter.hints), *GENERIC_WORDS})


def has_framework_hint(text: str) -> bool:
    """False when the text cannot declare apps, routes, mounts or debug switches: skipped fast."""
    return (any(word in text for word in HINT_WORDS)
            or (GATE in text and any(word in text for word in GATED_HINT_WORDS))
            or any(pattern.search(text) is not None for pattern in GENERIC_PATTERNS)
            or ("Annotated[" in text and "Depends(" in text))  # a dependency alias (`CurrentUser = Annotated[...]`)


def router_words() -> tuple[str, ...]:
    """Literal words of router constructors and mount/registration calls (for test directories)."""
    constructors = {f"{name}(" for a in ADAPTERS.values() for name, kind in a.constructors.items() if kind == "router"}
    return without_longer({*constructors, *ROUTER_WORDS})


HINT_WORDS = tuple(word for word in hint_words() if GATE not in word)
GATED_HINT_WORDS = tuple(word for word in hint_words() if GATE in word)
ROUTER_HINTS = router_words()


def _commented_mounts(text: str) -> tuple[CommentedMount, ...]:
    return tuple(
        CommentedMount(number, line.strip())
        for number, line in enumerate(source_lines(text), start=1)
        if "#" in line and _COMMENTED_MOUNT.match(line)
    )


def _without_unrelated_returns(facts: FileRouteFacts, imports: FileImports) -> FileRouteFacts:
    """Keep `return x` only when `x` may be a framework object (local object, alias or import)."""
    local = {key.rsplit(".", 1)[-1] for key in [*(o.key for o in facts.objects), *(a.key for a in facts.aliases)]}
    kept = tuple(
        r for r in facts.returns
        if (head := r.value.text.split(".")[0]) in local or imports.binding(head) is not None
    )
    return FileRouteFacts(**{**facts.__dict__, "returns": kept})


def may_declare_routers(text: str) -> bool:
    """True unless the text has no router constructor, route decorator or registration call."""
    return (any(word in text for word in ROUTER_HINTS) or ROUTE_DECORATOR.search(text) is not None
            or (".add_" in text and ROUTE_TABLE_CALL.search(text) is not None))


class RoutesCollector(Collector):
    """Per file: framework objects, routes, mounts, aliases, guards and debug switches."""

    name = "routes"
    requires = (ImportsCollector.name,)

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> FileRouteFacts | None:
        """The route facts of one file, or None when it holds none."""
        if not (may_declare_routers(source.text) if in_test_directory(source.path) else has_framework_hint(source.text)):
            return None
        imports = earlier.get(ImportsCollector.name)
        if not isinstance(imports, FileImports):
            imports = ImportsCollector().collect(source, {})
        visitor = RouteVisitor(source, imports)
        visitor.visit_module(source.tree)
        facts = FileRouteFacts(
            module=source.module,
            objects=tuple(visitor.objects),
            routes=tuple(visitor.routes),
            mounts=tuple(visitor.mounts),
            aliases=tuple(visitor.aliases),
            collections=tuple(visitor.collections),
            returns=tuple(visitor.returns),
            guards=tuple(visitor.guards),
            debug=tuple(visitor.debug),
            commented=_commented_mounts(source.text),
            root_urlconf=visitor.root_urlconf,
            settings=tuple(sorted(visitor.settings.items())),
            conditional_calls=tuple(visitor.conditional_calls),
            handing_calls=tuple(visitor.handing_calls),
            views=tuple(visitor.views),
            dependency_aliases=tuple(sorted(visitor.dependency_aliases.items())),
        )
        facts = _without_unrelated_returns(facts, visitor.imports)
        has_content = (facts.objects or facts.routes or facts.mounts or facts.guards or facts.debug
                       or facts.commented or facts.root_urlconf or facts.views or facts.settings
                       or facts.dependency_aliases)
        if not (has_content or facts.returns or facts.aliases or facts.collections or facts.handing_calls):
            return None
        return facts
