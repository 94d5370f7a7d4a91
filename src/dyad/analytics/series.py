"""Dyadic time series: how often, and how cooperatively or hostilely, two
actors (or one actor with everyone) acted, per day or per ISO week.

Counted from stories, not mentions: ten reports of one meeting are one
meeting. A story falls on its canonical mention's day. By default only
stories whose canonical mention is asserted count: historical mentions are
background ("Russia annexed Crimea in 2014") that would re-count old events
on the day an article recalls them; pass ``modalities`` to include them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from dyad.analytics.links import symmetric_types
from dyad.analytics.stories import Story
from dyad.errors import ConfigError

DEFAULT_MODALITIES = ("asserted",)
FREQUENCIES = ("day", "week")
QUADS = (1, 2, 3, 4)
CONFLICT_QUADS = (3, 4)


@dataclass
class SeriesPoint:
    """One period of a series: story counts per quad class and PLOVER scores."""

    period: dt.date  # the day, or the Monday of the ISO week
    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(QUADS, 0))
    score_sum: float = 0.0
    stories: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    @property
    def score_mean(self) -> float | None:
        return self.score_sum / self.count if self.count else None


def involves(story: Story, actor: str, recipient: str | None = None, *, directed: bool = False) -> bool:
    """Whether a story is ``actor`` acting on ``recipient`` (anyone where None).

    Undirected (the default) also matches ``recipient`` acting on ``actor``;
    symmetric types (CONSULT, AGREE, COOPERATE) always match both ways.
    """
    actors = {c for row in story.events for c in row.actor_codes}
    recipients = {c for row in story.events for c in row.recipient_codes}

    def one_way(source: set[str], target: set[str]) -> bool:
        return actor in source and (recipient is None or recipient in target)

    if one_way(actors, recipients):
        return True
    if not directed or story.type in symmetric_types():
        return one_way(recipients, actors)
    return False


def period_of(day: dt.date, freq: str) -> dt.date:
    if freq not in FREQUENCIES:
        raise ConfigError(f"unknown series frequency {freq!r}; valid: {', '.join(FREQUENCIES)}")
    return day if freq == "day" else day - dt.timedelta(days=day.weekday())


def dyad_series(stories: Iterable[Story], actor: str, recipient: str | None = None, *,
                freq: str = "day", directed: bool = False, quads: Iterable[int] = QUADS,
                modalities: Iterable[str] = DEFAULT_MODALITIES, date_from: dt.date | None = None,
                date_to: dt.date | None = None) -> list[SeriesPoint]:
    """Counts per quad class and score sum/mean per period, every period from start to end.

    Args:
        stories: stories to count (from ``StoryIndex.stories()``).
        actor: an actor code; recipient: the other party's code, or None for all.
        freq: "day" or "week" (ISO weeks, labelled by their Monday).
        directed: count only ``actor`` acting on ``recipient``.
        quads: the quad classes to count (CONFLICT_QUADS for conflict only).
        modalities: the canonical modalities that count.
        date_from, date_to: the span, inclusive; the stories' own span where None.
    """
    wanted_quads, wanted_modalities = set(quads), set(modalities)
    chosen = [s for s in stories
              if s.day is not None and s.quad in wanted_quads
              and s.canonical.modality in wanted_modalities
              and (date_from is None or s.day >= date_from) and (date_to is None or s.day <= date_to)
              and involves(s, actor, recipient, directed=directed)]
    days = [s.day for s in chosen if s.day is not None]
    start, end = date_from or (min(days) if days else None), date_to or (max(days) if days else None)
    if start is None or end is None:
        return []
    points = _empty_points(period_of(start, freq), period_of(end, freq), freq)
    for story in sorted(chosen, key=lambda s: s.id):
        point = points[period_of(story.day, freq)]  # type: ignore[arg-type]
        point.counts[story.quad] = point.counts.get(story.quad, 0) + 1
        point.score_sum += story.score
        point.stories.append(story.id)
    return list(points.values())


def _empty_points(start: dt.date, end: dt.date, freq: str) -> dict[dt.date, SeriesPoint]:
    step = dt.timedelta(days=1 if freq == "day" else 7)
    points = {}
    period = start
    while period <= end:
        points[period] = SeriesPoint(period)
        period += step
    return points
