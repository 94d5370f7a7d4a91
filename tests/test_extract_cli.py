"""``dyad extract`` end to end: records valid against the schema, offsets true,
bad items reported while the rest goes on."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from dyad.cli import cli
from dyad.model import result_from_dict
from tests.conftest import FIXTURES, ROOT

SCHEMA = json.loads((ROOT / "docs" / "output-schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def run_extract(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, ["extract", *args], input=input, catch_exceptions=False)


def records_of(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def check_offsets(record: dict) -> None:
    """Every offset in a record points at the text it claims."""
    text = record["article"]["text"]
    spans = [e["trigger"] for e in record["events"]] + [e["sentence"] for e in record["events"]]
    spans += [m for x in record["entities"] + record["places"] for m in x["mentions"]]
    for span in spans:
        assert text[span["start"]:span["end"]] == span["text"], span
    for quote in record["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"], quote
    for event in record["events"]:
        assert event["sentence"]["start"] <= event["trigger"]["start"] < event["sentence"]["end"]


def test_extract_jsonl_records_are_valid_and_in_input_order():
    result = run_extract(str(FIXTURES / "wikinews.jsonl"), str(FIXTURES / "whitehouse-readout.txt"),
                         "--published", "2022-02-12")
    assert result.exit_code == 0, result.output
    records = records_of(result.stdout)
    assert [r["article"]["id"] for r in records][:2] == ["fa8cc9104eff", "4ad5512fe8af"]
    assert len(records) == 3
    for record in records:
        VALIDATOR.validate(record)
        check_offsets(record)
    assert sum(len(r["events"]) for r in records) > 0


def test_extract_json_round_trips_through_the_dataclasses():
    result = run_extract(str(FIXTURES / "whitehouse-readout.txt"), "--format", "json",
                         "--published", "2022-02-12")
    (record,) = json.loads(result.stdout)
    assert result_from_dict(record).to_dict() == record


def test_extract_bad_items_are_reported_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.jsonl").write_text('{"id": "broken", "text": \n')
    good = FIXTURES / "whitehouse-readout.txt"
    result = run_extract(str(tmp_path / "empty.txt"), str(tmp_path / "bad.jsonl"), str(good),
                         str(FIXTURES / "non-english.txt"))
    assert result.exit_code == 1
    records = records_of(result.stdout)
    assert [r["record"] for r in records] == ["error", "error", "article", "error"]
    for record in records:
        VALIDATOR.validate(record)
    assert f"{tmp_path / 'empty.txt'}: empty" in result.stderr
    assert f"{tmp_path / 'bad.jsonl'}:1: malformed JSON" in result.stderr
    assert "3 of 4 items failed" in result.stderr


def test_extract_without_a_date_says_so_and_resolves_nothing():
    result = run_extract(str(FIXTURES / "whitehouse-readout.txt"))
    (record,) = records_of(result.stdout)
    assert record["article"]["published"] is None
    assert any("no publication date" in w for w in record["warnings"])
    assert all(e["date"] is None for e in record["events"])


def test_extract_reads_stdin():
    data = (FIXTURES / "wikinews.jsonl").read_bytes()
    result = run_extract("-", input=data)
    assert [r["article"]["id"] for r in records_of(result.stdout)] == ["fa8cc9104eff", "4ad5512fe8af"]


def test_extract_table_shows_evidence(tmp_path):
    out = tmp_path / "table.txt"
    result = run_extract(str(FIXTURES / "whitehouse-readout.txt"), "--format", "table", "-o", str(out),
                         "--published", "2022-02-12")
    assert result.exit_code == 0
    table = out.read_text("utf-8")
    (record,) = records_of(run_extract(str(FIXTURES / "whitehouse-readout.txt"),
                                       "--published", "2022-02-12").stdout)
    assert record["events"]
    assert "evidence" in table and f"{len(record['events'])} events" in table
    for event in record["events"]:
        assert event["type"] in table
        assert event["sentence"]["text"].split()[0] in table


def test_extract_rejects_a_bad_published_date():
    result = CliRunner().invoke(cli, ["extract", str(FIXTURES / "whitehouse-readout.txt"),
                                      "--published", "21/01/2022"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_extract_two_workers_equal_one_worker():
    args = [str(FIXTURES / "wikinews.jsonl"), str(FIXTURES / "whitehouse-readout.txt")]
    one = records_of(run_extract(*args).stdout)
    two = records_of(run_extract(*args, "--workers", "2").stdout)
    assert one == two


@pytest.mark.shared
def test_extract_whole_corpus_is_valid_with_true_offsets(shared_dir: Path):
    result = run_extract(str(shared_dir / "corpus" / "articles.jsonl"), "--workers", "2")
    assert result.exit_code == 0, result.stderr
    records = records_of(result.stdout)
    assert len(records) == 67
    for record in records:
        VALIDATOR.validate(record)
        check_offsets(record)


@pytest.mark.shared
def test_extract_seed_article_yields_events(shared_dir: Path):
    (seed,) = sorted((shared_dir / "seed").glob("*.txt"))
    result = run_extract(str(seed), "--published", "2022-01-21")
    (record,) = records_of(result.stdout)
    VALIDATOR.validate(record)
    check_offsets(record)
    types = {e["type"] for e in record["events"]}
    assert {"CONSULT", "REJECT"} <= types


def test_extract_an_article_whose_coding_runs_too_long_is_an_error_and_the_batch_goes_on(monkeypatch):
    import importlib
    import time

    from dyad.extract import extract
    from dyad.model import Article, ArticleResult, ItemError

    extraction = importlib.import_module("dyad.extract")  # the module: dyad.extract is also a function
    real_code_article = extraction.code_article

    def looping_on_one(doc, article):  # stands in for a rule that never ends on one text
        while article.id == "stuck":
            time.sleep(0.01)
        return real_code_article(doc, article)

    monkeypatch.setattr(extraction, "code_article", looping_on_one)
    monkeypatch.setenv("DYAD_CODING_TIME_LIMIT", "0.5")
    items = [Article(text="Russia massed troops near the Ukrainian border.", id="stuck"),
             Article(text="The United States imposed sanctions on Russia.", id="next")]
    stuck, following = list(extract(items))
    assert isinstance(stuck, ItemError) and stuck.kind == "timeout" and "0.5 s" in stuck.message
    assert isinstance(following, ArticleResult) and any(e.type == "SANCTION" for e in following.events)
