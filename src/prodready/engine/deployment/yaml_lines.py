"""Multi-document YAML (safe types only) as plain data that remembers the line of every key and item."""

from __future__ import annotations

import functools
from typing import Any

import yaml

MERGE_TAG = "tag:yaml.org,2002:merge"
PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
MAX_DEPTH = 64  # deeper (or recursive, through aliases) structures are cut


class LinedMap(dict):  # type: ignore[type-arg]
    """A mapping with the 1-based line of itself and of each key."""

    line: int = 0
    end_line: int = 0  # the last line of its content
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of `key`, else the mapping's own line."""
        return self.key_lines.get(key, self.line)


class LinedList(list):  # type: ignore[type-arg]
    """A sequence with the 1-based line of itself and of each item."""

    line: int = 0
    item_lines: list[int]


class YAMLProblem(ValueError):
    """The text is not valid YAML; `line` is 1-based."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line


@functools.cache
def _loader() -> type:
    """libyaml's safe loader when the wheel has it, else the pure-Python one."""
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_documents(text: str) -> list[Any]:
    """Every document of `text` as plain data (LinedMap/LinedList for collections)."""
    loader = _loader()(text)
    try:
        documents = []
        while loader.check_node():
            node = loader.get_node()
            documents.append(_convert(loader, node, 0) if node is not None else None)
        return documents
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise YAMLProblem(mark.line + 1 if mark else 1, f"invalid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YAMLProblem(1, f"invalid YAML: {error}") from None
    finally:
        loader.dispose()


def _convert(loader: Any, node: yaml.Node, depth: int) -> Any:
    return _converted(loader, node, depth)[0]


def _converted(loader: Any, node: yaml.Node, depth: int) -> tuple[Any, int]:
    """The node's value and the last line its content is on."""
    first = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        return None, first
    if isinstance(node, yaml.CollectionNode) and node.tag not in PLAIN_TAGS:
        return loader.construct_object(node), first  # the safe constructor refuses unknown tags
    if isinstance(node, yaml.MappingNode):
        return _mapping(loader, node, depth)
    if isinstance(node, yaml.SequenceNode):
        items = LinedList()
        items.line = first
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        last = first
        for item in node.value:
            value, item_last = _converted(loader, item, depth + 1)
            items.append(value)
            last = max(last, item_last)
        return items, last
    end = node.end_mark  # a block scalar ends at the start of the next line
    return loader.construct_object(node), max(first, end.line if end.column == 0 else end.line + 1)


def _mapping(loader: Any, node: yaml.MappingNode, depth: int) -> tuple[LinedMap, int]:
    result = LinedMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    last = result.line
    merged: list[LinedMap] = []
    for key_node, value_node in node.value:
        value, value_last = _converted(loader, value_node, depth + 1)
        last = max(last, value_last, key_node.start_mark.line + 1)
        if key_node.tag == MERGE_TAG:
            merged.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, LinedMap))
            continue
        key = loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, (str, int, float, bool)) or key is None:
            continue
        name = key if isinstance(key, str) else str(key)
        result[name] = value
        result.key_lines[name] = key_node.start_mark.line + 1
    for base in merged:  # `<<: *defaults`: keys written here win
        for name, value in base.items():
            if name not in result:
                result[name] = value
                result.key_lines[name] = base.line_of(name)
    result.end_line = last
    return result, last

def plain(value: Any) -> Any:
    """The same data with plain dicts and lists (for dumping)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
