"""Built-in checks for Django's database, cache and storage backends (what django-health-check covers).

Each check looks its backend up by alias when it runs, through a configured Django; Django itself
is imported only then. `django_checks()` returns one check per configured database and cache and
one for the default storage: `for name, check in django_checks().items(): health.register(name, check)`.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Callable

from prodready_kit.health.checks import _describe, _round_trip
from prodready_kit.health.report import CheckResult, Status

PROBE_PREFIX = "prodready-health"


def django_database_check(alias: str = "default") -> Callable[[], CheckResult]:
    """`SELECT 1` through `django.db.connections[alias]`; closes the check thread's connection afterwards."""
    def check() -> CheckResult:
        from django.db import connections

        connection = connections[alias]
        started = time.perf_counter()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        finally:
            connection.close()
        return _round_trip(started)
    return _describe(check, "datastore", "responseTime")


def django_cache_check(alias: str = "default") -> Callable[[], CheckResult]:
    """Set, get and delete a unique key in `django.core.cache.caches[alias]`; fail when it comes back wrong."""
    def check() -> CheckResult:
        from django.core.cache import caches

        cache = caches[alias]
        key, value = f"{PROBE_PREFIX}:{uuid.uuid4().hex}", uuid.uuid4().hex
        started = time.perf_counter()
        cache.set(key, value, timeout=30)
        stored = cache.get(key)
        cache.delete(key)
        if stored != value:
            return CheckResult(Status.FAIL, message=f"cache {alias!r} did not return the value just set")
        return _round_trip(started)
    return _describe(check, "datastore", "responseTime")


def _storage(storage: Any) -> Any:
    if not isinstance(storage, str):
        return storage
    from django.core.files.storage import storages

    return storages[storage]


def django_storage_check(storage: Any = "default") -> Callable[[], CheckResult]:
    """Save, find and delete a small file in a storage (an alias of `STORAGES` or a Storage object)."""
    def check() -> CheckResult:
        from django.core.files.base import ContentFile

        backend = _storage(storage)
        started = time.perf_counter()
        name = backend.save(f"{PROBE_PREFIX}/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        found = backend.exists(name)
        backend.delete(name)
        if not found:
            return CheckResult(Status.FAIL, message=f"storage did not find {name} just saved")
        return _round_trip(started)
    return _describe(check, "datastore", "responseTime")


def _named(kind: str, alias: str) -> str:
    return kind if alias == "default" else f"{kind}-{alias}"


def django_checks() -> dict[str, Callable[[], CheckResult]]:
    """One check per database and cache in settings, plus the default storage, keyed by check name."""
    from django.conf import settings

    checks = {_named("database", alias): django_database_check(alias) for alias in settings.DATABASES}
    checks.update({_named("cache", alias): django_cache_check(alias) for alias in settings.CACHES})
    checks["storage"] = django_storage_check()
    return checks
