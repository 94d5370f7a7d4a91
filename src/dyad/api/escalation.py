"""Escalation flags on a dyad's series: a stand-in rule until dyad.analytics is merged.

A period is flagged when its conflict events (quad classes 3 and 4) rise above
a rolling baseline of the periods before it: at least ``min_events``, and
more than the baseline's mean plus ``threshold`` standard deviations (with a
floor of one event on the deviation, so that a quiet dyad does not flag on
noise).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EscalationRule:
    window: int = 4  # periods in the baseline
    threshold: float = 2.0  # standard deviations above the baseline mean
    min_events: int = 2  # conflict events needed before a period can flag
    min_baseline: int = 2  # periods needed before one: the first periods of a series have no baseline


def conflict_events(point: dict[str, Any]) -> int:
    return int(point["counts"]["3"]) + int(point["counts"]["4"])


def escalation_flags(points: list[dict[str, Any]], *, rule: EscalationRule = EscalationRule()) -> list[dict[str, Any]]:
    """The flagged periods of a gap-filled series, each with its baseline and why it flagged."""
    flags = []
    for index, point in enumerate(points):
        baseline = [conflict_events(p) for p in points[max(0, index - rule.window):index]]
        current = conflict_events(point)
        mean = statistics.fmean(baseline) if baseline else 0.0
        spread = max(statistics.pstdev(baseline) if len(baseline) > 1 else 0.0, 1.0)
        limit = mean + rule.threshold * spread
        if len(baseline) >= rule.min_baseline and current >= rule.min_events and current > limit:
            flags.append({"period": point["period"], "conflict_events": current, "baseline_mean": round(mean, 3),
                          "limit": round(limit, 3),
                          "reason": f"{current} conflict events against a baseline of {mean:.1f} "
                                    f"over the {len(baseline)} periods before"})
    return flags
