"""Rule metadata and rule families, and the registries that find them.

A *rule* is documentation plus identity: a `Rule` subclass whose docstring has the fixed sections
What it finds / Why it matters / Example / Use instead / Fix, and whose class attributes give its
id, slug, family, status (the class it reports), severity and fix safety. `prodready explain`,
`prodready rules`, the SARIF driver and the example tests all read the registry below.

The work is done by *collectors* (`prodready.model.collector`: per file, in worker processes,
returning picklable facts cached by content hash) and *families* (once per project, on the
linked `ProjectModel`, yielding `Finding`s for their rules). Rules never read files or print.
"""

from __future__ import annotations

import inspect
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable

from prodready.model.findings import Confidence, Finding, Location, Severity
from prodready.model.project import ProjectModel

SECTION_NAMES = ("What it finds", "Why it matters", "Example", "Use instead", "Fix")
_SECTION = re.compile(r"^(%s)\s*$" % "|".join(re.escape(s) for s in SECTION_NAMES), re.M)
_FILE_BLOCK = re.compile(r"^`([^`\n]+)`:?[ \t]*\n```\w*\n(.*?)```", re.S | re.M)  # `k8s/app.yaml` then a block


@dataclass(frozen=True)
class RuleDoc:
    """The parsed sections of a rule's docstring."""

    summary: str
    what: str
    why: str
    example: str
    use_instead: str
    fix: str

    @property
    def bad_code(self) -> str:
        """The first code block of the Example section: a module that must trigger the rule."""
        return _first_python(self.example)

    @property
    def good_code(self) -> str:
        """The first code block of the Use instead section: a module that must not trigger it."""
        return _first_python(self.use_instead)

    @property
    def bad_files(self) -> dict[str, str]:
        """{path: text} of the Example's blocks headed by a `path` line (multi-file examples)."""
        return dict(_FILE_BLOCK.findall(self.example))

    @property
    def good_files(self) -> dict[str, str]:
        """{path: text} of the Use instead section's blocks headed by a `path` line."""
        return dict(_FILE_BLOCK.findall(self.use_instead))


def _first_python(section: str) -> str:
    """The first code block of a section that is Python (unlabelled or ```python)."""
    blocks = re.finditer(r"```(\w*)\n(.*?)```", section, re.S)
    return next((m.group(2) for m in blocks if m.group(1) in ("", "python")), "")


class Rule:
    """Base class of every rule; subclasses register themselves by id."""

    id: ClassVar[str]  # short code, e.g. "PR101"
    slug: ClassVar[str]  # readable name, e.g. "health-fake"
    family: ClassVar[str]  # health, exposure, capability, inventory, config
    status: ClassVar[str]  # the class it reports: fake, exposed, missing, ...
    severity: ClassVar[Severity]
    confidence: ClassVar[Confidence] = Confidence.HIGH  # the usual confidence of its findings
    project_level: ClassVar[bool] = False  # about the whole project, located at its first app
    message: ClassVar[str] = ""  # default message template
    fixable: ClassVar[bool] = False
    fix_safety: ClassVar[str] = ""  # "safe" or "unsafe" when fixable
    kit_replacement: ClassVar[str] = ""  # e.g. "prodready_kit.health.HealthRegistry"
    example_path: ClassVar[str] = "app.py"  # file name the examples are scanned as
    profile: ClassVar[str] = "default"  # the lowest profile that runs it (model.config.PROFILES)
    area: ClassVar[str] = ""  # the report area a project-level rule speaks for ("" = per finding)

    registry: ClassVar[dict[str, type["Rule"]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "id" in cls.__dict__:
            if cls.id in Rule.registry:
                raise ValueError(f"duplicate rule id {cls.id}")
            Rule.registry[cls.id] = cls

    @classmethod
    def doc(cls) -> RuleDoc:
        """Parse the docstring into its fixed sections."""
        text = inspect.cleandoc(cls.__doc__ or "")
        parts = _SECTION.split(text)
        summary = parts[0].strip()
        sections = {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}
        return RuleDoc(
            summary=summary,
            what=sections.get("What it finds", ""),
            why=sections.get("Why it matters", ""),
            example=sections.get("Example", ""),
            use_instead=sections.get("Use instead", ""),
            fix=sections.get("Fix", ""),
        )

    @classmethod
    def finding(
        cls,
        location: Location,
        message: str | None = None,
        *,
        severity: Severity | None = None,
        status: str | None = None,
        confidence: Confidence | None = None,
        **fields: Any,
    ) -> Finding:
        """Build a Finding of this rule; `severity`/`status`/`confidence` override the defaults
        (token minting, a capability that is present or declared but not wired, a route that is a
        dev route by one word of its path)."""
        return Finding(
            rule_id=cls.id,
            slug=cls.slug,
            family=cls.family,
            status=cls.status if status is None else status,
            severity=cls.severity if severity is None else severity,
            message=message if message is not None else cls.message,
            location=location,
            confidence=cls.confidence if confidence is None else confidence,
            **fields,
        )


def rule_by_key(key: str) -> type[Rule] | None:
    """Look a rule up by id or slug (case-insensitive)."""
    key = key.strip()
    for rule in Rule.registry.values():
        if key.upper() == rule.id.upper() or key.lower() == rule.slug.lower():
            return rule
    return None


class RuleFamily(ABC):
    """Project-level checking of one family; yields findings of its registered rules."""

    name: ClassVar[str]
    registry: ClassVar[dict[str, "RuleFamily"]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            RuleFamily.registry[cls.name] = cls()

    @abstractmethod
    def check(self, project: ProjectModel, config: Any) -> Iterable[Finding]:
        """Findings for the whole project (config is a prodready.model.config.Config)."""
