"""dyad.scale without Ray: partitions in input order, the Parquet layout, the
local engine equal to a single-process extract, re-runs that skip what is written."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from dyad.cli import cli
from dyad.errors import ConfigError
from dyad.extract import extract
from dyad.ingest import read_inputs
from dyad.model import Article, ArticleResult, ItemError
from dyad.scale import load_errors, load_partitions, load_results, run_partitions
from dyad.scale.partitions import plan_partitions
from dyad.scale.worker import code_items
from tests.conftest import FIXTURES, ROOT

DEMO = ROOT / "demo" / "articles.jsonl"
# Six openly licensed articles (demo/SOURCES.md) and a French text that ingestion turns into an ItemError.
INPUTS = [str(FIXTURES / "wikinews.jsonl"), str(FIXTURES / "whitehouse-readout.txt"),
          str(FIXTURES / "non-english.txt"), str(FIXTURES / "voa-g7.html")]


def sample_items() -> list:
    return list(read_inputs(INPUTS, published="2022-02-12"))


@pytest.fixture(scope="module")
def reference() -> list:
    """The single-process extraction the scaled-out runs must equal."""
    return list(extract(sample_items()))


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    report = run_partitions(sample_items(), str(out), partition_size=2, workers=2)
    return out, report


def file_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def article(text: str, **fields) -> Article:
    return Article(text=text, **fields)


def test_partitions_are_runs_of_the_input_in_order():
    items = [article(f"Officials met in Geneva on day {n}.") for n in range(7)]
    partitions = list(plan_partitions(iter(items), size=3))
    assert [p.index for p in partitions] == [0, 1, 2]
    assert [p.start for p in partitions] == [0, 3, 6]
    assert [p.name for p in partitions] == ["part-00000", "part-00001", "part-00002"]
    assert [item for p in partitions for item in p.items] == items
    assert len({p.fingerprint for p in partitions}) == 3


@pytest.mark.parametrize("change, same", [
    ({"text": "The minister resigned on Tuesday."}, False),
    ({"published": "2023-05-02"}, False),
    ({"source": "moved/corpus.jsonl:1"}, True),  # where the corpus lies is not what it holds
])
def test_partitions_fingerprint_follows_what_coding_reads(change, same):
    base = dict(text="The minister resigned on Monday.", id="a1", published="2023-05-01", source="corpus.jsonl:1")
    (before,) = plan_partitions([article(**base)], size=5)
    (after,) = plan_partitions([article(**{**base, **change})], size=5)
    assert (before.fingerprint == after.fingerprint) is same


def test_partitions_reject_a_size_below_one():
    with pytest.raises(ValueError):
        list(plan_partitions([article("A text.")], size=0))


def test_local_output_equals_a_single_process_extract(local_run, reference):
    out, report = local_run
    expected = [r.to_dict() for r in reference if isinstance(r, ArticleResult)]
    assert [r.to_dict() for r in load_results(str(out))] == expected
    assert [e.to_dict() for e in load_errors(str(out))] == [
        r.to_dict() for r in reference if isinstance(r, ItemError)]
    assert report.written == [0, 1, 2] and report.skipped == []
    assert report.total("items") == len(reference)
    assert report.total("events") == sum(len(r["events"]) for r in expected) > 0


def test_parquet_layout_one_file_per_partition_one_row_per_item(local_run, reference):
    out, _ = local_run
    for directory in ("articles", "events"):
        assert sorted(p.name for p in (out / directory).iterdir()) == [
            "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    table = pq.read_table(out / "articles" / "part-00001.parquet")
    assert table.column("position").to_pylist() == [2, 3]
    assert table.column("partition").to_pylist() == [1, 1]
    metadata = pq.read_metadata(out / "articles" / "part-00001.parquet").metadata
    assert metadata[b"dyad.items"] == b"2" and metadata[b"dyad.partition"] == b"1"
    records = [json.loads(text) for text in table.column("result_json").to_pylist()]
    assert [r["record"] for r in records] == table.column("record").to_pylist()
    assert [r.to_dict() for r in reference[2:4]] == records


def test_parquet_events_query_in_place_with_duckdb(local_run, reference):
    out, _ = local_run
    rows = duckdb.sql(
        f"SELECT article_id, event_id, type, actor_codes, sentence FROM read_parquet('{out}/events/*.parquet') "
        "ORDER BY position, event_id").fetchall()
    events = sorted(((r.article.id, e) for r in reference if isinstance(r, ArticleResult) for e in r.events),
                    key=lambda pair: pair[1].id)
    assert sorted(row[1] for row in rows) == [e.id for _, e in events]
    by_id = {e.id: (article_id, e) for article_id, e in events}
    for article_id, event_id, event_type, actor_codes, sentence in rows:
        expected_article, event = by_id[event_id]
        assert (article_id, event_type, sentence) == (expected_article, event.type, event.sentence.text)
        assert actor_codes == [ref.code for ref in event.actor]
    errors = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/articles/*.parquet') "
                        "WHERE record = 'error'").fetchall()[0][0]
    assert errors == sum(isinstance(r, ItemError) for r in reference) == 1


def test_parquet_partitions_load_into_the_store(local_run, reference, tmp_path):
    from dyad.store import Store

    out, report = local_run
    with Store(tmp_path / "scale.duckdb") as store:
        for records in load_partitions(str(out)):
            store.add_results(records)
        counts = store.counts()
        stored = store.connection.execute("SELECT id FROM events ORDER BY id").fetchall()
    articles = [r for r in reference if isinstance(r, ArticleResult)]
    assert counts["articles"] == len(articles) == report.total("articles")
    assert counts["errors"] == report.total("errors") == 1
    assert [row[0] for row in stored] == sorted(e.id for r in articles for e in r.events)


def test_local_rerun_skips_written_partitions_and_redoes_a_partial_one(tmp_path, local_run):
    out = tmp_path / "run"
    run_partitions(sample_items(), str(out), partition_size=2)
    before = file_bytes(out)
    # A run killed while writing part-00001 leaves a temporary file and no articles file.
    (out / "articles" / "part-00001.parquet").unlink()
    (out / "articles" / "part-00001.parquet.tmp-0123456789ab").write_bytes(b"PAR1 half a file")
    coded: list[list[str]] = []

    def recording_coder(items):
        coded.append([getattr(item, "id", None) for item in items])
        return code_items(items)

    report = run_partitions(sample_items(), str(out), partition_size=2, coder=recording_coder)
    assert report.skipped == [0, 2] and report.written == [1]
    assert coded == [[getattr(item, "id", None) for item in sample_items()[2:4]]]
    assert file_bytes(out) == before
    assert file_bytes(out) == file_bytes(local_run[0])


def test_local_rerun_with_another_partition_size_is_refused(local_run):
    out, _ = local_run
    with pytest.raises(ConfigError, match="new --out"):
        run_partitions(sample_items(), str(out), partition_size=3)


def test_local_output_goes_to_an_fsspec_url(reference):
    fsspec = pytest.importorskip("fsspec")
    url = "memory://dyad-test-scale/run"
    try:
        report = run_partitions(sample_items(), url, partition_size=3)
        assert report.written == [0, 1]
        assert [r.to_dict() for r in load_results(url)] == [
            r.to_dict() for r in reference if isinstance(r, ArticleResult)]
    finally:
        fsspec.filesystem("memory").rm("/dyad-test-scale", recursive=True)


def test_ray_engine_without_ray_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)  # makes "import ray" fail
    with pytest.raises(ConfigError, match=r"pip install .*dyad\[ray\]"):
        run_partitions([article("The minister resigned.")], str(tmp_path), engine="ray")


def test_scale_cli_writes_partitions_then_skips_them(tmp_path):
    out = tmp_path / "cli"
    args = ["scale", "run", str(DEMO), "--out", str(out), "--partition-size", "8"]
    first = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "2 partitions written, 0 already written: 12 articles" in first.stdout
    second = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert "0 partitions written, 2 already written: 12 articles" in second.stdout
    assert len(list(load_results(str(out)))) == 12


def test_scale_cli_refuses_an_address_without_ray(tmp_path):
    result = CliRunner().invoke(cli, ["scale", "run", str(DEMO), "--out", str(tmp_path), "--address", "auto"])
    assert result.exit_code != 0
    assert "--engine ray" in str(result.exception)
