"""Dyadic series from the store: stories counted once, asserted only by default,
and a constructed spike of conflict flagged (coded results stored directly, no NLP)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

from dyad.analytics.store_bridge import series_from_store
from dyad.cli import cli
from dyad.model import ActorRef, Article, ArticleResult, Event, Location, Mention
from dyad.store import Store
from dyad.store.stories import update_stories

START = dt.date(2022, 3, 1)
SPIKE = dt.date(2022, 3, 25)
TOWNS = ("Kharkiv", "Mariupol", "Chernihiv")
LEAD = ("Cities across eastern and southern Ukraine came under fire before dawn, regional governors "
        "said, asking residents to stay in shelters until the sirens stopped. ")


def _result(article_id: str, outlet: str, day: dt.date, sentences: list[tuple[str, int, float, str | None]],
            *, modality: str = "asserted", lead: str = "") -> ArticleResult:
    """An article of ``sentences`` (text, quad, score, town) after ``lead``, each one
    Russia-on-Ukraine event that day."""
    text = lead + " ".join(sentence for sentence, *_ in sentences)
    events, start = [], len(lead)
    for number, (sentence, quad, score, town) in enumerate(sentences):
        verb = sentence.split()[1]
        trigger = start + sentence.index(verb)
        events.append(Event(
            id=f"{article_id}-v{number}", type="ASSAULT" if quad == 4 else "ACCUSE", mode=None, quad=quad,
            score=score, actor=[ActorRef("Russia", "RUS", "state")],
            recipient=[ActorRef("Ukraine", "UKR", "state")], modality=modality,
            trigger=Mention(trigger, trigger + len(verb), verb), sentence=Mention(start, start + len(sentence), sentence),
            date=day.isoformat(), date_precision="day", date_text="on Friday",
            location=Location(town, "UKR", None, None) if town else None))
        start += len(sentence) + 1
    article = Article(text=text, id=article_id, published=day.isoformat(), outlet=outlet,
                      url=f"https://{outlet.lower()}.example/{article_id}")
    return ArticleResult(article=article, events=events)


def _corpus() -> list[ArticleResult]:
    """Three weeks of one accusation a day, then on SPIKE three towns shelled, each reported
    by two outlets (one text: one is a wire copy), and on the day after a hypothetical wave
    of strikes (not counted by default)."""
    results = [_result(f"daily-{n}", "Wire", START + dt.timedelta(days=n),
                       [(f"Russia accused Ukraine of provocation number {n}.", 3, -2.0, None)])
               for n in range((SPIKE - START).days)]
    for outlet in ("Reuters", "AP"):
        results.append(_result(f"spike-{outlet.lower()}", outlet, SPIKE, lead=LEAD, sentences=[
            (f"Russia shelled {town} on Friday morning, killing several civilians, officials said.", 4, -9.5, town)
            for town in TOWNS]))
    results.append(_result("threat", "Blog", SPIKE + dt.timedelta(days=1), [
        (f"Russia could shell {town} tomorrow.", 4, -9.5, town) for town in TOWNS], modality="hypothetical"))
    return results


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("series") / "series.duckdb"
    with Store(path) as store:
        store.add_results(_corpus())
        update_stories(store)
    return path


def test_store_stories_series_counts_stories_and_flags_the_spike(db):
    with Store(db, read_only=True) as store:
        points = series_from_store(store, "rus", "ukr")
    by_day = {p.point.period: p for p in points}
    # The hypothetical day after the spike is not counted.
    assert (points[0].point.period, points[-1].point.period) == (START, SPIKE)
    spike = by_day[SPIKE]
    assert (spike.point.count, spike.point.counts[4]) == (3, 3)  # three towns, not six mentions
    assert spike.conflict == pytest.approx(28.5)
    assert [day.day for day in spike.flags] == [SPIKE]
    assert [p.point.period for p in points if p.flagged] == [SPIKE]


def test_store_stories_series_cli_csv_and_weeks(db):
    result = CliRunner().invoke(cli, ["series", "--db", str(db), "--actor", "RUS", "--recipient", "UKR",
                                      "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    flagged = [row for row in rows if row["escalation"]]
    assert [row["period"] for row in flagged] == [SPIKE.isoformat()]
    assert float(flagged[0]["conflict"]) > float(flagged[0]["threshold"])
    weekly = CliRunner().invoke(cli, ["series", "--db", str(db), "--actor", "RUS", "--freq", "week",
                                      "--format", "jsonl"])
    weeks = [json.loads(line) for line in weekly.output.splitlines()]
    monday = SPIKE - dt.timedelta(days=SPIKE.weekday())
    assert [w["period"] for w in weeks if w["escalation"]] == [monday.isoformat()]
    assert all(dt.date.fromisoformat(w["period"]).weekday() == 0 for w in weeks)


def test_store_stories_series_counts_hypothetical_only_when_asked(db):
    with Store(db, read_only=True) as store:
        points = series_from_store(store, "RUS", "UKR", modalities=("asserted", "hypothetical"))
    assert points[-1].point.period == SPIKE + dt.timedelta(days=1)
    assert points[-1].point.count == 3


def test_store_stories_series_table_marks_escalation(db):
    result = CliRunner().invoke(cli, ["series", "--db", str(db), "--actor", "RUS", "--from",
                                      SPIKE.isoformat(), "--to", SPIKE.isoformat()])
    assert result.exit_code == 0, result.output
    assert "ESCALATION" in result.output


def test_store_stories_rebuild_in_chunks_of_one_article_is_the_same(db, tmp_path, monkeypatch):
    import shutil

    from dyad.store import stories as story_store

    def state(path):
        with Store(path, read_only=True) as store:
            con = store.connection
            return [con.execute(f"SELECT * EXCLUDE ({skip}) FROM {table} ORDER BY ALL").fetchall()
                    for table, skip in (("story_events", "link_group"), ("stories", "n_events"),
                                        ("wire_copies", "similarity"))]

    copy = shutil.copy(db, tmp_path / "chunks.duckdb")
    monkeypatch.setattr(story_store, "CHUNK_ARTICLES", 1)
    with Store(copy) as store:
        update = story_store.rebuild_stories(store)
    assert update.articles == len(_corpus()) and update.copies == 1
    assert state(copy) == state(db)


def test_store_stories_rows_read_back_equal_rows_from_results(db):
    from dyad.analytics.rows import rows_from_results
    from dyad.store.story_rows import event_rows

    with Store(db, read_only=True) as store:
        stored = event_rows(store.connection, "TRUE", [])
        copies = dict(store.connection.execute("SELECT article_id, original_id FROM wire_copies").fetchall())
    expected = rows_from_results(_corpus())
    for row in expected:  # the store's originals are the first ingested (here: the smaller id)
        row.copy_of = copies.get(row.article_id)
    assert sorted(stored, key=lambda r: r.event_id) == sorted(expected, key=lambda r: r.event_id)
    assert copies == {"spike-reuters": "spike-ap"}


def test_store_stories_series_svg_marks_the_spike(db, tmp_path):
    out = tmp_path / "series.svg"
    result = CliRunner().invoke(cli, ["series", "--db", str(db), "--actor", "RUS", "--recipient", "UKR",
                                      "--format", "svg", "-o", str(out)])
    assert result.exit_code == 0, result.output
    svg = out.read_text("utf-8")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert f"escalation: {SPIKE.isoformat()}" in svg
    assert svg.count("escalation:") == 1
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
