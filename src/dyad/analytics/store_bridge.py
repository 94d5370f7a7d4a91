"""Analytics over the store: briefs and dyadic series with escalation flags from
the stories ``dyad.store.stories`` keeps up to date after each ingest.

    from dyad.store import Store
    from dyad.analytics.store_bridge import brief_from_store, series_from_store
    with Store("corpus.duckdb", read_only=True) as store:
        print(brief_from_store(store, "2022-02-01", "2022-02-28", actor="RUS"))
        for row in series_from_store(store, "RUS", "UKR", freq="week"):
            print(row.point.period, row.point.count, row.flagged)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from dyad.analytics.brief import brief
from dyad.analytics.escalation import EscalationDay, EscalationParams, escalation
from dyad.analytics.rows import as_date
from dyad.analytics.series import (
    CONFLICT_QUADS,
    DEFAULT_MODALITIES,
    SeriesPoint,
    dyad_series,
    period_of,
)
from dyad.analytics.stories import Story
from dyad.errors import ConfigError
from dyad.store.db import Store
from dyad.store.story_rows import quote_rows, stories_between


@dataclass
class FlaggedPoint:
    """A period of a dyadic series with the escalation days flagged within it."""

    point: SeriesPoint
    conflict: float  # conflict intensity: the negated score sum of quad 3 and 4 stories
    flags: list[EscalationDay] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


def stories_from_store(store: Store, *, date_from: dt.date | str | None = None,
                       date_to: dt.date | str | None = None, codes: Iterable[str] = ()) -> list[Story]:
    """Stored stories whose day lies in the range (open where None) naming any of ``codes``
    (all where empty); widest reach first."""
    return stories_between(store.connection, date_from=as_date(date_from), date_to=as_date(date_to),
                           codes=tuple(code.upper() for code in codes))


def brief_from_store(store: Store, date_from: dt.date | str, date_to: dt.date | str, *,
                     actor: str | None = None, top: int = 5,
                     params: EscalationParams = EscalationParams()) -> str:
    """The Markdown brief of a period (``dyad.analytics.brief``) from the stored stories and quotes.

    Stories from ``params.baseline_days`` before the period are read too: they
    are the baseline of the escalation signals.
    """
    start, end = as_date(date_from), as_date(date_to)
    if start is None or end is None:
        raise ConfigError("a brief needs both ends of its period")
    stories = stories_from_store(store, date_from=start - dt.timedelta(days=params.baseline_days),
                                 date_to=end)
    quotes = quote_rows(store.connection, date_from=start, date_to=end)
    return brief(stories, start, end, actor=actor.upper() if actor else None, quotes=quotes, top=top)


def series_from_store(store: Store, actor: str, recipient: str | None = None, *, freq: str = "day",
                      date_from: dt.date | str | None = None, date_to: dt.date | str | None = None,
                      directed: bool = False, modalities: Iterable[str] = DEFAULT_MODALITIES,
                      params: EscalationParams = EscalationParams()) -> list[FlaggedPoint]:
    """The dyadic series of stored stories, each period with the escalation days flagged in it.

    Without ``date_from`` the series starts at the dyad's first story; the
    escalation baseline reaches ``params.baseline_days`` before the start.
    """
    actor, recipient = actor.upper(), recipient.upper() if recipient else None
    start, end = as_date(date_from), as_date(date_to)
    codes = (actor,) if recipient is None else (actor, recipient)
    stories = stories_from_store(
        store, date_from=start - dt.timedelta(days=params.baseline_days) if start else None,
        date_to=end, codes=codes)
    modalities = tuple(modalities)
    points = dyad_series(stories, actor, recipient, freq=freq, directed=directed, modalities=modalities,
                         date_from=start, date_to=end)
    if not points:
        return []
    first = start or points[0].period
    last = end or points[-1].period + dt.timedelta(days=0 if freq == "day" else 6)
    flags = escalation(stories, actor, recipient, directed=directed, date_from=first, date_to=last,
                       modalities=modalities, params=params)
    by_period: dict[dt.date, list[EscalationDay]] = {}
    for day in flags:
        by_period.setdefault(period_of(day.day, freq), []).append(day)
    by_id = {story.id: story for story in stories}
    return [FlaggedPoint(point, -sum(by_id[s].score for s in point.stories if by_id[s].quad in CONFLICT_QUADS),
                         by_period.get(point.period, []))
            for point in points]
