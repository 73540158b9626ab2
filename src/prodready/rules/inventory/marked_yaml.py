"""Load YAML keeping the line of every value, so validation errors can name file, line and key.

PyYAML is imported on first use: a warm re-scan, which loads no pack, never pays for it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class MarkedDocument:
    """Plain data of one YAML document plus the 1-based line of each key path."""

    data: Any
    lines: dict[Path, int]

    def line(self, path: Path) -> int:
        """Line of `path`, or of its nearest ancestor that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


class MarkedYAMLError(ValueError):
    """The text is not valid YAML; `line` is 1-based."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


def _record(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    import yaml

    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (str(key.value),)
            _record(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, path + (index,), lines)


@functools.cache
def _safe_loader() -> type:
    """libyaml's loader when the wheel has it (about 10x faster; the packs load on every scan)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_marked(text: str) -> MarkedDocument:
    """Parse one YAML document (safe types only) with the line of every key and item."""
    import yaml

    loader = _safe_loader()(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise MarkedYAMLError(line, f"invalid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise MarkedYAMLError(1, f"invalid YAML: {error}") from None
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    if node is not None:
        _record(node, (), lines)
    return MarkedDocument(data, lines)
