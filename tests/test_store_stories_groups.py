"""Linked groups survive storage: a group of undated reports cut into two stories
by date is cut anew, as a whole, when a later report links into it."""

from __future__ import annotations

import datetime as dt

from dyad.analytics.rows import EventRow
from dyad.analytics.stories import StoryIndex, cluster
from dyad.model import ActorRef, Article, ArticleResult, Event, Mention
from dyad.store import Store
from dyad.store.stories import rebuild_stories, update_stories

D0 = dt.date(2022, 2, 10)
SENTENCE = "Russia accused Ukraine of shelling villages in the Donbas, the {} said."


def _day(offset: int) -> str:
    return (D0 + dt.timedelta(days=offset)).isoformat()


# Undated reports published on days 1, 2 and 3 can each have happened that day or
# the day before: A links B, B links C, A and C cannot meet; cut into {A, B} and {C}.
# A report dated day 0 links A only; cut as a whole, the group becomes {E, A}, {B, C}.
CHAIN = [("a", 1, None, "ministry"), ("b", 2, None, "agency"), ("c", 3, None, "embassy")]
LATE = [("e", 1, _day(0), "spokesman")]


def _rows(specs) -> list[EventRow]:
    return [EventRow(event_id=f"{name}-v0", article_id=name, type="ACCUSE", quad=3, score=-2.0,
                     outlet=name.upper(), published=_day(published), date=date,
                     actor_codes=["RUS"], recipient_codes=["UKR"], sentence=SENTENCE.format(who))
            for name, published, date, who in specs]


def _results(specs) -> list[ArticleResult]:
    results = []
    for row in _rows(specs):
        event = Event(id=row.event_id, type=row.type, mode=None, quad=row.quad, score=row.score,
                      actor=[ActorRef("Russia", "RUS", "state")], recipient=[ActorRef("Ukraine", "UKR", "state")],
                      modality="asserted", trigger=Mention(7, 15, "accused"),
                      sentence=Mention(0, len(row.sentence), row.sentence), date=row.date,
                      date_precision="day" if row.date else None, date_text="on Thursday" if row.date else None)
        article = Article(text=row.sentence, id=row.article_id, published=row.published, outlet=row.outlet)
        results.append(ArticleResult(article=article, events=[event]))
    return results


def _partition(stories) -> set[frozenset[str]]:
    return {frozenset(row.article_id for row in story.events) for story in stories}


def test_store_stories_groups_restored_index_recuts_as_a_whole():
    index = StoryIndex()
    index.add(_rows(CHAIN))
    assert _partition(index.stories()) == {frozenset("ab"), frozenset("c")}
    whole = _partition(cluster(_rows(CHAIN + LATE)))
    assert whole == {frozenset("ea"), frozenset("bc")}
    groups = {event_id: index.group_of(event_id) for event_id in index.rows}
    restored = StoryIndex.from_assignments(index.rows.values(), index.assignments(), groups=groups)
    restored.add(_rows(LATE))
    assert _partition(restored.stories()) == whole
    round_trip = StoryIndex.from_dict(index.to_dict())
    round_trip.add(_rows(LATE))
    assert _partition(round_trip.stories()) == whole


def test_store_stories_groups_incremental_update_equals_rebuild(tmp_path):
    with Store(tmp_path / "groups.duckdb") as store:
        store.add_results(_results(CHAIN))
        update_stories(store)
        store.add_results(_results(LATE))
        update = update_stories(store)
        con = store.connection
        incremental = con.execute("SELECT event_id, story_id, canonical FROM story_events ORDER BY 1").fetchall()
        rebuild_stories(store)
        rebuilt = con.execute("SELECT event_id, story_id, canonical FROM story_events ORDER BY 1").fetchall()
    assert update.mentions == 1
    assert incremental == rebuilt
    stories = {}
    for event_id, story_id, _ in rebuilt:
        stories.setdefault(story_id, set()).add(event_id[0])
    assert {frozenset(s) for s in stories.values()} == {frozenset("ea"), frozenset("bc")}
