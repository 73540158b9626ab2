"""Suppression comments as written: every `# prodready: ignore[rule-id] reason` of a Python source
or of a deployment file (YAML manifests, Dockerfiles, Procfiles).

Python is read with tokenize, so strings that look like comments are not comments; deployment files
line by line, a comment being a `#` at the start of a line or after whitespace (as YAML and
Dockerfiles have it). What the comments do to findings is `prodready.pipeline.suppressions`.
"""

from __future__ import annotations

import dataclasses
import io
import re
import tokenize
from dataclasses import dataclass
from datetime import date

COLLECTOR_NAME = "suppressions"
_MARKER = "prodready:"
_COMMENT = re.compile(r"prodready:\s*ignore\b(?:\[(?P<rules>[^\]]*)\])?(?P<rest>.*)$")
_HASH_COMMENT = re.compile(r"(?:^|\s)(#.*)$")
_UNTIL = re.compile(r"(?:^|\s)until=(?P<date>\S*)")


@dataclass(frozen=True)
class SuppressionComment:
    """One `# prodready: ignore[...]` comment as written in a file."""

    line: int
    column: int
    rules: tuple[str, ...]
    reason: str
    until: str = ""  # ISO date as written, "" when absent
    problem: str = ""  # why the comment is invalid (it then suppresses nothing)
    source_line: str = ""  # the physical line holding the comment (the findings' snippet)

    def expiry(self) -> date | None:
        """The parsed `until=` date (None when absent or invalid)."""
        try:
            return date.fromisoformat(self.until) if self.until else None
        except ValueError:
            return None

    def covers(self, line: int) -> bool:
        """True when a finding starting on `line` is within this comment's reach."""
        return line in (self.line, self.line + 1)


def parse_suppression_comments(text: str) -> tuple[SuppressionComment, ...]:
    """Every prodready suppression comment of a Python source, found with tokenize."""
    if _MARKER not in text:
        return ()
    comments = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and _MARKER in token.string:
                comment = parse_comment(token.string, token.start[0], token.start[1] + 1)
                if comment is not None:
                    comments.append(dataclasses.replace(comment, source_line=token.line.rstrip("\r\n")))
    except (tokenize.TokenError, SyntaxError):
        pass  # the comments before the error are kept; the parser reports the file
    return tuple(comments)


def parse_hash_comments(text: str) -> tuple[SuppressionComment, ...]:
    """Every prodready suppression comment of a `#`-commented file (YAML, Dockerfile, Procfile)."""
    if _MARKER not in text:
        return ()
    comments = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _HASH_COMMENT.search(line) if _MARKER in line else None
        comment = parse_comment(match.group(1), number, match.start(1) + 1) if match else None
        if comment is not None:
            comments.append(dataclasses.replace(comment, source_line=line))
    return tuple(comments)


def parse_comment(text: str, line: int, column: int) -> SuppressionComment | None:
    """Parse one comment token; None when it is not a prodready suppression."""
    match = _COMMENT.search(text)
    if match is None:
        return None
    rules = tuple(r.strip() for r in (match.group("rules") or "").split(",") if r.strip())
    rest = match.group("rest")
    until = ""
    until_match = _UNTIL.search(rest)
    if until_match:
        until = until_match.group("date")
        rest = rest[: until_match.start()] + " " + rest[until_match.end() :]
    reason = rest.strip().lstrip(":-–—").strip()
    comment = SuppressionComment(line, column, rules, reason, until)
    problem = ""
    if not rules:
        problem = "names no rule: write `# prodready: ignore[RULE-ID] reason`"
    elif until and comment.expiry() is None:
        problem = f"until={until} is not a date (write until=YYYY-MM-DD)"
    return dataclasses.replace(comment, problem=problem)
