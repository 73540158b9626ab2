"""The collector protocol: per-file analysis that the engine runs and the analysis layer implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Mapping

from prodready.model.project import ParsedSource


class Collector(ABC):
    """Per-file analysis run in worker processes; its facts must be picklable and deterministic."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()  # collectors whose facts of the same file `collect` reads
    # True: not run on every file, only on those a family asks about (ProjectModel.facts_at)
    on_demand: ClassVar[bool] = False
    registry: ClassVar[dict[str, "Collector"]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            Collector.registry[cls.name] = cls()

    @abstractmethod
    def collect(self, source: ParsedSource, earlier: Mapping[str, Any]) -> Any:
        """Facts about one file, or None when the file holds nothing of interest; `earlier` holds
        the facts of the `requires` collectors for the same file (a failed one is missing)."""
