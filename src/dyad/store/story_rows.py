"""Reading analytics' records from the store: event rows (with the wire copy
each article is), quote rows, and stories rebuilt from their stored assignments.

Conditions are SQL over the aliases ``e`` (``events``), ``a`` (``articles``),
``s`` (``story_events``) and ``st`` (``stories``); values go in as parameters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import duckdb

from dyad.analytics.rows import EventRow, QuoteRow, row_from_record
from dyad.analytics.stories import Story, StoryAssignment
from dyad.errors import StoreError

# Separates article id and event id in one key: ids are unique within their article only.
KEY_SQL = "{alias}.article_id || chr(31) || {alias}.{event}"
KEY_SEPARATOR = "\x1f"


def row_day_sql(date: str, published: str) -> str:
    """SQL for the day an event row counts on (``EventRow.day``): its own date where
    that is a full day, else its article's publication day."""
    return (f"coalesce(CASE WHEN length({date}) = 10 THEN try_cast({date} AS DATE) END, "
            f"try_cast({published} AS DATE))")


def event_key(alias: str, *, event: str = "id") -> str:
    """SQL for the ``article_id<US>event_id`` key of a row of ``alias``."""
    return KEY_SQL.format(alias=alias, event=event)


# What row_from_record reads, taken from the tables rather than the event_records
# view: the view gathers the actors of every event before any filter applies.
_ROW_FIELDS = ("article_id", "id", "type", "quad", "score", "mode", "date", "modality", "sentence_text",
               "trigger_text", "location_name", "published", "outlet", "url", "copy_of")
# The event's own date only (dyad.analytics.rows.own_date): not a publication-date fallback.
OWN_DATE_SQL = "CASE WHEN {alias}.date_text IS NOT NULL THEN {alias}.date END"
_ROW_SELECT = (f"e.article_id, e.id, e.type, e.quad, e.score, e.mode, {OWN_DATE_SQL.format(alias='e')} AS date, "
               "e.modality, e.sentence_text, "
               "e.trigger_text, e.location_name, a.published, a.outlet, a.url, c.original_id")
_ROW_SOURCE = ("FROM events e JOIN articles a ON a.id = e.article_id "
               "LEFT JOIN wire_copies c ON c.article_id = e.article_id")
_REF = "{'name': x.name, 'code': x.code, 'sector': x.sector, 'entity': x.entity}"


@dataclass(frozen=True)
class StoredRow:
    """An event row with its stored story assignment and linked group."""

    row: EventRow
    assignment: StoryAssignment
    group: str


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> list[tuple[Any, ...]]:
    try:
        return con.execute(sql, params).fetchall()
    except duckdb.Error as e:
        raise StoreError(f"cannot read the store: {e}") from e


def _select_rows(con: duckdb.DuckDBPyConnection, where: str, params: list[object], *,
                 stories: bool) -> list[tuple[EventRow, tuple[Any, ...]]]:
    """Event rows passing ``where`` (over ``e``, ``a`` and, with ``stories``, ``s``), each with
    the story columns (story_id, canonical, link_group) where asked for."""
    extra = ", s.story_id, s.canonical, s.link_group" if stories else ""
    join = " JOIN story_events s ON s.article_id = e.article_id AND s.event_id = e.id" if stories else ""
    sql = (f"WITH picked AS (SELECT {_ROW_SELECT}{extra} {_ROW_SOURCE}{join} WHERE {where}), "
           f"refs AS (SELECT x.article_id, x.event_id, "
           f"list({_REF} ORDER BY x.position) FILTER (WHERE x.role = 'actor') AS actor, "
           f"list({_REF} ORDER BY x.position) FILTER (WHERE x.role = 'recipient') AS recipient "
           "FROM event_actors x JOIN picked p ON p.article_id = x.article_id AND p.id = x.event_id "
           "GROUP BY x.article_id, x.event_id) "
           "SELECT p.*, r.actor, r.recipient FROM picked p "
           "LEFT JOIN refs r ON r.article_id = p.article_id AND r.event_id = p.id ORDER BY p.article_id, p.id")
    found = []
    width = len(_ROW_FIELDS)
    for values in fetch(con, sql, params):
        record = dict(zip(_ROW_FIELDS, values, strict=False))
        record["actor"], record["recipient"] = values[-2], values[-1]
        found.append((row_from_record(record, copy_of=record["copy_of"]), values[width:-2]))
    return found


def event_rows(con: duckdb.DuckDBPyConnection, where: str, params: list[object]) -> list[EventRow]:
    """Event rows of the events passing ``where`` (over ``e``, ``events``, and ``a``,
    ``articles``), with ``copy_of`` set from ``wire_copies``."""
    return [row for row, _ in _select_rows(con, where, params, stories=False)]


def stored_rows(con: duckdb.DuckDBPyConnection, where: str, params: list[object]) -> list[StoredRow]:
    """Clustered event rows passing ``where`` (over ``e``, ``a`` and ``s``, ``story_events``)
    with their assignments."""
    return [StoredRow(row, StoryAssignment(row.event_id, story_id, bool(canonical)), group)
            for row, (story_id, canonical, group) in _select_rows(con, where, params, stories=True)]


def stories(con: duckdb.DuckDBPyConnection, where: str = "TRUE",
            params: list[object] | None = None) -> list[Story]:
    """The stored stories passing ``where`` (over ``st``, the ``stories`` table), with every mention."""
    members = stored_rows(
        con, f"s.story_id IN (SELECT st.story_id FROM stories st WHERE {where})", list(params or []))
    by_story: dict[str, list[StoredRow]] = defaultdict(list)
    for member in members:
        by_story[member.assignment.story_id].append(member)
    found = []
    for story_id, group in by_story.items():
        rows = sorted((m.row for m in group), key=lambda r: (r.published or "", r.event_id))
        canonical = next((m.row for m in group if m.assignment.canonical), rows[0])
        found.append(Story(id=story_id, canonical=canonical, events=rows))
    return sorted(found, key=lambda s: (-s.outlet_count, -s.article_count, s.id))


def stories_between(con: duckdb.DuckDBPyConnection, *, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, codes: tuple[str, ...] = ()) -> list[Story]:
    """Stories whose day lies in the range (inclusive; open where None) that name any of ``codes``."""
    clauses, params = _story_filter(date_from=date_from, date_to=date_to, codes=codes)
    return stories(con, clauses, params)


def _story_filter(*, date_from: dt.date | None, date_to: dt.date | None,
                  codes: tuple[str, ...]) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if date_from is not None:
        clauses.append("st.day >= ?")
        params.append(date_from)
    if date_to is not None:
        clauses.append("st.day <= ?")
        params.append(date_to)
    if codes:
        clauses.append("(list_has_any(st.actor_codes, ?::VARCHAR[]) "
                       "OR list_has_any(st.recipient_codes, ?::VARCHAR[]))")
        params += [list(codes), list(codes)]
    return " AND ".join(clauses) or "TRUE", params


def quote_rows(con: duckdb.DuckDBPyConnection, *, date_from: dt.date | None = None,
               date_to: dt.date | None = None) -> list[QuoteRow]:
    """Quotes of the articles published in the range, with their wire copy marks."""
    clauses, params = ["TRUE"], []
    for op, day in ((">=", date_from), ("<=", date_to)):
        if day is not None:
            clauses.append(f"try_cast(a.published AS DATE) {op} ?")
            params.append(day)
    found = fetch(con, "SELECT q.speaker_code, q.speaker_name, q.text, q.article_id, a.outlet, "
                  "a.published, a.url, q.kind, c.original_id FROM quotes q "
                  "JOIN articles a ON a.id = q.article_id "
                  "LEFT JOIN wire_copies c ON c.article_id = q.article_id "
                  f"WHERE {' AND '.join(clauses)} ORDER BY q.article_id, q.id", params)
    return [QuoteRow(speaker_code=v[0], speaker_name=v[1], text=v[2] or "", article_id=v[3],
                     outlet=v[4], published=v[5], url=v[6], kind=v[7] or "direct", copy_of=v[8])
            for v in found]


# Columns of ``top_story_records``: the stories table with the canonical report's source.
STORY_RECORD_COLUMNS = (
    "story_id", "day", "type", "mode", "quad", "score", "modality", "actor_codes", "recipient_codes",
    "n_outlets", "n_articles", "n_copies", "n_events", "first_report", "last_report", "outlets",
    "sentence", "canonical_article_id", "canonical_event_id", "outlet", "url",
)


def top_story_records(con: duckdb.DuckDBPyConnection, *, date_from: dt.date | None = None,
                      date_to: dt.date | None = None, codes: tuple[str, ...] = (),
                      limit: int | None = None) -> list[dict[str, Any]]:
    """Stored stories as records (STORY_RECORD_COLUMNS), widest reach first: outlets,
    independent reports, then gravity."""
    where, params = _story_filter(date_from=date_from, date_to=date_to, codes=codes)
    columns = ", ".join(f"a.{c}" if c in ("outlet", "url") else f"st.{c}" for c in STORY_RECORD_COLUMNS)
    sql = (f"SELECT {columns} FROM stories st LEFT JOIN articles a ON a.id = st.canonical_article_id "
           f"WHERE {where} ORDER BY st.n_outlets DESC, st.n_articles DESC, abs(st.score) DESC, st.story_id")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(zip(STORY_RECORD_COLUMNS, values, strict=True)) for values in fetch(con, sql, params)]
