"""An OpenFeature provider serving the license's entitlements, plus configured overrides, as boolean flags."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from openfeature.evaluation_context import EvaluationContext
from openfeature.exception import ErrorCode
from openfeature.flag_evaluation import FlagResolutionDetails, Reason
from openfeature.provider import AbstractProvider, Metadata

from prodready_kit.licensing.active import ActiveLicense, default_license
from prodready_kit.licensing.verify import LicenseRejected

OVERRIDES_VARIABLE = "PRODREADY_FEATURE_OVERRIDES"
_TRUE, _FALSE = {"1", "true", "on", "yes"}, {"0", "false", "off", "no"}


def parse_overrides(text: str) -> dict[str, bool]:
    """`beta=on,legacy-export=off` -> {"beta": True, "legacy-export": False}."""
    overrides = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, value = item.partition("=")
        word = value.strip().lower()
        if not name.strip() or word not in _TRUE | _FALSE:
            raise ValueError(f"bad feature override {item!r}: expected name=on|off")
        overrides[name.strip()] = word in _TRUE
    return overrides


def overrides_from_env(variable: str = OVERRIDES_VARIABLE) -> dict[str, bool]:
    """Overrides from an environment variable (empty when unset)."""
    return parse_overrides(os.environ.get(variable, ""))


class LicenseFlagProvider(AbstractProvider):
    """Boolean flag = the feature is an entitlement of the valid license; overrides win."""

    def __init__(self, license: ActiveLicense | None = None, overrides: Mapping[str, bool] | None = None) -> None:
        super().__init__()
        self._license = license
        self._overrides = dict(overrides or {})

    def get_metadata(self) -> Metadata:
        """Provider name shown by OpenFeature."""
        return Metadata(name="prodready-license")

    def resolve_boolean_details(self, flag_key: str, default_value: bool,
                                evaluation_context: EvaluationContext | None = None) -> FlagResolutionDetails[bool]:
        """Override first, then the license's entitlements; an invalid license turns every flag off."""
        if flag_key in self._overrides:
            value = self._overrides[flag_key]
            return FlagResolutionDetails(value=value, reason=Reason.STATIC, variant=_variant(value),
                                         flag_metadata={"source": "override"})
        active = self._license or default_license()
        if active is None:
            return FlagResolutionDetails(value=False, reason=Reason.DISABLED, variant="off",
                                         flag_metadata={"source": "no-license"})
        try:
            verified = active.current()
        except LicenseRejected as rejected:
            return FlagResolutionDetails(value=False, reason=Reason.DISABLED, variant="off",
                                         flag_metadata={"source": "license", "rejected": rejected.reason.value})
        value = verified.entitled(flag_key)
        return FlagResolutionDetails(value=value, reason=Reason.STATIC, variant=_variant(value),
                                     flag_metadata={"source": "license", "license_id": verified.license.license_id})

    def resolve_string_details(self, flag_key: str, default_value: str,
                               evaluation_context: EvaluationContext | None = None) -> FlagResolutionDetails[str]:
        """Only boolean flags exist here."""
        return _type_mismatch(default_value)

    def resolve_integer_details(self, flag_key: str, default_value: int,
                                evaluation_context: EvaluationContext | None = None) -> FlagResolutionDetails[int]:
        """Only boolean flags exist here."""
        return _type_mismatch(default_value)

    def resolve_float_details(self, flag_key: str, default_value: float,
                              evaluation_context: EvaluationContext | None = None) -> FlagResolutionDetails[float]:
        """Only boolean flags exist here."""
        return _type_mismatch(default_value)

    def resolve_object_details(self, flag_key: str, default_value: Sequence[Any] | Mapping[str, Any],
                               evaluation_context: EvaluationContext | None = None) -> FlagResolutionDetails[Any]:
        """Only boolean flags exist here."""
        return _type_mismatch(default_value)


def _variant(value: bool) -> str:
    return "on" if value else "off"


def _type_mismatch(default_value: Any) -> FlagResolutionDetails[Any]:
    return FlagResolutionDetails(value=default_value, reason=Reason.ERROR, error_code=ErrorCode.TYPE_MISMATCH,
                                 error_message="license flags are boolean")
