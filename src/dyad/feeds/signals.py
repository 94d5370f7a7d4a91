"""After a poll: bring the stories up to date and flag escalation on the dyads
the new articles touched (the default ``on_poll_done`` hook of dyad.feeds.watch)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dyad.analytics.store_bridge import series_from_store
from dyad.store import Store
from dyad.store.stories import update_stories


def update_stories_and_flag(store: Store, new_article_ids: list[str]) -> list[dict[str, Any]]:
    """Update the stories, then return one flag per escalation day (of an actor
    named in a new article's conflict events) that falls within the new articles' days."""
    update_stories(store)
    if not new_article_ids:
        return []
    placeholders = ", ".join("?" for _ in new_article_ids)
    rows = store.connection.execute(
        "SELECT DISTINCT ea.code, CAST(coalesce(e.date_start, TRY_CAST(a.published AS DATE)) AS DATE) "
        "FROM events e JOIN event_actors ea ON ea.event_id = e.id AND ea.article_id = e.article_id "
        "JOIN articles a ON a.id = e.article_id "
        f"WHERE e.article_id IN ({placeholders}) AND e.quad IN (3, 4) AND ea.code IS NOT NULL",
        new_article_ids,
    ).fetchall()
    days_by_code: dict[str, set[dt.date]] = {}
    for code, day in rows:
        if day is not None:
            days_by_code.setdefault(code, set()).add(day)
    flags = []
    for code, days in sorted(days_by_code.items()):
        for point in series_from_store(store, code, date_from=min(days), date_to=max(days)):
            flags += [_flag(code, day) for day in point.flags if day.day in days]
    return flags


def _flag(code: str, day: Any) -> dict[str, Any]:
    return {
        "reason": f"escalation: conflict involving {code} rose beyond its {day.baseline_mean:.1f} baseline",
        "actor": code,
        "day": day.day.isoformat(),
        "value": day.value,
        "threshold": day.threshold,
        "stories": [{"id": s.id, "type": s.type, "evidence": s.canonical.sentence,
                     "url": s.canonical.url, "outlets": s.outlets} for s in day.stories[:5]],
    }
