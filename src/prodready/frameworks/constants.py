"""Module-level string constants that may be URL paths or prefixes, per file: what an imported
`API_PREFIX` or `LIVENESS_ROUTE` holds when a route's path or a mount's prefix names it."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any, Mapping

from prodready.frameworks.dynamic import string_value
from prodready.model.collector import Collector
from prodready.model.project import ParsedSource

MAX_CONSTANT = 1000  # longer strings are not paths (and `X += X` lines must not grow without bound)
#: Names that say a constant is part of a URL even when its value has no slash (`API_VERSION = "v1"`).
_PATH_NAME = re.compile(r"PREFIX|ROUTE|PATH|URL|API|VERSION|ENDPOINT|BASE|ROOT|MOUNT", re.IGNORECASE)


@dataclass(frozen=True)
class FileConstants:
    """The path-like module-level string constants of one file, by name."""

    values: tuple[tuple[str, str], ...]


def module_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level string constants, in order: `NAME = "..."` and the strings built from earlier ones
    (`BASE + "/x"`, f-strings, `"/api/{}".format(VERSION)`, `+=`); a later binding to anything else
    forgets the name."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            value = string_value(ast.BinOp(node.target, node.op, node.value), {}, found)
            targets: list[ast.expr] = [node.target]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = string_value(node.value, {}, found)
        else:
            continue
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        for name in names:
            found.pop(name, None)
        if value is not None and len(value) <= MAX_CONSTANT and len(names) == len(targets) == 1:
            found[names[0]] = value
    return found


def path_like(name: str, value: str) -> bool:
    """True for a constant that may be a path or a piece of one."""
    return "\n" not in value and (value.startswith("/") or (_PATH_NAME.search(name) is not None and " " not in value))


class PathConstantsCollector(Collector):
    """Per file: its path-like module-level string constants (none: no facts)."""

    name = "path-constants"

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> FileConstants | None:
        """The path-like constants of one parsed file, or None when it has none."""
        found = sorted((n, v) for n, v in module_constants(source.tree).items() if path_like(n, v))
        return FileConstants(tuple(found)) if found else None
