"""Event and quote rows: built from results and from store records alike; the
day of an event falls back to its publication day."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dyad.analytics.results import read_results
from dyad.analytics.rows import (
    EventRow,
    quotes_from_results,
    row_from_record,
    rows_from_results,
)
from dyad.errors import InputError
from dyad.model import (
    ActorRef,
    Article,
    ArticleResult,
    Event,
    ItemError,
    Location,
    Mention,
    Quote,
)

TEXT = "Russian artillery shelled Avdiivka on Thursday. \"We will answer,\" said Zelensky."
SHELLED = Event(
    id="art-v0", type="ASSAULT", mode="heavy-weapons", quad=4, score=-9.5,
    actor=[ActorRef("Russia", "RUS", "state")],
    recipient=[ActorRef("Ukraine", "UKR", "state"), ActorRef("Kyiv", "UKR", "state")],
    modality="asserted", trigger=Mention(18, 25, "shelled"), sentence=Mention(0, 47, TEXT[:47]),
    date="2022-01-20", date_precision="day", date_text="on Thursday", location=Location("Avdiivka", "UKR", 48.1, 37.7))
QUOTE = Quote(id="art-q0", kind="direct", text="We will answer,", start=49, end=64,
              speaker=ActorRef("Volodymyr Zelensky", "UKR", "government"))
RESULT = ArticleResult(article=Article(text=TEXT, id="art", published="2022-01-21", outlet="AP",
                                       url="https://ap.example/art"), events=[SHELLED], quotes=[QUOTE])


def test_rows_from_results_flatten_event_and_quote():
    [row] = rows_from_results([RESULT])
    assert (row.actor_codes, row.recipient_codes, row.recipient_names) == (
        ["RUS"], ["UKR"], ["Ukraine", "Kyiv"])
    assert (row.sentence, row.trigger, row.location, row.outlet) == (
        "Russian artillery shelled Avdiivka on Thursday.", "shelled", "Avdiivka", "AP")
    [quote] = quotes_from_results([RESULT])
    assert (quote.speaker_code, quote.text, quote.day) == ("UKR", "We will answer,", dt.date(2022, 1, 21))
    assert EventRow.from_dict(json.loads(json.dumps(row.to_dict()))) == row


@pytest.mark.parametrize("date, precise, day", [
    ("2022-01-20", "2022-01-20", "2022-01-20"),
    ("2022-01", None, "2022-01-21"),     # a month is not a day: the publication day stands in
    (None, None, "2022-01-21"),
])
def test_rows_day_falls_back_to_publication(date, precise, day):
    row = EventRow(event_id="e", article_id="a", type="ASSAULT", quad=4, score=-9.0,
                   published="2022-01-21", date=date)
    assert row.precise_date == (dt.date.fromisoformat(precise) if precise else None)
    assert row.day == dt.date.fromisoformat(day)


def test_rows_store_records_give_the_same_rows_as_results(tmp_path):
    from dyad.store.db import Store

    with Store(tmp_path / "dyad.duckdb") as store:
        store.add_results([RESULT])
        records = store.query_events()
    assert [row_from_record(r) for r in records] == rows_from_results([RESULT])


def test_rows_read_results_skips_errors_and_rejects_junk(tmp_path):
    path = tmp_path / "coded.jsonl"
    error = ItemError("bad.txt", "empty", kind="empty")
    path.write_text("\n".join(json.dumps(r.to_dict()) for r in (RESULT, error)) + "\n", "utf-8")
    assert [r.article.id for r in read_results(path)] == ["art"]
    path.write_text(path.read_text("utf-8") + "{not json\n", "utf-8")
    with pytest.raises(InputError, match=":3"):
        list(read_results(path))
