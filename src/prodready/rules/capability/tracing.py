"""PR301 capability-tracing."""

from prodready.model.findings import Severity
from prodready.rules.base import Rule


class CapabilityTracing(Rule):
    """Distributed tracing is missing, or declared but never initialised.

    What it finds
    Project-level: whether the service sets up distributed tracing. `present` when a tracing
    library is imported and wired (an OpenTelemetry `TracerProvider` configured or
    `trace.set_tracer_provider` called, an instrumentor's `instrument()`/`instrument_app()`
    called, `prodready_kit.tracing.setup_tracing(...)`, ddtrace/Jaeger/Elastic APM/X-Ray
    initialised, `sentry_sdk.init(...)` given `traces_sample_rate`/`traces_sampler` (not only
    ever `traces_sample_rate=0`, `enable_tracing=False` or `None`: that traces nothing), a set-up
    helper imported from a wrapper library called (`neuro_logging.setup_sentry()`,
    `obs.init_telemetry()`: a `setup|init|configure|enable|install` +
    `tracing|tracer|telemetry|otel|sentry|apm` name; the service's own helpers count by what they
    call), an `instrument_*()` helper called where OpenTelemetry is imported, a tracing
    library's Django middleware in `MIDDLEWARE` (OpenCensus, django-opentracing,
    OpenTelemetry), or the service
    started by `opentelemetry-instrument`, `ddtrace-run` or `newrelic-admin run-program` in a
    Dockerfile `CMD`/`ENTRYPOINT`, a Procfile, a compose `command`, a Kubernetes
    `command`/`args` or a Cloud Foundry manifest's `command`, each such line evidence);
    `declared-not-wired`
    (medium) when a tracing package is in pyproject.toml, requirements*.txt, setup.cfg or
    Pipfile, or imported, but nothing initialises or launches it (a requirements file listing
    `opentelemetry-instrumentation-*` packages is never a launch); `missing` (low) otherwise,
    listing what was searched.

    Why it matters
    Without traces a slow or failing request across the API, Redis, the database and peer
    services cannot be followed: incidents are debugged from scattered logs. A tracing package
    that is installed but never initialised is worse: everyone believes traces exist.

    Example
    ```python
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/items")
    async def items():
        return []
    ```

    Use instead
    ```python
    from fastapi import FastAPI

    from prodready_kit.tracing import setup_tracing

    app = FastAPI()
    setup_tracing(app, service_name="items")


    @app.get("/items")
    async def items():
        return []
    ```

    Fix
    Unsafe (it adds runtime behaviour: spans exported to the OTLP endpoint). The codemod calls
    `prodready_kit.tracing.setup_tracing(app, service_name=...)` right after the app is created;
    install `prodready-kit[tracing]` and set the standard `OTEL_*` variables.
    """

    id = "PR301"
    slug = "capability-tracing"
    family = "capability"
    area = "tracing"
    status = "missing"
    severity = Severity.LOW
    project_level = True
    message = "Distributed tracing not found"
    fixable = True
    fix_safety = "unsafe"
    kit_replacement = "prodready_kit.tracing.setup_tracing"
