"""event_flat (migration 5): filled for older databases, kept by the store in the
transaction that writes the events, and read by the event filters; compared
with what migration 2's event_records view gave (tests/flat_corpus.py)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from flat_corpus import first, old_view_sql, ordered, passes, records, reference, second, third

from dyad.errors import StoreError
from dyad.store import EventFilter, Store
from dyad.store.migrate import latest_version, migrate, schema_version
from dyad.store.query import RECORD_COLUMNS
from dyad.store.rows import COLUMNS, Rows


def _insert_as_version_4(con: duckdb.DuckDBPyConnection, results) -> None:
    """Write results the way the store did before event_flat: the tables only."""
    rows = Rows()
    for result in results:
        rows.add(result, now=dt.datetime(2026, 1, 1))
    for table, columns in COLUMNS.items():
        if rows.tables[table]:
            select = ", ".join(f"unnest(?::{kind}[])" for _, kind in columns)
            con.execute(f"INSERT INTO {table} SELECT {select}", rows.columns(table))


def test_store_event_flat_fills_an_older_database_on_migration(tmp_path):
    path = tmp_path / "v4.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con, where=str(path), target=4)
        _insert_as_version_4(con, [first(), second(), third()])
        before = records(con, "event_records")
    assert len(before) == 9
    with Store(path) as store:
        con = store.connection
        assert schema_version(con) == latest_version() >= 5
        assert records(con, "event_records") == before
        assert con.execute("SELECT count(*) FROM event_flat").fetchone()[0] == 9


def test_store_event_records_keeps_its_columns(tmp_path):
    with Store(tmp_path / "fresh.duckdb") as store:
        store.add_results([first()])
        con = store.connection
        now = [row[0] for row in con.execute("DESCRIBE event_records").fetchall()]
        old = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM ({old_view_sql()})").fetchall()]
    assert now == old
    assert set(RECORD_COLUMNS) <= set(now)


def test_store_event_flat_follows_reingest_and_replace(tmp_path):
    with Store(tmp_path / "live.duckdb") as store:
        con = store.connection
        store.add_results([first(), second()])
        assert records(con, "event_records") == reference(con)
        # Stored again with another title and one event fewer: its rows are replaced, not added.
        changed = first(title="Strikes, requests and sanctions")
        changed.events = changed.events[:3]
        store.add_results([changed])
        now = records(con, "event_records")
        assert now == reference(con) and len(now) == 6
        assert {r["title"] for r in now if r["article_id"] == "flat-1"} == {"Strikes, requests and sanctions"}
        # A new article that replaces a stored one (the same text under another id, say).
        store.add_results([third()], replace=["flat-2"])
        now = records(con, "event_records")
        assert now == reference(con)
        assert {r["article_id"] for r in now} == {"flat-1", "flat-3"}


def test_store_event_flat_rolls_back_with_its_batch(tmp_path, monkeypatch):
    with Store(tmp_path / "failing.duckdb") as store:
        store.add_results([first()])
        before = records(store.connection, "event_flat")

        def fail(*args, **kwargs):
            raise duckdb.IOException("disk full")

        # After the events and their flat rows went in, the batch fails: none of it stays.
        monkeypatch.setattr(Store, "_resolve_errors", fail)
        with pytest.raises(StoreError, match="disk full"):
            store.add_results([first(title="Never stored"), second()])
        assert records(store.connection, "event_flat") == before


FILTERS = [
    {},
    {"actor": "RUS"},
    {"actor": "NATO,DEU"},
    {"recipient": "UKR"},
    {"actor": "USA", "recipient": "RUS"},
    {"type": "ASSAULT"},
    {"quad": "1,2"},
    {"country": "UKR"},
    {"modality": "hypothetical,negated"},
    {"search": "SANCTIONS"},
    {"article": "flat-2"},
    {"from": "2022-02-22"},
    {"to": "2022-02-21"},
    {"from": "2022-03-01", "to": "2022-03-31"},
]


def event_filter(params: dict[str, str]) -> EventFilter:
    lists = {name: tuple(params[name].split(",")) for name in ("actor", "recipient", "type", "country", "modality")
             if name in params}
    return EventFilter(date_from=params.get("from"), date_to=params.get("to"), search=params.get("search"),
                       article=params.get("article"), quad=tuple(int(q) for q in params.get("quad", "").split(",")
                                                                  if q), **lists)


@pytest.fixture(scope="module")
def three_articles(tmp_path_factory):
    path = tmp_path_factory.mktemp("flat") / "three.duckdb"
    with Store(path) as store:
        store.add_results([first(), second(), third()])
    return path


@pytest.mark.parametrize("params", FILTERS)
def test_store_query_events_match_the_old_view(three_articles, params):
    with Store(three_articles, read_only=True) as store:
        expected = ordered([r for r in reference(store.connection) if passes(r, params)], "day_start")
        found = store.query_events(event_filter(params))
    assert [{k: r[k] for k in RECORD_COLUMNS} for r in expected] == found
    if params:
        assert len(found) < 9


def test_store_query_events_dyad_needs_both_directions(tmp_path):
    with Store(tmp_path / "dyad.duckdb") as store:
        store.add_results([first(), second()])
        found = store.query_events(EventFilter(dyad=("USA", "RUS")))
        assert {(r["article_id"], r["id"]) for r in found} == {("flat-1", "v2"), ("flat-2", "v0")}
        assert store.query_events(EventFilter(dyad=("RUS", "USA"))) == []
