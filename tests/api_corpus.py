"""A small database for the API and browser tests (imported by tests/test_api*.py, test_web*.py).

Four openly licensed demo articles (demo/SOURCES.md) go through the real
pipeline; one short article written for these tests is stored as hand-coded
records, so that places, locations and quotes (which the pipeline may not
find yet) are there to serve.
"""

from __future__ import annotations

import json
from pathlib import Path

from dyad.ingest import read_bytes
from dyad.model import (ActorRef, Article, ArticleResult, Entity, Event, Location, Mention, Place, Quote)
from dyad.store import Store
from dyad.store.stories import update_stories
from dyad.store.ingest import plan_ingest, run_ingest

ROOT = Path(__file__).resolve().parent.parent
DEMO_IDS = ("a5e049e26007", "87d131b6fa58", "4ad5512fe8af", "voa-8010842")
HAND_ID = "hand-coded-1"
HAND_TEXT = ("Artillery units of Russia shelled Kharkiv on Monday, the regional governor said. "
             "\"We will rebuild every house,\" the mayor of Kyiv told reporters. "
             "Ukraine asked Germany for more air defence systems.")


def build_db(path: Path) -> Path:
    lines = [line for line in (ROOT / "demo" / "articles.jsonl").read_text("utf-8").splitlines()
             if json.loads(line)["id"] in DEMO_IDS]
    items = list(read_bytes("\n".join(lines).encode("utf-8"), item="demo", fmt="jsonl"))
    with Store(path) as store:
        run_ingest(store, plan_ingest(items, store.article_index()))
        store.add_results([hand_coded()])
        update_stories(store)
    return path


def mention(text: str, *, after: int = 0) -> Mention:
    start = HAND_TEXT.index(text, after)
    return Mention(start, start + len(text), text)


def sentence_of(word: str) -> Mention:
    at = HAND_TEXT.index(word)
    start = HAND_TEXT.rfind(". ", 0, at) + 2 if HAND_TEXT.rfind(". ", 0, at) >= 0 else 0
    end = HAND_TEXT.index(".", at) + 1
    return Mention(start, end, HAND_TEXT[start:end])


def hand_coded() -> ArticleResult:
    russia, ukraine, germany = (ActorRef("Russia", "RUS", "MIL", "e0"), ActorRef("Ukraine", "UKR", "GOV", "e1"),
                                ActorRef("Germany", "DEU", "GOV", "e2"))
    kharkiv = Place("p0", "Kharkiv", "UKR", 49.99, 36.23, "city", mentions=[mention("Kharkiv")])
    kyiv = Place("p1", "Kyiv", "UKR", 50.45, 30.52, "city", mentions=[mention("Kyiv")])
    shelling = Event("v0", "ASSAULT", "bombard", 4, -9.0, [russia], [ukraine], "asserted", mention("shelled"),
                     sentence_of("shelled"), date="2025-03-10", date_precision="day", date_text="on Monday",
                     location=Location("Kharkiv", "UKR", 49.99, 36.23, "p0"))
    request = Event("v1", "REQUEST", None, 3, -1.0, [ukraine], [germany], "asserted", mention("asked"),
                    sentence_of("asked"), date="2025-03-10", date_precision="day", date_text="on Monday",
                    location=Location("Kyiv", "UKR", 50.45, 30.52, "p1"))
    quoted = mention("We will rebuild every house,")
    quote = Quote("q0", "direct", quoted.text, quoted.start, quoted.end, ActorRef("the mayor of Kyiv", "UKR", "GOV", "e1"))
    entities = [Entity("e0", "Russia", "RUS", "MIL", "state", [mention("Russia")]),
                Entity("e1", "Ukraine", "UKR", "GOV", "state", [mention("Ukraine")]),
                Entity("e2", "Germany", "DEU", "GOV", "state", [mention("Germany")])]
    article = Article(HAND_TEXT, id=HAND_ID, title="Shelling of Kharkiv (written for the tests)",
                      published="2025-03-10", outlet="Dyad tests", license="CC0")
    return ArticleResult(article, [shelling, request], [quote], entities, [kharkiv, kyiv], version="test")
