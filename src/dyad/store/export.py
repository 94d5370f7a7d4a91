"""Exports: PLOVER-style JSONL (one record per event), a GDELT-like flat table
(one row per actor-recipient pair) as CSV or Parquet.

Every export takes the EventFilter of ``dyad query``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import duckdb

from dyad.errors import StoreError
from dyad.store.query import RECORD_COLUMNS, EventFilter, events_sql

FORMATS = ("plover-jsonl", "csv", "parquet")
FETCH_ROWS = 2000


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """An event_records row as a PLOVER-style record (ontology field names, evidence, source)."""
    location = None
    if row["location_name"] or row["location_country"]:
        location = {"name": row["location_name"], "country": row["location_country"],
                    "lat": row["location_lat"], "lon": row["location_lon"]}
    return {
        "id": row["id"],
        "event_type": row["type"],
        "mode": row["mode"],
        "contexts": list(row["contexts"] or []),
        "quad": row["quad"],
        "score": row["score"],
        "actor": [_ref(ref) for ref in row["actor"]],
        "recipient": [_ref(ref) for ref in row["recipient"]],
        "date": row["date"],
        "date_precision": row["date_precision"],
        "story_date": row["published"],
        "location": location,
        "modality": row["modality"],
        "sourcing": {"kind": row["sourcing_kind"], "name": row["sourcing_name"], "code": row["sourcing_code"]},
        "confidence": row["confidence"],
        "evidence": {"text": row["sentence_text"], "start": row["sentence_start"], "end": row["sentence_end"],
                     "trigger": {"text": row["trigger_text"], "start": row["trigger_start"],
                                 "end": row["trigger_end"]}},
        "source": {"article_id": row["article_id"], "title": row["title"], "outlet": row["outlet"],
                   "url": row["url"], "published": row["published"]},
    }


def export_plover_jsonl(con: duckdb.DuckDBPyConnection, filters: EventFilter, output: IO[str]) -> int:
    """Write one PLOVER-style JSON record per event; returns how many."""
    sql, params = events_sql(filters)
    count = 0
    for row in _fetch(con, sql, params):
        record = plover_record(dict(zip(RECORD_COLUMNS, row, strict=True)))
        output.write(json.dumps(record, ensure_ascii=False, default=_json_default) + "\n")
        count += 1
    return count


def export_csv(con: duckdb.DuckDBPyConnection, filters: EventFilter, output: IO[str]) -> int:
    """Write the event_dyads rows (with a header) as CSV; returns how many rows."""
    sql, params = dyads_sql(filters)
    cursor = _execute(con, sql, params)
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow([column[0] for column in cursor.description or []])
    count = 0
    while rows := cursor.fetchmany(FETCH_ROWS):
        writer.writerows(rows)
        count += len(rows)
    return count


def export_parquet(con: duckdb.DuckDBPyConnection, filters: EventFilter, path: Path) -> int:
    """Write the event_dyads rows to a Parquet file with DuckDB's COPY; returns how many rows."""
    sql, params = dyads_sql(filters)
    target = str(path).replace("'", "''")
    _execute(con, f"COPY ({sql}) TO '{target}' (FORMAT parquet)", params)
    row = _execute(con, f"SELECT count(*) FROM ({sql})", params).fetchone()
    return int(row[0]) if row else 0


def dyads_sql(filters: EventFilter) -> tuple[str, list[object]]:
    """The event_dyads rows of the events that pass ``filters`` (the limit counts events)."""
    picked, params = events_sql(filters, columns="e.article_id, e.id")
    sql = (f"SELECT d.* FROM event_dyads d JOIN ({picked}) p "
           "ON p.article_id = d.article_id AND p.id = d.event_id "
           "ORDER BY d.day_start NULLS LAST, d.article_id, d.event_id, d.actor_code, d.recipient_code")
    return sql, params


def _ref(ref: dict[str, Any]) -> dict[str, Any]:
    return {"name": ref["name"], "code": ref["code"], "sector": ref["sector"]}


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> Iterator[tuple[Any, ...]]:
    cursor = _execute(con, sql, params)
    while rows := cursor.fetchmany(FETCH_ROWS):
        yield from rows


def _execute(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> duckdb.DuckDBPyConnection:
    try:
        return con.execute(sql, params)
    except duckdb.Error as e:
        raise StoreError(f"export failed: {e}") from e


def _json_default(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
