"""The store: writes, idempotence, errors, migrations, filters, read-only SQL, exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest

from dyad.errors import StoreError
from dyad.extract import extract
from dyad.ingest import read_inputs
from dyad.model import ActorRef, Article, ArticleResult, Event, ItemError, Location, Mention, text_hash
from dyad.store import EventFilter, Store
from dyad.store.export import export_csv, export_parquet, export_plover_jsonl
from dyad.store.ingest import plan_ingest, run_ingest
from dyad.store.migrate import latest_version, migrate, schema_version
from dyad.store.rows import date_span
from dyad.store.sql import run_sql

DEMO = Path(__file__).resolve().parent.parent / "demo" / "articles.jsonl"


@pytest.fixture(scope="module")
def demo_results() -> list[ArticleResult]:
    """The demo articles (openly licensed, see demo/SOURCES.md), coded once for the module."""
    results = list(extract(read_inputs([str(DEMO)])))
    return [r for r in results if isinstance(r, ArticleResult)]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, demo_results) -> Path:
    path = tmp_path_factory.mktemp("store") / "demo.duckdb"
    with Store(path) as store:
        store.add_results(demo_results[:6])
        store.add_results(demo_results[6:])
    return path


def _event(event_id: str, *, actor: str, recipient: str | None, type_: str = "ACCUSE", quad: int = 3,
           date: str | None = None, modality: str = "asserted", country: str | None = None,
           sentence: str = "Ruritania accused Freedonia.") -> Event:
    """A hand-made event: filters are checked against values set here, not read from the program."""
    return Event(
        id=event_id, type=type_, mode=None, quad=quad, score=-2.0,
        actor=[ActorRef(actor, actor, "GOV")],
        recipient=[ActorRef(recipient, recipient, "GOV")] if recipient else [],
        modality=modality, trigger=Mention(10, 17, "accused"), sentence=Mention(0, len(sentence), sentence),
        date=date, date_precision={10: "day", 7: "month", 4: "year"}.get(len(date or "")),
        location=Location(country, country, None, None) if country else None,
    )


@pytest.fixture(scope="module")
def made_db(tmp_path_factory) -> Path:
    article = Article(text="Ruritania accused Freedonia. Freedonia threatened Ruritania.", id="made",
                      published="2022-03-15")
    events = [
        _event("made-1", actor="RUR", recipient="FRE", date="2022-02", country="FRE"),
        _event("made-2", actor="FRE", recipient="RUR", type_="THREATEN", date="2022-03-01",
               modality="hypothetical", sentence="Freedonia threatened Ruritania."),
        _event("made-3", actor="RUR", recipient=None, type_="AGREE", quad=1),  # undated: 2022-03-15
    ]
    path = tmp_path_factory.mktemp("made") / "made.duckdb"
    with Store(path) as store:
        store.add_results([ArticleResult(article=article, events=events, version="0.1.0")])
    return path


def test_store_add_results_stores_every_row(demo_db, demo_results):
    with Store(demo_db, read_only=True) as store:
        counts = store.counts()
    assert counts["articles"] == len(demo_results)
    assert counts["events"] == sum(len(r.events) for r in demo_results)
    assert counts["event_actors"] == sum(len(e.actor) + len(e.recipient) for r in demo_results for e in r.events)
    assert counts["mentions"] == sum(len(x.mentions) for r in demo_results for x in [*r.entities, *r.places])


def test_store_evidence_offsets_trace_back_to_the_stored_text(demo_db):
    with Store(demo_db, read_only=True) as store:
        rows = store.connection.execute(
            "SELECT a.text, e.sentence_start, e.sentence_end, e.sentence_text FROM events e "
            "JOIN articles a ON a.id = e.article_id").fetchall()
    assert rows
    assert all(text[start:end] == sentence for text, start, end, sentence in rows)


def test_store_adding_the_same_results_twice_keeps_one_copy(tmp_path, demo_results):
    with Store(tmp_path / "twice.duckdb") as store:
        store.add_results(demo_results[:3])
        first = store.counts()
        store.add_results([*demo_results[:3], demo_results[0]])
        assert store.counts() == first
        assert store.has_article(demo_results[0].article.id)
        assert store.has_article("unknown-id", text_hash(demo_results[1].article.text))
        assert not store.has_article(demo_results[5].article.id, text_hash(demo_results[5].article.text))


def test_store_plan_skips_stored_articles_by_id_and_by_text(demo_db, demo_results):
    stored = demo_results[0].article
    copies = [
        Article(text=stored.text, id=stored.id),
        Article(text=stored.text, id="another-id"),  # same text under a new id
        Article(text="Freedonia recalled its ambassador from Ruritania on Monday.", id="new"),
    ]
    with Store(demo_db, read_only=True) as store:
        plan = plan_ingest(copies, store.article_index())
    assert [item.id for item in plan.todo] == ["new"]
    assert plan.skipped == 2


@pytest.mark.parametrize("reprocess, expected", [("none", 0), ("outdated", 2), ("all", 12)])
def test_store_plan_reprocess_selects_outdated_or_all(tmp_path, demo_db, demo_results, reprocess, expected):
    path = tmp_path / "copy.duckdb"
    path.write_bytes(demo_db.read_bytes())
    with Store(path) as store:
        old = [r.article.id for r in demo_results[:2]]
        store.connection.execute("UPDATE articles SET version = '0.0.9' WHERE list_contains(?, id)", [old])
        plan = plan_ingest([r.article for r in demo_results], store.article_index(), reprocess=reprocess)
    assert len(plan.todo) == expected
    assert plan.skipped == len(demo_results) - expected


def test_store_reprocess_replaces_rows_without_duplicates(tmp_path, demo_results):
    articles = [r.article for r in demo_results[:3]]
    with Store(tmp_path / "re.duckdb") as store:
        run_ingest(store, plan_ingest(articles, store.article_index()))
        before = store.counts()
        report = run_ingest(store, plan_ingest(articles, store.article_index(), reprocess="all"))
        assert report.stored == 3
        assert store.counts() == before


def test_store_errors_are_recorded_once_and_resolved_when_stored(tmp_path, demo_results):
    result = demo_results[0]
    error = ItemError(result.article.source, "internal error while coding", "internal")
    with Store(tmp_path / "errors.duckdb") as store:
        store.add_results([error, ItemError("bad.jsonl:3", "not JSON", "malformed")])
        store.add_results([error])
        rows = store.connection.execute("SELECT item, kind, seen FROM errors").fetchall()
        assert sorted(rows) == sorted([("bad.jsonl:3", "malformed", 1), (result.article.source, "internal", 2)])
        store.add_results([result])
        assert store.connection.execute("SELECT item FROM errors").fetchall() == [("bad.jsonl:3",)]


def test_store_older_schema_is_migrated(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con, where=str(path), target=1)
        assert schema_version(con) == 1
    with Store(path) as store:
        assert schema_version(store.connection) == latest_version() >= 2
        store.connection.execute("SELECT count(*) FROM event_dyads").fetchall()


def test_store_older_schema_is_refused_read_only(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con, where=str(path), target=1)
    with pytest.raises(StoreError, match="older"):
        Store(path, read_only=True)


def test_store_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    Store(path).close()
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO schema_version VALUES (99, 'future', now())")
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_store_read_only_refuses_writes_and_missing_files(tmp_path, demo_db, demo_results):
    with Store(demo_db, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.add_results(demo_results[:1])
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_store_path_comes_from_dyad_db(tmp_path, monkeypatch):
    monkeypatch.setenv("DYAD_DB", str(tmp_path / "env.duckdb"))
    with Store() as store:
        assert store.path == tmp_path / "env.duckdb"
    assert (tmp_path / "env.duckdb").is_file()


@pytest.mark.parametrize("date, first, last", [
    ("2022-02-24", "2022-02-24", "2022-02-24"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2021", "2021-01-01", "2021-12-31"),
])
def test_store_date_span_covers_the_precision(date, first, last):
    assert [d.isoformat() for d in date_span(date)] == [first, last]


@pytest.mark.parametrize("filters, expected", [
    (EventFilter(), {"made-1", "made-2", "made-3"}),
    (EventFilter(date_from="2022-02-20", date_to="2022-02-28"), {"made-1"}),  # inside the month
    (EventFilter(date_from="2022-03-10"), {"made-3"}),  # undated: the publication day
    (EventFilter(actor=("RUR",)), {"made-1", "made-3"}),
    (EventFilter(recipient=("RUR",)), {"made-2"}),
    (EventFilter(dyad=("FRE", "RUR")), {"made-2"}),
    (EventFilter(dyad=("RUR", "RUR")), set()),
    (EventFilter(type=("THREATEN", "AGREE")), {"made-2", "made-3"}),
    (EventFilter(quad=(1,)), {"made-3"}),
    (EventFilter(country=("FRE",)), {"made-1"}),
    (EventFilter(modality=("asserted",)), {"made-1", "made-3"}),
    (EventFilter(search="THREATENED"), {"made-2"}),
    (EventFilter(actor=("RUR",), quad=(3,)), {"made-1"}),
])
def test_store_query_filters(made_db, filters, expected):
    with Store(made_db, read_only=True) as store:
        assert {event["id"] for event in store.query_events(filters)} == expected


def test_store_query_actor_matches_the_coded_events(demo_db, demo_results):
    expected = {e.id for r in demo_results for e in r.events if "RUS" in {a.code for a in e.actor}}
    with Store(demo_db, read_only=True) as store:
        events = store.query_events(EventFilter(actor=("RUS",)))
        assert len(store.query_events(EventFilter(limit=2))) == 2
    assert {event["id"] for event in events} == expected


@pytest.mark.parametrize("sql", [
    "DELETE FROM articles",
    "UPDATE events SET type = 'X'",
    "CREATE TABLE t AS SELECT 1",
    "ATTACH '/tmp/other.duckdb' AS other",
    "COPY articles TO '/tmp/articles.csv'",
    "INSTALL httpfs",
    "SET enable_external_access = true",
    "SELECT * FROM read_csv('/etc/hostname')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT 1; DROP TABLE events",
])
def test_store_sql_refuses_anything_but_reading(demo_db, sql):
    with pytest.raises(StoreError):
        run_sql(sql, path=demo_db)
    with Store(demo_db, read_only=True) as store:
        assert store.counts()["events"] > 0


def test_store_sql_reads(demo_db, demo_results):
    result = run_sql("SELECT count(*) AS n FROM articles", path=demo_db)
    assert result.columns == ["n"]
    assert result.rows == [(len(demo_results),)]


def _dyad_rows(results: list[ArticleResult]) -> int:
    return sum(max(1, len(e.actor)) * max(1, len(e.recipient)) for r in results for e in r.events)


def test_store_exports_read_back(tmp_path, demo_db, demo_results):
    with Store(demo_db, read_only=True) as store:
        jsonl, flat = io.StringIO(), io.StringIO()
        export_plover_jsonl(store.connection, EventFilter(), jsonl)
        export_csv(store.connection, EventFilter(), flat)
        export_parquet(store.connection, EventFilter(), tmp_path / "events.parquet")
    records = [json.loads(line) for line in jsonl.getvalue().splitlines()]
    assert len(records) == sum(len(r.events) for r in demo_results)
    assert {"event_type", "mode", "contexts", "actor", "recipient", "date", "location"} <= set(records[0])
    rows = list(csv.DictReader(io.StringIO(flat.getvalue())))
    assert len(rows) == _dyad_rows(demo_results)
    assert {"actor_code", "actor_sector", "recipient_code", "event_type"} <= set(rows[0])
    parquet = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path / 'events.parquet'}')").fetchall()
    assert parquet == [(_dyad_rows(demo_results),)]
