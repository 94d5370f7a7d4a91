"""Every read query of the API and dashboard: parameterised SQL over the store's
tables and views (see dyad/store/migrations), one function per question.

Each function takes a DuckDB cursor and returns plain dicts and lists, ready
for JSON. Values from the request only ever travel as parameters; the few
pieces of SQL text chosen by a request (sort column, period) come from the
whitelists below.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

import duckdb

from dyad.api.cache import Totals
from dyad.store import EventFilter
from dyad.store.query import RECORD_COLUMNS

# Sortable columns of the events table: request name -> SQL expression.
SORTS = {
    "day": "e.day_start", "type": "e.type", "quad": "e.quad", "score": "e.score",
    "modality": "e.modality", "confidence": "e.confidence", "country": "e.location_country",
    "actor": "e.actor_codes[1]", "recipient": "e.recipient_codes[1]", "article": "e.article_id",
}
INTERVALS = ("day", "week", "month")
QUADS = (1, 2, 3, 4)
_EVENT_COLUMNS = ", ".join(f"e.{column}" for column in RECORD_COLUMNS)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> Any:
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


def event_page(con: duckdb.DuckDBPyConnection, filters: EventFilter, *, limit: int, offset: int,
               sort: str = "day", order: str = "asc", totals: Totals | None = None) -> dict[str, Any]:
    """One page of events passing ``filters``, with the total count (kept in ``totals`` if given)."""
    where, params = replace(filters, limit=None).where()
    direction = "DESC" if order == "desc" else "ASC"
    items = rows(con, f"SELECT {_EVENT_COLUMNS} FROM event_flat e WHERE {where} "
                      f"ORDER BY {SORTS[sort]} {direction} NULLS LAST, e.article_id, e.id LIMIT ? OFFSET ?",
                 [*params, limit, offset])
    if 0 < len(items) < limit:  # the last page: the total is known without counting
        total = offset + len(items)
    else:
        def count() -> int:
            return scalar(con, f"SELECT count(*) FROM event_flat e WHERE {where}", params)

        total = totals.get(f"{where} {json.dumps(params, default=str)}", count) if totals else count()
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def actor_counts(con: duckdb.DuckDBPyConnection, *, text: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Actor codes with how many events have them as actor and as recipient."""
    where, params = "code IS NOT NULL", []
    if text:
        where += " AND (contains(lower(code), lower(?)) OR contains(lower(name), lower(?)))"
        params = [text, text]
    grouped = (f"SELECT code, mode(name) AS name, mode(sector) AS sector, "
               "count(DISTINCT (article_id, event_id)) FILTER (WHERE role = 'actor') AS as_actor, "
               "count(DISTINCT (article_id, event_id)) FILTER (WHERE role = 'recipient') AS as_recipient "
               f"FROM event_actors WHERE {where} GROUP BY code")
    items = rows(con, f"SELECT *, as_actor + as_recipient AS total FROM ({grouped}) "
                      "ORDER BY total DESC, code LIMIT ? OFFSET ?", [*params, limit, offset])
    total = scalar(con, f"SELECT count(*) FROM ({grouped})", params)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def series(con: duckdb.DuckDBPyConnection, filters: EventFilter, *, interval: str = "day",
           fill: bool = True) -> list[dict[str, Any]]:
    """Events per period: counts per quad class, and the sum and mean of their scores."""
    where, params = replace(filters, limit=None).where()
    found = rows(con, f"SELECT date_trunc('{_interval(interval)}', e.day_start)::DATE AS period, "
                      "count(*) FILTER (WHERE e.quad = 1) AS q1, count(*) FILTER (WHERE e.quad = 2) AS q2, "
                      "count(*) FILTER (WHERE e.quad = 3) AS q3, count(*) FILTER (WHERE e.quad = 4) AS q4, "
                      "count(*) AS events, sum(e.score) AS score_sum, avg(e.score) AS score_mean "
                      f"FROM event_flat e WHERE {where} AND e.day_start IS NOT NULL "
                      "GROUP BY period ORDER BY period", params)
    points = [_series_point(row) for row in found]
    return _fill_periods(points, interval) if fill else points


def _series_point(row: dict[str, Any]) -> dict[str, Any]:
    return {"period": row["period"], "counts": {str(q): row[f"q{q}"] for q in QUADS}, "events": row["events"],
            "score_sum": row["score_sum"], "score_mean": row["score_mean"]}


# Filling gaps day by day is bounded: a corpus spanning decades keeps its gaps.
MAX_FILLED_PERIODS = 4000


def _fill_periods(points: list[dict[str, Any]], interval: str) -> list[dict[str, Any]]:
    if len(points) < 2 or interval == "month":
        return points
    step = dt.timedelta(days=7 if interval == "week" else 1)
    first, last = points[0]["period"], points[-1]["period"]
    if (last - first) // step > MAX_FILLED_PERIODS:
        return points
    by_period = {point["period"]: point for point in points}
    filled, day = [], first
    while day <= last:
        filled.append(by_period.get(day) or {"period": day, "counts": {str(q): 0 for q in QUADS}, "events": 0,
                                             "score_sum": 0.0, "score_mean": None})
        day += step
    return filled


def _interval(interval: str) -> str:
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
    return interval


def movers(con: duckdb.DuckDBPyConnection, filters: EventFilter, *, days: int = 30,
           limit: int = 10) -> dict[str, Any]:
    """The actor-recipient pairs whose events changed most between the last ``days``
    days of the data and the ``days`` before them."""
    where, params = replace(filters, limit=None).where()
    last = scalar(con, f"SELECT max(e.day_start) FROM event_flat e WHERE {where}", params)
    if last is None:
        return {"until": None, "days": days, "items": []}
    split, start = last - dt.timedelta(days=days), last - dt.timedelta(days=2 * days)
    items = rows(con, (
        f"WITH d AS (SELECT actor_code, recipient_code, score, day_start > ? AS recent FROM ({_pairs(where)}) "
        "WHERE day_start > ?) "
        "SELECT actor_code AS actor, recipient_code AS recipient, "
        "count(*) FILTER (WHERE recent) AS recent_events, count(*) FILTER (WHERE NOT recent) AS prior_events, "
        "coalesce(sum(score) FILTER (WHERE recent), 0) AS recent_score, "
        "coalesce(sum(score) FILTER (WHERE NOT recent), 0) AS prior_score "
        "FROM d GROUP BY actor, recipient "
        "ORDER BY abs(recent_events - prior_events) DESC, abs(recent_score - prior_score) DESC, actor, recipient "
        "LIMIT ?"), [split, *params, start, limit])
    for item in items:
        item["change"] = item["recent_events"] - item["prior_events"]
        item["score_change"] = item["recent_score"] - item["prior_score"]
    return {"until": last, "days": days, "items": items}


def _pairs(where: str) -> str:
    """The SELECT of (actor_code, recipient_code, score, day_start): one row per pair of codes
    of each event passing ``where`` (the coded rows of event_dyads), from event_flat's code lists."""
    each_actor = (f"SELECT unnest(e.actor_codes) AS actor_code, e.recipient_codes, e.score, e.day_start "
                  f"FROM event_flat e WHERE {where}")
    pairs = (f"SELECT actor_code, unnest(recipient_codes) AS recipient_code, score, day_start "
             f"FROM ({each_actor}) WHERE actor_code IS NOT NULL")
    return f"SELECT * FROM ({pairs}) WHERE recipient_code IS NOT NULL"


def overview(con: duckdb.DuckDBPyConnection, filters: EventFilter) -> dict[str, Any]:
    where, params = replace(filters, limit=None).where()
    counts = rows(con, f"SELECT count(*) AS events, count(DISTINCT e.article_id) AS articles_with_events, "
                       f"min(e.day_start) AS first_day, max(e.day_end) AS last_day "
                       f"FROM event_flat e WHERE {where}", params)[0]
    counts["articles"] = scalar(con, "SELECT count(*) FROM articles")
    counts["actors"] = scalar(con, "SELECT count(DISTINCT code) FROM event_actors")
    counts["quotes"] = scalar(con, "SELECT count(*) FROM quotes")
    by_quad = rows(con, f"SELECT e.quad, count(*) AS n FROM event_flat e WHERE {where} GROUP BY 1", params)
    counts["by_quad"] = {str(q): 0 for q in QUADS} | {str(r["quad"]): r["n"] for r in by_quad if r["quad"]}
    return {"counts": counts, "timeline": series(con, filters, interval="day", fill=False),
            "movers": movers(con, filters)}


def map_points(con: duckdb.DuckDBPyConnection, filters: EventFilter) -> list[dict[str, Any]]:
    """Event locations with coordinates: one point per place, with its events per quad class."""
    where, params = replace(filters, limit=None).where()
    return rows(con, (
        "SELECT e.location_name AS name, e.location_country AS country, e.location_lat AS lat, "
        "e.location_lon AS lon, count(*) AS events, "
        + ", ".join(f"count(*) FILTER (WHERE e.quad = {q}) AS q{q}" for q in QUADS) +
        ", avg(e.score) AS score_mean FROM event_flat e "
        f"WHERE {where} AND e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL "
        "GROUP BY ALL ORDER BY events DESC, name"), params)


def country_counts(con: duckdb.DuckDBPyConnection, filters: EventFilter) -> list[dict[str, Any]]:
    """Events per country of their location (ISO alpha-3)."""
    where, params = replace(filters, limit=None).where()
    return rows(con, "SELECT e.location_country AS country, count(*) AS events FROM event_flat e "
                     f"WHERE {where} AND e.location_country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1", params)


def quotes_page(con: duckdb.DuckDBPyConnection, *, speaker: str | None, article: str | None,
                text: str | None, limit: int, offset: int) -> dict[str, Any]:
    clauses, params = ["TRUE"], []
    if speaker:
        clauses.append("q.speaker_code = ?")
        params.append(speaker)
    if article:
        clauses.append("q.article_id = ?")
        params.append(article)
    if text:
        clauses.append("contains(lower(q.text), lower(?))")
        params.append(text)
    where = " AND ".join(clauses)
    items = rows(con, "SELECT q.*, a.title, a.published, a.outlet FROM quotes q "
                      f"JOIN articles a ON a.id = q.article_id WHERE {where} "
                      "ORDER BY a.published NULLS LAST, q.article_id, q.start LIMIT ? OFFSET ?",
                 [*params, limit, offset])
    total = scalar(con, f"SELECT count(*) FROM quotes q WHERE {where}", params)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def articles_page(con: duckdb.DuckDBPyConnection, *, text: str | None, limit: int, offset: int) -> dict[str, Any]:
    where, params = "TRUE", []
    if text:
        where, params = "contains(lower(a.title), lower(?)) OR contains(lower(a.text), lower(?))", [text, text]
    items = rows(con, "SELECT a.id, a.title, a.published, a.outlet, a.url, a.license, "
                      "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events "
                      f"FROM articles a WHERE {where} ORDER BY a.published DESC NULLS LAST, a.id "
                      "LIMIT ? OFFSET ?", [*params, limit, offset])
    total = scalar(con, f"SELECT count(*) FROM articles a WHERE {where}", params)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def article_detail(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """An article's text with every record found in it; each record carries its offsets."""
    found = rows(con, "SELECT id, title, published, outlet, url, dateline, license, text, warnings, version "
                      "FROM articles WHERE id = ?", [article_id])
    if not found:
        return None
    article = found[0]
    article["events"] = rows(con, f"SELECT {_EVENT_COLUMNS} FROM event_flat e WHERE e.article_id = ? "
                                  "ORDER BY e.trigger_start", [article_id])
    for table, owner in (("entities", "entity"), ("places", "place")):
        article[table] = rows(con, (
            f"SELECT t.*, coalesce((SELECT list({{'start': m.start, 'end': m.\"end\", 'text': m.text}} "
            f"ORDER BY m.start) FROM mentions m WHERE m.article_id = t.article_id AND m.owner = '{owner}' "
            f"AND m.owner_id = t.id), []) AS mentions FROM {table} t WHERE t.article_id = ? ORDER BY t.id"),
            [article_id])
    article["quotes"] = rows(con, "SELECT * FROM quotes WHERE article_id = ? ORDER BY start", [article_id])
    return article


def actor_profile(con: duckdb.DuckDBPyConnection, code: str, filters: EventFilter) -> dict[str, Any] | None:
    """An actor's names, event counts per role, and counterparts in either direction."""
    names = rows(con, "SELECT name, sector, count(*) AS mentions FROM event_actors WHERE code = ? "
                      "GROUP BY ALL ORDER BY mentions DESC, name LIMIT 10", [code])
    if not names:
        return None
    where, params = replace(filters, limit=None).where()
    counterparts = rows(con, (
        f"WITH d AS ({_pairs(where)}) "
        "SELECT code, sum(outgoing)::INTEGER AS outgoing, sum(incoming)::INTEGER AS incoming, "
        "avg(score) AS score_mean FROM ("
        "  SELECT recipient_code AS code, 1 AS outgoing, 0 AS incoming, score FROM d "
        "  WHERE actor_code = ? AND recipient_code IS NOT NULL AND recipient_code <> ? "
        "  UNION ALL SELECT actor_code, 0, 1, score FROM d "
        "  WHERE recipient_code = ? AND actor_code IS NOT NULL AND actor_code <> ?) "
        "GROUP BY code ORDER BY sum(outgoing) + sum(incoming) DESC, code"), [*params, code, code, code, code])
    as_actor = event_page(con, replace(filters, actor=(code,)), limit=0, offset=0)["total"]
    as_recipient = event_page(con, replace(filters, recipient=(code,)), limit=0, offset=0)["total"]
    quotes = scalar(con, "SELECT count(*) FROM quotes WHERE speaker_code = ?", [code])
    return {"code": code, "names": names, "as_actor": as_actor, "as_recipient": as_recipient,
            "quotes": quotes, "counterparts": counterparts}


def search(con: duckdb.DuckDBPyConnection, text: str, *, limit: int) -> dict[str, Any]:
    """Events, articles, actors and quotes that contain ``text``."""
    return {
        "query": text,
        "events": event_page(con, EventFilter(search=text), limit=limit, offset=0),
        "articles": articles_page(con, text=text, limit=limit, offset=0),
        "actors": actor_counts(con, text=text, limit=limit, offset=0),
        "quotes": quotes_page(con, speaker=None, article=None, text=text, limit=limit, offset=0),
    }
