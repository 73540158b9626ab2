"""PR302 capability-licensing."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class CapabilityLicensing(Rule):
    """Enterprise licensing / feature flags are missing, or declared but never used.

    What it finds
    Project-level: whether the service verifies a license or evaluates feature flags.
    `present` when a flag client is created (OpenFeature, LaunchDarkly, Unleash, Flagsmith,
    GrowthBook, ConfigCat, Split), a django-waffle or django-flags flag is checked, a license
    verifier is called, `prodready_kit.licensing` is used, or a home-made flag table (a
    `FEATURE_FLAGS`-style settings dict of named flags, or a `FeatureFlag` model) is read inside
    a function, i.e. at request time (a table nothing reads is listed, not counted); `declared-not-wired` (medium) when such a package is in a
    manifest or imported but never used; `missing` (low) otherwise, listing what was searched.
    A product decision rather than a defect, so off by default: it runs with
    `profile = "enterprise"` in `[tool.prodready]` (or `--profile enterprise`), or when
    selected by id, slug or family.

    Why it matters
    An enterprise product that cannot switch features per customer or check entitlements ships
    every feature to everyone, and a license check that is never called protects nothing.

    Example
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/reports/export")
    async def export_reports():
        return {"rows": []}
    ```

    Use instead
    ```python
    from fastapi import Depends, FastAPI

    from prodready_kit.licensing import require_feature

    app = FastAPI()


    @app.get("/reports/export", dependencies=[Depends(require_feature("reports.export"))])
    async def export_reports():
        return {"rows": []}
    ```

    Fix
    No automatic fix. Issue Ed25519-signed license files with `prodready license` and gate
    features with `prodready_kit.licensing.require_feature`, or evaluate flags through an
    OpenFeature client (the kit's provider serves license entitlements as flags).
    """

    id = "PR302"
    slug = "capability-licensing"
    family = "capability"
    area = "licensing"
    profile = "enterprise"
    status = "missing"
    severity = Severity.LOW
    project_level = True
    message = "Enterprise licensing / feature flags not found"
    kit_replacement = "prodready_kit.licensing"
