"""The `suppressions` collector: every `# prodready: ignore[...]` comment of a file."""

from __future__ import annotations

from typing import Any, Mapping

from prodready.model.collector import Collector
from prodready.model.project import ParsedSource
from prodready.rules.meta.comments import COLLECTOR_NAME, SuppressionComment, parse_suppression_comments


class SuppressionCollector(Collector):
    """Reads suppression comments with tokenize; None for files without any."""

    name = COLLECTOR_NAME

    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> tuple[SuppressionComment, ...] | None:
        """The file's suppression comments, or None when it has none."""
        return parse_suppression_comments(source.text) or None
