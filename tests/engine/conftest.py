"""Engine tests import their helpers from engine_support (this directory goes on sys.path)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_support import broken_family, probe  # noqa: E402,F401 - fixtures
