"""Stories and the story-based dyad series with escalation flags (dyad.analytics
over the stored stories), shaped as JSON for the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from dyad.analytics.escalation import EscalationParams, escalation
from dyad.analytics.series import CONFLICT_QUADS, dyad_series, period_of
from dyad.analytics.stories import Story
from dyad.store.story_rows import stories_between

PARAMS = EscalationParams()


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def story_record(story: Story) -> dict[str, Any]:
    canonical = story.canonical
    return {
        "id": story.id, "type": story.type, "quad": story.quad, "score": story.score, "day": story.day,
        "modality": canonical.modality, "actor": canonical.actor_codes, "recipient": canonical.recipient_codes,
        "articles": story.article_count, "copies": story.copy_count, "outlets": story.outlets,
        "mentions": len(story.events), "evidence": canonical.sentence, "article_id": canonical.article_id,
        "event_id": canonical.event_id, "url": canonical.url,
    }


def story_page(con: duckdb.DuckDBPyConnection, *, date_from: str | None, date_to: str | None,
               codes: tuple[str, ...], limit: int, offset: int) -> dict[str, Any]:
    """Stories in the range naming any of ``codes``, widest reach first."""
    found = stories_between(con, date_from=_day(date_from), date_to=_day(date_to), codes=codes)
    items = [story_record(story) for story in found[offset:offset + limit]]
    return {"items": items, "total": len(found), "limit": limit, "offset": offset}


def flagged_series(con: duckdb.DuckDBPyConnection, *, actor: str, recipient: str | None, interval: str,
                   date_from: str | None, date_to: str | None, modalities: tuple[str, ...]) -> dict[str, Any]:
    """A dyad's stories per period (counts per quad class, score sum and mean) and its escalation days."""
    start, end = _day(date_from), _day(date_to)
    codes = (actor,) if recipient is None else (actor, recipient)
    baseline_start = start - dt.timedelta(days=PARAMS.baseline_days) if start else None
    stories = stories_between(con, date_from=baseline_start, date_to=end, codes=codes)
    points = dyad_series(stories, actor, recipient, freq=interval, modalities=modalities,
                         date_from=start, date_to=end)
    flags = []
    if points:
        last = end or points[-1].period + dt.timedelta(days=6 if interval == "week" else 0)
        flags = escalation(stories, actor, recipient, date_from=start or points[0].period, date_to=last,
                           modalities=modalities, params=PARAMS)
    by_id = {story.id: story for story in stories}
    return {
        "points": [{"period": p.period, "counts": {str(q): n for q, n in p.counts.items()}, "events": p.count,
                    "score_sum": p.score_sum, "score_mean": p.score_mean, "stories": p.stories,
                    "conflict": -sum(by_id[s].score for s in p.stories if by_id[s].quad in CONFLICT_QUADS)}
                   for p in points],
        "flags": [{"period": period_of(flag.day, interval), "day": flag.day, "conflict": flag.value, "count": flag.count,
                   "baseline_mean": round(flag.baseline_mean, 3), "limit": round(flag.threshold, 3),
                   "reason": f"conflict {flag.value:.1f} from {flag.count} stories against a baseline of "
                             f"{flag.baseline_mean:.1f} over the {PARAMS.baseline_days} days before",
                   "stories": [story_record(s) for s in flag.stories]}
                  for flag in flags],
    }
