"""Event filters and the SQL they become; shared by ``dyad query``, exports and the API.

Queries read ``event_flat``, the store's table of event records (migration 5):
the columns of the ``event_records`` view plus the actor and recipient codes
and the lower-cased sentence that the filters test.

Dates: an event passes ``date_from``/``date_to`` when the span of days its date
covers (a month-precision date covers the whole month) overlaps the range; an
event with no date of its own is placed at its article's publication date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from dyad.errors import StoreError

# Columns of ``event_flat`` (those of the ``event_records`` view) that a query returns, in this order.
RECORD_COLUMNS = (
    "article_id", "id", "day_start", "date", "date_precision", "date_text", "type", "mode", "quad",
    "score", "modality", "actor", "recipient", "contexts", "location_name", "location_country",
    "location_lat", "location_lon", "sourcing_kind", "sourcing_name", "sourcing_code", "confidence",
    "trigger_start", "trigger_end", "trigger_text", "sentence_start", "sentence_end", "sentence_text",
    "published", "title", "outlet", "url",
)


@dataclass(frozen=True)
class EventFilter:
    """Which events to return; empty fields do not filter (so every modality by default)."""

    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None  # YYYY-MM-DD, inclusive
    actor: tuple[str, ...] = ()  # any of these codes among the actors
    recipient: tuple[str, ...] = ()  # any of these codes among the recipients
    dyad: tuple[str, str] | None = None  # (actor code, recipient code), in that direction
    type: tuple[str, ...] = ()  # PLOVER event types
    quad: tuple[int, ...] = ()  # quad classes 1-4
    country: tuple[str, ...] = ()  # ISO alpha-3 of the event's location
    modality: tuple[str, ...] = ()
    search: str | None = None  # case-insensitive substring of the evidence sentence
    article: str | None = None  # one article id
    limit: int | None = None

    def where(self) -> tuple[str, list[object]]:
        """The SQL condition on ``event_flat e`` and its parameters."""
        clauses: list[str] = []
        params: list[object] = []

        def add(clause: str, *values: object) -> None:
            clauses.append(clause)
            params.extend(values)

        if self.date_from:
            add("e.day_end >= ?", _date(self.date_from))
        if self.date_to:
            add("e.day_start <= ?", _date(self.date_to))
        if self.actor:
            add("list_has_any(e.actor_codes, ?)", list(self.actor))
        if self.recipient:
            add("list_has_any(e.recipient_codes, ?)", list(self.recipient))
        if self.dyad:
            add("list_contains(e.actor_codes, ?) AND list_contains(e.recipient_codes, ?)", *self.dyad)
        for column, values in (("type", self.type), ("quad", self.quad),
                               ("location_country", self.country), ("modality", self.modality)):
            if values:
                add(f"list_contains(?, e.{column})", list(values))
        if self.search:
            add("contains(e.sentence_lower, lower(?))", self.search)
        if self.article:
            add("e.article_id = ?", self.article)
        return " AND ".join(clauses) or "TRUE", params


def select_events(con: duckdb.DuckDBPyConnection, filters: EventFilter) -> list[dict[str, Any]]:
    """Events passing ``filters``, oldest first, as dicts of RECORD_COLUMNS."""
    sql, params = events_sql(filters)
    try:
        cursor = con.execute(sql, params)
    except duckdb.Error as e:
        raise StoreError(f"cannot query events: {e}") from e
    return [dict(zip(RECORD_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def events_sql(filters: EventFilter, *, columns: str | None = None) -> tuple[str, list[object]]:
    """The SELECT of ``columns`` (default RECORD_COLUMNS) over ``event_flat e``, with parameters."""
    where, params = filters.where()
    selected = columns or ", ".join(f"e.{column}" for column in RECORD_COLUMNS)
    sql = (f"SELECT {selected} FROM event_flat e WHERE {where} "
           "ORDER BY e.day_start NULLS LAST, e.article_id, e.id")
    if filters.limit is not None:
        sql += " LIMIT ?"
        params.append(filters.limit)
    return sql, params


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise StoreError(f"{value!r} is not a date of the form YYYY-MM-DD") from None
