"""`require_feature("name")`: a decorator and a FastAPI dependency that refuse unlicensed features."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from prodready_kit.licensing.active import ActiveLicense, default_license
from prodready_kit.licensing.verify import LicenseRejected

F = TypeVar("F", bound=Callable[..., Any])


class FeatureNotEntitled(PermissionError):
    """The running license does not grant a feature (or no valid license is installed)."""

    def __init__(self, feature: str, why: str) -> None:
        super().__init__(f"feature {feature!r} is not licensed: {why}")
        self.feature = feature


class FeatureRequirement:
    """Call with a function to decorate it; FastAPI calls it with no arguments as a dependency."""

    #: FastAPI reads this: the dependency takes no parameters.
    __signature__ = inspect.Signature()

    def __init__(self, feature: str, license: ActiveLicense | None = None) -> None:
        self.feature = feature
        self._license = license

    def check(self) -> None:
        """Return quietly when the feature is licensed, else raise FeatureNotEntitled."""
        active = self._license or default_license()
        if active is None:
            raise FeatureNotEntitled(self.feature, "no license installed (see use_license)")
        try:
            verified = active.current()
        except LicenseRejected as rejected:
            raise FeatureNotEntitled(self.feature, rejected.message) from None
        if not verified.entitled(self.feature):
            raise FeatureNotEntitled(self.feature, f"license {verified.license.license_id} does not include it")

    def __call__(self, function: F | None = None) -> Any:
        if function is None:
            return self._as_dependency()
        return self._decorate(function)

    def _as_dependency(self) -> None:
        try:
            self.check()
        except FeatureNotEntitled as refused:
            from fastapi import HTTPException

            raise HTTPException(status_code=403, detail=str(refused)) from None

    def _decorate(self, function: F) -> F:
        if inspect.iscoroutinefunction(function):
            @functools.wraps(function)
            async def guarded_async(*args: Any, **kwargs: Any) -> Any:
                self.check()
                return await function(*args, **kwargs)

            return guarded_async  # type: ignore[return-value]

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.check()
            return function(*args, **kwargs)

        return guarded  # type: ignore[return-value]


def require_feature(feature: str, *, license: ActiveLicense | None = None) -> FeatureRequirement:
    """Guard code behind a licensed feature: `@require_feature("x")` or `Depends(require_feature("x"))`."""
    return FeatureRequirement(feature, license)
