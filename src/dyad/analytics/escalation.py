"""Escalation: the days on which a dyad's conflict rises beyond its recent baseline.

The daily conflict intensity of a dyad is the negated sum of PLOVER scores of
its conflict stories (quad 3 and 4) that day: one air strike (-9.5) weighs
more than one accusation (-2). A day is flagged when

    value > mean + k * max(std, min_std)   and   stories that day >= min_count

where mean and std are those of the ``baseline_days`` days before it (the
day itself left out), and at least ``min_history`` of them are in the series.
This is a rolling z-score (a Shewhart chart on a moving window) rather than a
CUSUM: it needs no target level, adapts to a dyad at war as well as to one at
peace, and its flags point at single days an analyst can read.

- ``k = 3``: a day three standard deviations above normal is rare by chance.
- ``min_std = 5`` (about one material-conflict story) stops a flat or empty
  baseline, whose std is 0, from flagging any single new story.
- ``min_count = 2``: one report of one severe event is news, not escalation.
- flagged days stay in later baselines, so a sustained new level of conflict
  is flagged as it begins and then becomes the new normal.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dyad.analytics.series import CONFLICT_QUADS, DEFAULT_MODALITIES, dyad_series
from dyad.analytics.stories import Story


@dataclass(frozen=True)
class EscalationParams:
    """The thresholds of the escalation test (see the module docstring)."""

    baseline_days: int = 14
    min_history: int = 7
    k: float = 3.0
    min_std: float = 5.0
    min_count: int = 2


@dataclass
class Spike:
    """One flagged position of a series, with the baseline it was measured against."""

    index: int
    value: float
    baseline_mean: float
    baseline_std: float
    threshold: float


@dataclass
class EscalationDay:
    """A flagged day of a dyad, with the conflict stories that drove it, gravest first."""

    day: dt.date
    value: float
    count: int
    baseline_mean: float
    baseline_std: float
    threshold: float
    stories: list[Story] = field(default_factory=list)


def find_spikes(values: Sequence[float], counts: Sequence[int], *,
                params: EscalationParams = EscalationParams()) -> list[Spike]:
    """The positions where a value exceeds its rolling baseline (see the module docstring)."""
    spikes = []
    for index, value in enumerate(values):
        baseline = values[max(0, index - params.baseline_days):index]
        if len(baseline) < params.min_history or counts[index] < params.min_count:
            continue
        mean = statistics.fmean(baseline)
        std = statistics.pstdev(baseline)
        threshold = mean + params.k * max(std, params.min_std)
        if value > threshold:
            spikes.append(Spike(index, value, mean, std, threshold))
    return spikes


def escalation(stories: Iterable[Story], actor: str, recipient: str | None = None, *,
               directed: bool = False, date_from: dt.date, date_to: dt.date,
               modalities: Iterable[str] = DEFAULT_MODALITIES,
               params: EscalationParams = EscalationParams()) -> list[EscalationDay]:
    """Flagged days between ``date_from`` and ``date_to`` of a dyad's conflict series.

    The baseline reaches ``params.baseline_days`` before ``date_from``.
    """
    stories = list(stories)
    start = date_from - dt.timedelta(days=params.baseline_days)
    points = dyad_series(stories, actor, recipient, freq="day", directed=directed,
                         quads=CONFLICT_QUADS, modalities=modalities, date_from=start,
                         date_to=date_to)
    by_id = {story.id: story for story in stories}
    values = [-point.score_sum for point in points]
    flagged = []
    for spike in find_spikes(values, [p.count for p in points], params=params):
        point = points[spike.index]
        if point.period < date_from:
            continue
        drivers = sorted((by_id[s] for s in point.stories),
                         key=lambda s: (s.score, -s.outlet_count, s.id))
        flagged.append(EscalationDay(point.period, spike.value, point.count, spike.baseline_mean,
                                     spike.baseline_std, spike.threshold, drivers))
    return flagged
