"""OpenTelemetry bootstrap: resource, OTLP/HTTP export, W3C propagation, library instrumentation.

`setup_tracing(app, service_name="shop")` right after the application object is created is all
a service needs. Export is configured by the standard OTEL_* variables (endpoint, headers,
timeouts, batch sizes, sampler). OpenTelemetry's global tracer provider can be set only once
per process, so the provider is set once; its export pipeline (batch processor, exporter and
their HTTP connections) belongs to one process and is rebuilt in every forked child (gunicorn
workers with preload, multiprocessing), never inherited from the parent.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

logger = logging.getLogger(__name__)

#: Paths never traced unless `excluded_urls` or OTEL_PYTHON_EXCLUDED_URLS says otherwise:
#: probes and scrapes would drown real traffic. Each is a regex searched in the request URL
#: (`scheme://host/path`, or a bare path), anchored to the start of the path, so the kit's own
#: /health/startup is dropped but /api/orders/42/ready and /api/v1/metrics are traced.
PROBE_PATHS: tuple[str, ...] = ("health", "healthz", "ready", "readyz", "live", "livez", "metrics",
                                "health/live", "health/ready", "health/startup")
DEFAULT_EXCLUDED_URLS: tuple[str, ...] = tuple(
    rf"^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)?/{path}/?(?:\?|$)" for path in PROBE_PATHS
)

#: (instrumentation module, instrumentor class, library it instruments)
LIBRARY_INSTRUMENTORS: tuple[tuple[str, str, str], ...] = (
    ("opentelemetry.instrumentation.requests", "RequestsInstrumentor", "requests"),
    ("opentelemetry.instrumentation.httpx", "HTTPXClientInstrumentor", "httpx"),
    ("opentelemetry.instrumentation.redis", "RedisInstrumentor", "redis"),
    ("opentelemetry.instrumentation.sqlalchemy", "SQLAlchemyInstrumentor", "sqlalchemy"),
    ("opentelemetry.instrumentation.flask", "FlaskInstrumentor", "flask"),
)

_lock = threading.Lock()
_provider: TracerProvider | None = None
_warned_missing = False


def _fresh_lock_in_child() -> None:
    """A fork while another thread held the lock must not leave the child deadlocked."""
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_fresh_lock_in_child)


def setup_tracing(
    app: Any = None,
    *,
    service_name: str | None = None,
    excluded_urls: str | Iterable[str] | None = None,
) -> TracerProvider | None:
    """Configure tracing once per process and instrument `app`; None when OpenTelemetry is absent."""
    global _provider
    if not _opentelemetry_available():
        _warn_missing_once()
        return None
    with _lock:
        if _provider is None:
            _provider = _install_provider(service_name)
            _install_propagators()
            _instrument_libraries(excluded_urls)
        provider = _provider
    if app is not None:
        _instrument_app(app, provider, excluded_urls)
    return provider


def _opentelemetry_available() -> bool:
    """True when the SDK and the OTLP/HTTP exporter can be imported."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("opentelemetry", "opentelemetry.sdk", "opentelemetry.exporter.otlp.proto.http")
    )


def _warn_missing_once() -> None:
    """One clear warning per process that tracing is off and how to turn it on."""
    global _warned_missing
    if not _warned_missing:
        _warned_missing = True
        logger.warning(
            "tracing disabled: OpenTelemetry is not installed (install prodready's tracing extra)"
        )


def _resolve_exclusions(excluded_urls: str | Iterable[str] | None, framework: str) -> str | None:
    """Comma-joined regexes; None lets the instrumentor read OTEL_PYTHON_[<FRAMEWORK>_]EXCLUDED_URLS."""
    if excluded_urls is None:
        if {f"OTEL_PYTHON_{framework.upper()}_EXCLUDED_URLS", "OTEL_PYTHON_EXCLUDED_URLS"} & set(os.environ):
            return None
        excluded_urls = DEFAULT_EXCLUDED_URLS
    if isinstance(excluded_urls, str):
        return excluded_urls
    return ",".join(excluded_urls)


def _install_provider(service_name: str | None) -> TracerProvider:
    """Create the SDK provider with a per-process export pipeline and make it the global one."""
    from opentelemetry import trace
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider

    attributes = {}
    if service_name and not os.environ.get("OTEL_SERVICE_NAME"):
        attributes[SERVICE_NAME] = service_name
    provider = TracerProvider(resource=Resource.create(attributes))
    provider.add_span_processor(_per_process_processor())
    trace.set_tracer_provider(provider)
    return provider


def _install_propagators() -> None:
    """W3C trace-context and baggage, unless OTEL_PROPAGATORS chose otherwise."""
    if os.environ.get("OTEL_PROPAGATORS"):
        return
    from opentelemetry.baggage.propagation import W3CBaggagePropagator
    from opentelemetry.propagate import set_global_textmap
    from opentelemetry.propagators.composite import CompositePropagator
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    set_global_textmap(CompositePropagator([TraceContextTextMapPropagator(), W3CBaggagePropagator()]))


def _new_exporter() -> Any | None:
    """The exporter OTEL_TRACES_EXPORTER names: otlp (default, over HTTP), console or none."""
    choice = os.environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower()
    if choice == "none":
        return None
    if choice == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    if choice != "otlp":
        logger.warning("OTEL_TRACES_EXPORTER=%s is not supported here; using otlp", choice)
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def _per_process_processor() -> Any:
    """A span processor that builds its batch processor and exporter in the process using it."""
    from opentelemetry.sdk.trace import SpanProcessor
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    class PerProcessSpanProcessor(SpanProcessor):
        """Delegates to a BatchSpanProcessor owned by the current process, created on first use."""

        def __init__(self) -> None:
            self._lock = threading.Lock()
            self._delegate: SpanProcessor | None = None
            self._built = False
            os.register_at_fork(after_in_child=self._drop_inherited)

        def _drop_inherited(self) -> None:
            """In a forked child: forget the parent's pipeline (its thread and sockets are not ours)."""
            self._lock = threading.Lock()
            self._delegate = None
            self._built = False

        def _current(self) -> SpanProcessor | None:
            if not self._built:
                with self._lock:
                    if not self._built:
                        exporter = _new_exporter()
                        self._delegate = BatchSpanProcessor(exporter) if exporter else None
                        self._built = True
            return self._delegate

        def on_start(self, span: Any, parent_context: Any = None) -> None:
            delegate = self._current()
            if delegate is not None:
                delegate.on_start(span, parent_context=parent_context)

        def on_end(self, span: Any) -> None:
            delegate = self._current()
            if delegate is not None:
                delegate.on_end(span)

        def shutdown(self) -> None:
            if self._delegate is not None:
                self._delegate.shutdown()

        def force_flush(self, timeout_millis: int = 30000) -> bool:
            return self._delegate.force_flush(timeout_millis) if self._delegate is not None else True

    return PerProcessSpanProcessor()


def _instrument_libraries(excluded_urls: str | Iterable[str] | None) -> None:
    """Instrument every supported library whose instrumentation package is installed."""
    for module_name, class_name, library in LIBRARY_INSTRUMENTORS:
        instrumentor = _instrumentor(module_name, class_name, library)
        if instrumentor is None or instrumentor.is_instrumented_by_opentelemetry:
            continue
        options = {"excluded_urls": _resolve_exclusions(excluded_urls, "flask")} if library == "flask" else {}
        try:
            instrumentor.instrument(**options)
        except Exception:  # an instrumentor failing must not take the service down
            logger.exception("could not instrument %s", library)
    _instrument_django(excluded_urls)


def _instrumentor(module_name: str, class_name: str, library: str) -> Any | None:
    """An instrumentor instance when both it and its library are importable, else None."""
    if importlib.util.find_spec(library) is None:
        return None
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, class_name)()


def _instrument_django(excluded_urls: str | Iterable[str] | None) -> None:
    """Django is instrumented only when its settings are configured (call before get_*_application)."""
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        return
    instrumentor = _instrumentor("opentelemetry.instrumentation.django", "DjangoInstrumentor", "django")
    if instrumentor is not None and not instrumentor.is_instrumented_by_opentelemetry:
        try:
            instrumentor.instrument(excluded_urls=_resolve_exclusions(excluded_urls, "django"))
        except Exception:
            logger.exception("could not instrument django")


def _instrument_app(app: Any, provider: TracerProvider, excluded_urls: str | Iterable[str] | None) -> None:
    """Add server spans to a FastAPI, Starlette or Flask application object (once)."""
    if getattr(app, "_is_instrumented_by_opentelemetry", False):
        return
    kind = _app_kind(app)
    exclusions = _resolve_exclusions(excluded_urls, kind or "")
    try:
        if kind == "fastapi":
            from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

            FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls=exclusions)
        elif kind == "starlette":
            from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

            app.add_middleware(OpenTelemetryMiddleware, tracer_provider=provider, excluded_urls=exclusions)
            app._is_instrumented_by_opentelemetry = True
        elif kind == "flask":
            from opentelemetry.instrumentation.flask import FlaskInstrumentor

            FlaskInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls=exclusions)
        else:
            logger.warning("setup_tracing: no instrumentation for %s objects", type(app).__name__)
    except ImportError:
        logger.warning("setup_tracing: the %s instrumentation package is not installed", kind)


def _app_kind(app: Any) -> str | None:
    """'fastapi', 'starlette' or 'flask' from the application's class hierarchy."""
    modules = {cls.__module__.split(".")[0] for cls in type(app).__mro__}
    for kind in ("fastapi", "starlette", "flask"):
        if kind in modules:
            return kind
    return None
