"""OpenTelemetry wired for logs or metrics only is not tracing: its imports and packages then say
nothing about PR301."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Mapping

from prodready.rules.capability.signals import Signals
from prodready.rules.inventory.vocabulary import Vocabulary

OTEL = "opentelemetry"
OTEL_PACKAGES = "opentelemetry-*"
OTHER_SIGNALS = re.compile(
    r"^opentelemetry\.(_logs|sdk\._logs|metrics|sdk\.metrics|sdk\.resources|instrumentation\.logging"
    r"|exporter\.[\w.]*(_log_exporter|metric_exporter))(\.|$)")


def other_signals_only(vocabularies: Mapping[str, Vocabulary]) -> tuple[str, int] | None:
    """The first OpenTelemetry import when every one of them is of logs or metrics, else None."""
    found = [(name, path, lines[0]) for path in sorted(vocabularies)
             for name, lines in vocabularies[path].imports.items()
             if lines and (name == OTEL or name.startswith(OTEL + "."))]
    if not found or not all(OTHER_SIGNALS.match(name) for name, _, _ in found):
        return None
    _, path, line = min(found, key=lambda item: (item[1], item[2]))
    return path, line


def without_opentelemetry(signals: Signals) -> Signals:
    """The tracing signals without OpenTelemetry's imports and packages."""
    return replace(signals, libraries=tuple(l for l in signals.libraries if l != OTEL),
                   packages=tuple(p for p in signals.packages if p != OTEL_PACKAGES))
