"""The store's commands: ingest (idempotent, resumable after SIGKILL), query, sql, export."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from dyad.cli import cli
from dyad.errors import StoreError
from dyad.extract import extract
from dyad.ingest import read_inputs
from dyad.model import ArticleResult
from dyad.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "articles.jsonl"


def _demo_records() -> list[dict]:
    return [json.loads(line) for line in DEMO.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def small_input(tmp_path_factory) -> Path:
    """Three demo articles (openly licensed, see demo/SOURCES.md) and one malformed line."""
    path = tmp_path_factory.mktemp("input") / "small.jsonl"
    lines = [json.dumps(record) for record in _demo_records()[:3]] + ["{this is not json"]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, small_input) -> Path:
    db = tmp_path_factory.mktemp("db") / "cli.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(small_input), "--db", str(db)])
    assert result.exit_code == 1, result.output  # the malformed line fails, the rest is stored
    return db


def _counts(db: Path) -> dict[str, int]:
    with Store(db, read_only=True) as store:
        return store.counts()


def test_cli_store_ingest_stores_articles_and_records_errors(ingested):
    counts = _counts(ingested)
    assert counts["articles"] == 3
    assert counts["errors"] == 1


def test_cli_store_ingest_twice_adds_nothing_and_uses_dyad_db(tmp_path, ingested, small_input):
    db = tmp_path / "again.duckdb"
    db.write_bytes(ingested.read_bytes())
    before = _counts(db)
    result = CliRunner().invoke(cli, ["ingest", str(small_input)], env={"DYAD_DB": str(db)})
    assert "skipped 3 already stored" in result.output
    assert _counts(db) == before  # the error row too: met again, not duplicated
    with Store(db, read_only=True) as store:
        assert store.connection.execute("SELECT seen FROM errors").fetchall() == [(2,)]


def test_cli_store_ingest_reprocess_all_recodes(tmp_path, ingested, small_input):
    db = tmp_path / "re.duckdb"
    db.write_bytes(ingested.read_bytes())
    result = CliRunner().invoke(cli, ["ingest", str(small_input), "--db", str(db), "--reprocess", "all"])
    assert "stored 3 articles" in result.output
    assert _counts(db) == _counts(ingested)


def _copies(count: int) -> list[dict]:
    """``count`` variants of each demo article: distinct ids and texts, so none is a duplicate."""
    records = []
    for copy in range(count):
        for record in _demo_records():
            records.append({**record, "id": f"{record['id']}-{copy}", "text": f"{record['text']}\n\nCopy {copy}."})
    return records


def _events_per_article(db: Path) -> dict[str, int]:
    with Store(db, read_only=True) as store:
        rows = store.connection.execute(
            "SELECT a.id, count(e.id) FROM articles a LEFT JOIN events e ON e.article_id = a.id GROUP BY a.id"
        ).fetchall()
    return dict(rows)


def _ingest_until_first_commit_then_kill(source: Path, db: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [sys.executable, "-c", "from dyad.cli import main; main()", "ingest", str(source), "--db", str(db),
         "--batch-size", "2"], stderr=subprocess.PIPE, text=True, env=env)
    for line in process.stderr:
        if "committed batch" in line:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"


def test_cli_store_ingest_killed_midway_is_consistent_and_resumes(tmp_path):
    records = _copies(2)
    source = tmp_path / "copies.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in records), "utf-8")
    db = tmp_path / "killed.duckdb"
    _ingest_until_first_commit_then_kill(source, db)
    expected = {r.article.id: len(r.events) for r in extract(read_inputs([str(source)]))
                if isinstance(r, ArticleResult)}

    partial = _events_per_article(db)
    assert 2 <= len(partial) < len(records) and len(partial) % 2 == 0  # whole batches only
    assert partial == {article_id: expected[article_id] for article_id in partial}

    result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(db), "--batch-size", "2"])
    assert f"skipped {len(partial)} already stored" in result.output
    assert _events_per_article(db) == expected
    with Store(db, read_only=True) as store:
        duplicates = store.connection.execute(
            "SELECT count(*) FROM (SELECT article_id, id FROM events GROUP BY ALL HAVING count(*) > 1)").fetchall()
    assert duplicates == [(0,)]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_cli_store_query_formats(ingested, fmt):
    with Store(ingested, read_only=True) as store:
        expected = store.query_events()
    result = CliRunner().invoke(cli, ["query", "--db", str(ingested), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [e["id"] for e in expected]
    elif fmt == "csv":
        assert [row["id"] for row in csv.DictReader(io.StringIO(result.stdout))] == [e["id"] for e in expected]
    else:
        assert all(event["article_id"] in result.stdout for event in expected)


def test_cli_store_query_filters_by_actor(ingested):
    result = CliRunner().invoke(cli, ["query", "--db", str(ingested), "--format", "jsonl", "--actor", "rus"])
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events
    assert all("RUS" in {ref["code"] for ref in event["actor"]} for event in events)


def test_cli_store_sql_refuses_writes(ingested):
    result = CliRunner().invoke(cli, ["sql", "DROP TABLE events", "--db", str(ingested)])
    assert isinstance(result.exception, StoreError)
    assert _counts(ingested)["events"] > 0


@pytest.mark.parametrize("fmt", ["plover-jsonl", "csv", "parquet"])
def test_cli_store_export_reads_back(tmp_path, ingested, fmt):
    path = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--db", str(ingested), "--format", fmt, "-o", str(path)])
    assert result.exit_code == 0, result.output
    events = _counts(ingested)["events"]
    if fmt == "plover-jsonl":
        assert len([json.loads(line) for line in path.read_text("utf-8").splitlines()]) == events
    elif fmt == "csv":
        assert len(list(csv.DictReader(path.open(encoding="utf-8")))) >= events
    else:
        rows = duckdb.sql(f"SELECT count(DISTINCT event_id) FROM read_parquet('{path}')").fetchall()
        assert rows == [(events,)]
