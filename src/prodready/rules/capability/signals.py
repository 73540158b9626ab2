"""What each capability rule searches: libraries, packages and the calls that wire them up."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Wiring:
    """A call (matched on its resolved dotted name) that initialises a capability.

    Searched in files importing one of the capability's libraries (with `libraries`: one of
    those); with a `hint`, in every file whose calls contain the hint.
    """

    label: str
    pattern: re.Pattern[str]
    libraries: tuple[str, ...] = ()
    hint: str = ""  # set for home-made wiring searched in every file: a substring it needs ("a|b": one of them)
    keywords: frozenset[str] = frozenset()  # one of these names must be in the file too (a keyword argument)
    library_only: bool = False  # the call must be of a function imported from outside the project


@dataclass(frozen=True)
class Signals:
    """How one capability shows in code (imports, wiring calls) and in manifests (packages)."""

    libraries: tuple[str, ...]  # import prefixes ("opentelemetry", "prodready_kit.tracing")
    packages: tuple[str, ...]  # normalised distribution names; a trailing "*" matches a prefix
    kit_extra: str  # prodready-kit[...] extra that provides the kit replacement
    wiring: tuple[Wiring, ...]
    launchers: tuple[str, ...] = ()  # commands in manifests that wire it from outside the code
    settings: tuple[Wiring, ...] = ()  # configuration that wires it (`MIDDLEWARE=...OpencensusMiddleware`),
    # matched on the settings words of the inventory vocabulary (`KEY=value`)
    not_wired: str = ""  # what is missing when declared but not wired



def _wiring(label: str, pattern: str, *libraries: str, hint: str = "", keywords: tuple[str, ...] = (),
            library_only: bool = False) -> Wiring:
    return Wiring(label, re.compile(pattern, re.MULTILINE), libraries, hint, frozenset(keywords), library_only)


TRACING = Signals(
    libraries=("opentelemetry", "jaeger_client", "ddtrace", "opencensus", "py_zipkin", "elasticapm",
               "aws_xray_sdk", "beeline", "newrelic", "prodready_kit.tracing"),
    packages=("opentelemetry-*", "jaeger-client", "ddtrace", "opencensus*", "py-zipkin", "elastic-apm",
              "aws-xray-sdk", "honeycomb-beeline", "newrelic"),
    kit_extra="tracing",
    wiring=(
        _wiring("TracerProvider", r"(^|\.)TracerProvider$", "opentelemetry"),
        _wiring("trace.set_tracer_provider", r"set_tracer_provider$", "opentelemetry"),
        _wiring("an instrumentor's instrument()/instrument_app()", r"Instrumentor(\(\))?\.(instrument|instrument_app)$",
                "opentelemetry"),
        _wiring("configure_azure_monitor", r"configure_azure_monitor$", "azure"),
        _wiring("jaeger_client Config.initialize_tracer", r"initialize_tracer$", "jaeger_client"),
        _wiring("ddtrace.patch/patch_all", r"^ddtrace\.patch(_all)?$"),
        _wiring("ddtrace tracer.configure", r"^ddtrace\.tracer\.configure$"),
        _wiring("opencensus Tracer", r"^opencensus\..*Tracer$"),
        _wiring("elasticapm Client/instrument", r"^elasticapm\.(Client|instrument)$"),
        _wiring("xray_recorder.configure", r"xray_recorder\.configure$", "aws_xray_sdk"),
        _wiring("beeline.init", r"^beeline\.init$"),
        _wiring("newrelic.agent.initialize", r"^newrelic\.agent\.initialize$"),
        _wiring("prodready_kit.tracing.setup_tracing", r"^prodready_kit\.tracing\.setup_tracing$"),
        _wiring("sentry_sdk.init with traces_sample_rate/traces_sampler", r"^sentry_sdk\.init$", hint="sentry_sdk",
                keywords=("traces_sample_rate", "traces_sampler", "enable_tracing")),
        # a wrapper library's start-up helper (neuro_logging.setup_sentry); the project's own helpers
        # are judged by what they call in their own module
        _wiring("a tracing library's set-up helper (setup_sentry, init_tracing, ...)",
                r"^(?!prodready_kit\.)(.*[._])?(setup|init|initiali[sz]e|configure|enable|install)"
                r"_(tracing|tracer|telemetry|otel|opentelemetry|sentry|apm)$",
                hint="tracing|tracer|telemetry|otel|sentry|apm", library_only=True),
        _wiring("an OpenTelemetry instrument_*() helper", r"(^|[._])instrument_(?!app$)\w+$", "opentelemetry"),
    ),
    launchers=("opentelemetry-instrument", "ddtrace-run", "newrelic-admin run-program"),
    settings=(  # a tracing library's Django middleware opens a span for every request
        _wiring("OpenCensus Django middleware", r"^\w*MIDDLEWARE\w*=opencensus\.ext\.django\.middleware\.\w+$"),
        _wiring("django-opentracing middleware", r"^\w*MIDDLEWARE\w*=django_opentracing\.\w+$"),
        _wiring("OpenTelemetry Django middleware", r"^\w*MIDDLEWARE\w*=opentelemetry\.instrumentation\.django\.\w+"),
    ),
    not_wired="no TracerProvider is configured and no instrumentor is called, so no span is exported",
)

LICENSING = Signals(
    libraries=("openfeature", "ldclient", "UnleashClient", "flagsmith", "growthbook", "configcatclient",
               "splitio", "waffle", "flags", "licensing", "prodready_kit.licensing"),
    packages=("openfeature-sdk", "launchdarkly-server-sdk", "unleashclient", "flagsmith", "growthbook",
              "configcat-client", "splitio-client", "django-waffle", "django-flags", "licensing"),
    kit_extra="licensing",
    wiring=(
        _wiring("OpenFeature client/provider", r"^openfeature\.api\.(get_client|set_provider)$"),
        _wiring("LaunchDarkly client", r"^ldclient\.(set_config|get)$|(^|\.)LDClient$", "ldclient"),
        _wiring("Unleash client", r"(^|\.)UnleashClient$", "UnleashClient"),
        _wiring("Flagsmith client", r"(^|\.)Flagsmith$", "flagsmith"),
        _wiring("GrowthBook client", r"(^|\.)GrowthBook$", "growthbook"),
        _wiring("ConfigCat client", r"^configcatclient\.(get|create_client\w*)$"),
        _wiring("Split factory", r"^splitio\.get_factory$"),
        _wiring("django-waffle flag check", r"^waffle\.(flag|switch|sample)_is_active$"),
        _wiring("django-flags flag check", r"^flags\.state\.(flag_enabled|flag_disabled|flag_state)$"),
        _wiring("Cryptolens key activation", r"^licensing\.methods\.Key\.activate$"),
        _wiring("prodready_kit.licensing", r"^prodready_kit\.licensing\."),
        _wiring("a license verifier",
                r"[Ll]icen[cs]e_?([Vv]erifier|[Vv]alidator|[Cc]hecker)$|(verify|validate|check)_licen[cs]e$",
                hint="icen"),
    ),
    not_wired="no feature-flag client is created and no license is verified",
)

CLUSTERING = Signals(
    libraries=("kazoo", "etcd3", "etcd", "redis_lock", "pottery", "redlock", "aioredlock", "pysyncobj",
               "raftos", "tooz", "sherlock", "prodready_kit.cluster"),
    packages=("kazoo", "etcd3", "python-etcd", "python-redis-lock", "pottery", "redlock-py", "aioredlock",
              "pysyncobj", "raftos", "tooz", "sherlock"),
    kit_extra="cluster",
    wiring=(
        _wiring("ZooKeeper client (kazoo)", r"(^|\.)KazooClient$", "kazoo"),
        _wiring("kazoo Election/Lock", r"\.(Election|Lock|Semaphore|Party|ShallowParty)$", "kazoo"),
        _wiring("etcd3 client/lock", r"^etcd3\.client$|\.lock$", "etcd3"),
        _wiring("python-redis-lock Lock", r"^redis_lock\.Lock$"),
        _wiring("Redis lock", r"^redis(\.asyncio)?\.lock\.Lock$|\.lock$", "redis"),
        _wiring("Redlock", r"(^|\.)Redlock$", "pottery", "redlock"),
        _wiring("Aioredlock", r"(^|\.)Aioredlock$", "aioredlock"),
        _wiring("PySyncObj", r"(^|\.)SyncObj$", "pysyncobj"),
        _wiring("raftos", r"^raftos\.(configure|register)$"),
        _wiring("tooz coordinator", r"^tooz\.coordination\.get_coordinator$"),
        _wiring("sherlock lock", r"^sherlock\.\w*Lock$"),
        _wiring("prodready_kit.cluster", r"^prodready_kit\.cluster\."),
    ),
    not_wired="no leader election, distributed lock or consensus is set up",
)
