"""Classify a health handler from its summary: fake, body-only-failure, static-liveness, real."""

from __future__ import annotations

from dataclasses import dataclass

from prodready.rules.health.responses import DYNAMIC, Outcome
from prodready.rules.health.summary import HandlerSummary

FAKE, BODY_ONLY, STATIC, REAL = "fake", "body-only-failure", "static-liveness", "real"
FAILURE_CODE = 500


@dataclass(frozen=True)
class Verdict:
    """The class of one health handler and the evidence bullets behind it."""

    status: str
    details: tuple[str, ...]
    answer: str = ""  # the constant answer of a fake or static endpoint ('"healthy"')


def _failure_codes(outcomes: tuple[Outcome, ...]) -> list[str]:
    found = []
    for outcome in outcomes:
        codes = [c for c in outcome.codes if c >= FAILURE_CODE]
        if codes:
            found.append(str(codes[0]))
        elif outcome.code_dynamic:
            found.append("a computed status code")
    return list(dict.fromkeys(found))


def classify(summary: HandlerSummary, readiness: bool) -> Verdict:
    """The verdict for a handler (`readiness`: the route claims to report readiness)."""
    outcomes = summary.outcomes
    if any(o.kit for o in outcomes):
        return Verdict(REAL, ("Answers through prodready_kit.health readiness checks",))
    failures = _failure_codes(outcomes)
    if failures:
        return Verdict(REAL, tuple(f"Can answer HTTP {code} when a check fails" for code in failures))
    if summary.propagating_probe:
        return Verdict(REAL, (f"Errors from `{summary.propagating_probe}` surface as HTTP 500",))
    unknown = [o for o in outcomes if o.kind == "unknown"]
    if unknown:
        helper = next((o.helper for o in unknown if o.helper), "")
        return Verdict(REAL, (f"Status computed by `{helper}`" if helper else "Status computed at run time",))
    bodies = [o for o in outcomes if o.kind == "body"]
    by_key: dict[str, set[str]] = {}
    for status in (s for o in bodies for s in o.statuses):
        key, _, value = status.partition("=")
        by_key.setdefault(key, set()).add(value)
    fields = list(dict.fromkeys(f for o in bodies for f in o.fields))
    varies = any(DYNAMIC in values or len(values) > 1 for values in by_key.values()) or (
        not by_key and any(o.fields_dynamic for o in bodies))
    if varies:
        return Verdict(BODY_ONLY, (
            "Can report failure only in the response body: every path answers HTTP 200",
            "Probes and load balancers read the status code, not the body",
        ))
    main_key = next((k for k in ("status", "state", "health", "") if k in by_key), next(iter(by_key), None))
    constant = f'"{sorted(by_key[main_key])[0]}"' if main_key is not None else "the same answer"
    reasons = []
    if fields:
        reasons.append(f"Reports component state ({', '.join(fields[:5])}) but never fails on it")
    if summary.swallowed_probe:
        reasons.append(f"Catches and discards errors from `{summary.swallowed_probe}` before answering {constant}")
    elif summary.dependency_calls:
        reasons.append(f"Calls `{summary.dependency_calls[0]}` but ignores the outcome")
    if readiness:
        reasons.append("Readiness route that can never report not-ready")
    if reasons and summary.helpers:
        reasons.append(f"Status built in `{summary.helpers[0]}`")
    if reasons:
        return Verdict(FAKE, (
            f"Always returns {constant} status regardless of actual system health", *reasons,
            "No path returns a non-2xx status code",
        ), constant)
    detail = f"Constant answer ({constant}) that checks no dependency: right for liveness only"
    return Verdict(STATIC, (detail,), constant)
