"""Graceful shutdown on SIGTERM without the user wiring a signal handler.

Kubernetes sends SIGTERM and keeps routing traffic to the pod until its endpoints are updated.
So on the first SIGTERM every registry begins shutting down (readiness fails, liveness keeps
passing) and the signal is handed to whatever handled it before (the server's own graceful
shutdown: uvicorn, gunicorn's workers, or the default, which ends the process) only `drain`
seconds later. A second SIGTERM during the drain is handed over at once.

The handler is installed from the main thread (an ASGI lifespan, a WSGI app created at import)
and wraps the handler in place then, so it must be installed after the server's own: uvicorn
installs its handlers before the lifespan starts, gunicorn before it loads the application.
"""

from __future__ import annotations

import os
import signal
import threading
import weakref
from types import FrameType
from typing import Any, Callable, Protocol

Handler = Callable[[int, FrameType | None], Any] | int | None


class Drainable(Protocol):
    """What the drain needs of a registry."""

    def begin_shutdown(self) -> None:
        """Fail readiness from now on."""


class _Drain:
    """The process-wide SIGTERM drain: the registries it shuts down and the handler it wraps."""

    def __init__(self) -> None:
        self.lock = threading.RLock()  # the handler runs on the main thread, maybe inside drain_on_sigterm
        self.registries: weakref.WeakSet[Drainable] = weakref.WeakSet()
        self.installed = False
        self.previous: Handler = signal.SIG_DFL
        self.seconds = 0.0
        self.timer: threading.Timer | None = None

    def on_sigterm(self, signum: int, frame: FrameType | None) -> None:
        """First SIGTERM: begin shutting down and hand over later; another: hand over now."""
        if self.timer is None:
            for registry in list(self.registries):
                registry.begin_shutdown()
            if self.seconds > 0:
                self.timer = threading.Timer(self.seconds, os.kill, (os.getpid(), signum))
                self.timer.daemon = True
                self.timer.start()
                return
        self.hand_over(signum, frame)

    def hand_over(self, signum: int, frame: FrameType | None) -> None:
        """Give the signal to the handler that was in place, and leave it in place again."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        previous = self.previous
        with self.lock:
            self.installed = False
            signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            signal.raise_signal(signum)


_drain = _Drain()


def drain_on_sigterm(registry: Drainable, seconds: float) -> bool:
    """Make SIGTERM shut `registry` down and hand over after `seconds` (the longest asked for
    wins); False when not called from the main thread, where signals cannot be handled."""
    if threading.current_thread() is not threading.main_thread():
        return False
    with _drain.lock:
        _drain.registries.add(registry)
        _drain.seconds = max(_drain.seconds, seconds)
        if not _drain.installed:
            _drain.previous = signal.getsignal(signal.SIGTERM)
            signal.signal(signal.SIGTERM, _drain.on_sigterm)
            _drain.installed = True
    return True
