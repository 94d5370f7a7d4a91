"""The seed article (read from ../shared, never copied here): the expectations the
issues set for it, on places, dates, quotes and sourcing. Skipped where ../shared is absent."""

from __future__ import annotations

import datetime as dt

import pytest

from dyad.model import Article, ArticleResult
from dyad.pipeline import code_article
from dyad.pipeline.temporal import find_expressions, resolve

PUBLISHED = "2022-01-21"


@pytest.fixture(scope="module")
def seed(nlp, shared_dir) -> tuple[object, ArticleResult]:
    (path,) = sorted((shared_dir / "seed").glob("*.txt"))
    text = path.read_text("utf-8")
    doc = nlp(text)
    return doc, code_article(doc, Article(text=text, id="seed", published=PUBLISHED, dateline="Geneva"))


@pytest.mark.parametrize("name, country", [
    ("Geneva", "CHE"), ("Kyiv", "UKR"), ("Berlin", "DEU"), ("Belarus", "BLR"), ("Donetsk", "UKR"),
    ("Luhansk", "UKR"),
])
def test_seed_places_resolve_to_their_countries(seed, name, country):
    _, result = seed
    assert {p.country for p in result.places if p.name == name} == {country}


def test_seed_geneva_meeting_is_dated_and_placed(seed):
    _, result = seed
    meeting = next(e for e in result.events if e.type == "CONSULT" and e.sentence.start == 0)
    assert meeting.date == PUBLISHED and meeting.location.name == "Geneva" and meeting.location.country == "CHE"


@pytest.mark.parametrize("expression, future, day", [("Feb. 10", True, "2022-02-10"), ("Jan. 18", False, "2022-01-18")])
def test_seed_calendar_dates_resolve_against_publication(seed, expression, future, day):
    doc, _ = seed
    (found,) = [x for x in find_expressions(doc) if x.text == expression]
    assert resolve(found, dt.date.fromisoformat(PUBLISHED), future=future).value == day


def test_seed_forces_sent_to_belarus_are_placed_there(seed):
    _, result = seed
    sent = [e for e in result.events if e.type == "MOBILIZE" and "Belarus" in e.sentence.text
            and e.modality == "asserted"]
    assert len(sent) >= 2 and all(e.location.country == "BLR" for e in sent)
    assert any("S-400" in e.sentence.text for e in sent)


def test_seed_every_direct_quote_has_its_speaker(seed, shared_dir):
    import json

    _, result = seed
    gold = json.loads((shared_dir / "gold" / "dev" / "seed-000.json").read_text("utf-8"))
    ours = {(q.text.rstrip(","), q.speaker.code if q.speaker else None) for q in result.quotes if q.kind == "direct"}
    for quote in (q for q in gold["quotes"] if q["kind"] == "direct"):
        assert (quote["text"], quote["speaker"]["code"]) in ours, quote["text"]


def test_seed_evacuation_rests_on_anonymous_sources(seed):
    _, result = seed
    evacuation = [e for e in result.events if e.trigger.text.startswith("evacuat")]
    assert evacuation and all(e.sourcing.kind == "anonymous" for e in evacuation)
