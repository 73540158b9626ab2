"""How each finding status and severity is shown: report labels, display categories, CI levels."""

from __future__ import annotations

from dataclasses import dataclass

from prodready.model.findings import Finding, Severity


@dataclass(frozen=True)
class Category:
    """A group of statuses a reader filters by (fake, test, real, ...)."""

    id: str
    title: str
    attention: bool  # its findings go to the summary, recommendations and files lists
    noun: str  # singular, for sentences ("fake implementation")
    plural: str

    def count(self, number: int) -> str:
        """`number` and the noun, e.g. "2 fake implementations"."""
        return f"{number} {self.noun if number == 1 else self.plural}"


CATEGORIES: tuple[Category, ...] = (
    Category("fake", "Fake", True, "fake implementation", "fake implementations"),
    Category("test", "Test/development", True, "test/development feature", "test/development features"),
    Category("placeholder", "Placeholder", True, "placeholder", "placeholders"),
    Category("partial", "Partial", True, "partial implementation", "partial implementations"),
    Category("missing", "Not found", False, "area not found", "areas not found"),
    Category("unchecked", "Not checked", False, "area not checked (profile)", "areas not checked (profile)"),
    Category("real", "Real", False, "real implementation", "real implementations"),
    Category("config", "Configuration", True, "configuration finding", "configuration findings"),
    Category("other", "Other", True, "other finding", "other findings"),
)
CATEGORIES_BY_ID: dict[str, Category] = {category.id: category for category in CATEGORIES}


@dataclass(frozen=True)
class StatusStyle:
    """The reference report's wording for one status, and the category it belongs to."""

    label: str  # plain text, e.g. "FAKE IMPLEMENTATION"
    category: str
    emphasised: bool  # shown in bold, as the reference does for problems
    verb: str  # what the reader should do about it, for recommendations ("Fix", "Disable")


STATUS_STYLES: dict[str, StatusStyle] = {
    "fake": StatusStyle("FAKE IMPLEMENTATION", "fake", True, "Fix"),
    "body-only-failure": StatusStyle(
        "PARTIAL IMPLEMENTATION (failure only in the body, always HTTP 200)", "partial", True, "Fix"
    ),
    "static-liveness": StatusStyle(
        "Static liveness probe (claims nothing about dependencies)", "partial", False, "Review"
    ),
    "real": StatusStyle("Real implementation", "real", False, ""),
    "present": StatusStyle("Real implementation", "real", False, ""),
    "missing": StatusStyle("Not found", "missing", False, "Add"),
    "declared-not-wired": StatusStyle("DECLARED BUT NOT WIRED", "partial", True, "Wire up"),
    "exposed": StatusStyle("TEST/DEVELOPMENT FEATURE", "test", True, "Disable"),
    "gated": StatusStyle("TEST/DEVELOPMENT FEATURE (gated)", "test", False, "Review"),
    "unmounted": StatusStyle("TEST/DEVELOPMENT FEATURE (not mounted)", "test", False, "Remove"),
    "mount-unresolved": StatusStyle("TEST/DEVELOPMENT FEATURE (mount not resolved)", "test", True, "Review"),
    "enabled": StatusStyle("DEBUG MODE ENABLED", "test", True, "Turn off"),
    "placeholder": StatusStyle("PLACEHOLDER", "placeholder", True, "Complete"),
    "never-fails": StatusStyle("PROBE CAN NEVER FAIL", "fake", True, "Fix"),
    "restarts-on-dependency": StatusStyle("LIVENESS CHECKS DEPENDENCIES", "partial", True, "Fix"),
    "unrouted": StatusStyle("PROBE REACHES NO ROUTE", "config", True, "Fix"),
    "no-readiness-probe": StatusStyle("NO READINESS PROBE", "partial", True, "Add"),
    "wired": StatusStyle("Probe", "real", False, ""),
    "invalid": StatusStyle("INVALID SUPPRESSION", "config", False, "Fix"),
    "unused": StatusStyle("UNUSED SUPPRESSION", "config", False, "Remove"),
    "expired": StatusStyle("EXPIRED SUPPRESSION", "config", False, "Review"),
}


def status_style(status: str) -> StatusStyle:
    """The style of a status; unknown statuses (from newer rules) are shown as they are."""
    return STATUS_STYLES.get(status) or StatusStyle(status.upper() or "UNKNOWN", "other", True, "Review")


def category_of(finding: Finding) -> Category:
    """The display category of a finding."""
    return CATEGORIES_BY_ID[status_style(finding.status).category]


def markdown_status(finding: Finding, not_found: str = "") -> str:
    """The `**Status**:` value of the Markdown report (`not_found` completes "Not found - ...")."""
    style = status_style(finding.status)
    if style.category == "missing":
        return f"Not found - {not_found}" if not_found else "Not found"
    return f"**{style.label}**" if style.emphasised else style.label


# SARIF `level` and GitHub annotation command per severity.
SARIF_LEVELS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
    Severity.NONE: "none",
}
GITHUB_COMMANDS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}
# GitLab Code Quality severities.
GITLAB_SEVERITIES: dict[Severity, str] = {
    Severity.CRITICAL: "blocker",
    Severity.HIGH: "critical",
    Severity.MEDIUM: "major",
    Severity.LOW: "minor",
    Severity.INFO: "info",
}
# GitHub code scanning's `security-severity` score (critical > 9.0, high 7.0-8.9, ...).
SECURITY_SEVERITY: dict[Severity, str] = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
    Severity.NONE: "0.0",
}


# The rules whose findings are security issues, and the severity GitHub code scanning ranks each
# at (`security-severity`): an exposed dev route (critical when it mints credentials, so the rule
# ranks critical), debug mode on in production, a security check that always passes. Gated and
# unmounted dev routes are hygiene, not vulnerabilities.
SECURITY_RULES: dict[str, Severity] = {
    "PR201": Severity.CRITICAL,
    "PR204": Severity.HIGH,
    "PR403": Severity.HIGH,
}


def is_security(family: str, rule_id: str) -> bool:
    """True for findings CI tools should file as security issues."""
    return rule_id in SECURITY_RULES


def security_severity(rule_id: str) -> str:
    """The `security-severity` score of a security rule, "" for the others."""
    severity = SECURITY_RULES.get(rule_id)
    return SECURITY_SEVERITY[severity] if severity is not None else ""
