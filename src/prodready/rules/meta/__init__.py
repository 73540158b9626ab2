"""Rules about suppressions themselves (family `config`) and the collector that finds them."""

from __future__ import annotations

from prodready.rules.meta.collector import SuppressionCollector
from prodready.rules.meta.expired_suppression import ExpiredSuppression
from prodready.rules.meta.suppression_without_reason import SuppressionWithoutReason
from prodready.rules.meta.unused_suppression import UnusedSuppression

__all__ = ["ExpiredSuppression", "SuppressionCollector", "SuppressionWithoutReason", "UnusedSuppression"]
