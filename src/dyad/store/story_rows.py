"""Reading analytics' records from the store: event rows (with the wire copy
each article is), quote rows, and stories rebuilt from their stored assignments.

Conditions are SQL over the aliases ``e`` (the ``event_records`` view), ``s``
(``story_events``), ``st`` (``stories``), ``q`` (``quotes``) and ``a``
(``articles``); values go in as parameters.
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
from dyad.store.query import RECORD_COLUMNS

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

_ROW_COLUMNS = ", ".join(f"e.{column}" for column in RECORD_COLUMNS) + ", c.original_id"
_ROW_SOURCE = "FROM event_records e LEFT JOIN wire_copies c ON c.article_id = e.article_id"


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


def event_rows(con: duckdb.DuckDBPyConnection, where: str, params: list[object]) -> list[EventRow]:
    """Event rows of the events passing ``where`` (over ``e``), with ``copy_of`` set."""
    found = fetch(con, f"SELECT {_ROW_COLUMNS} {_ROW_SOURCE} WHERE {where} ORDER BY e.article_id, e.id",
                  params)
    return [_row(values) for values in found]


def stored_rows(con: duckdb.DuckDBPyConnection, where: str, params: list[object]) -> list[StoredRow]:
    """Clustered event rows passing ``where`` (over ``e`` and ``s``) with their assignments."""
    found = fetch(con, f"SELECT {_ROW_COLUMNS}, s.story_id, s.canonical, s.link_group {_ROW_SOURCE} "
                  "JOIN story_events s ON s.article_id = e.article_id AND s.event_id = e.id "
                  f"WHERE {where} ORDER BY e.article_id, e.id", params)
    width = len(RECORD_COLUMNS) + 1
    return [StoredRow(row, StoryAssignment(row.event_id, values[width], bool(values[width + 1])),
                      values[width + 2])
            for values in found for row in [_row(values[:width])]]


def _row(values: tuple[Any, ...]) -> EventRow:
    record = dict(zip(RECORD_COLUMNS, values, strict=False))
    return row_from_record(record, copy_of=values[len(RECORD_COLUMNS)])


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
