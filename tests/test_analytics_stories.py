"""Story clustering: reports of one happening in other words join one story;
different happenings stay apart; batches and order do not change the result."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

from dyad.analytics.links import same_happening
from dyad.analytics.rows import EventRow
from dyad.analytics.stories import StoryIndex, cluster


def row(event_id: str, article_id: str, outlet: str, published: str, type_: str, actors: list[str],
        recipients: list[str], sentence: str, *, date: str | None = None, **extra) -> EventRow:
    quad, score = {"CONSULT": (1, 2.5), "ASSAULT": (4, -9.0), "ACCUSE": (3, -2.0)}[type_]
    return EventRow(event_id=event_id, article_id=article_id, outlet=outlet, published=published,
                    url=f"https://{outlet.lower()}.example/{article_id}", type=type_, quad=quad,
                    score=score, actor_codes=actors, recipient_codes=recipients, date=date,
                    sentence=sentence, **extra)


# Three outlets, three wordings: one meeting (Wednesday 19 January) and one
# shelling (Thursday 20 January); some give the day, some leave it to the dateline.
MEETING = [
    row("a-1", "a", "Reuters", "2022-01-20", "CONSULT", ["UKR"], ["USA"],
        "Ukrainian President Volodymyr Zelensky met U.S. Secretary of State Antony Blinken "
        "in Kyiv on Wednesday to discuss the Russian troop buildup.", date="2022-01-19"),
    row("b-1", "b", "AP", "2022-01-20", "CONSULT", ["USA"], ["UKR"],
        "Blinken held talks with Zelensky in the Ukrainian capital about Moscow's military "
        "buildup, officials said."),
    row("c-1", "c", "BBC", "2022-01-21", "CONSULT", ["USA", "UKR"], [],
        "The top American diplomat and Ukraine's leader, Volodymyr Zelensky, sat down "
        "to talk about Russian troops massing at the border.", date="2022-01-19"),
]
SHELLING = [
    row("a-2", "a", "Reuters", "2022-01-20", "ASSAULT", ["RUS"], ["UKR"],
        "Russian artillery shelled the frontline town of Avdiivka on Thursday, killing two "
        "civilians.", date="2022-01-20"),
    row("b-2", "b", "AP", "2022-01-21", "ASSAULT", ["RUS"], ["UKR"],
        "Two civilians died when Russian guns pounded Avdiivka, regional officials said."),
    row("c-2", "c", "BBC", "2022-01-21", "ASSAULT", ["RUS"], [],
        "Shells fired by Russian forces hit homes in Avdiivka overnight, leaving two people "
        "dead.", date="2022-01-20"),
]


def partition(stories) -> set[frozenset[str]]:
    return {frozenset(r.event_id for r in story.events) for story in stories}


def test_stories_same_events_in_other_words_join():
    stories = cluster(MEETING + SHELLING)
    assert partition(stories) == {frozenset({"a-1", "b-1", "c-1"}), frozenset({"a-2", "b-2", "c-2"})}
    for story in stories:
        assert (story.article_count, story.outlet_count) == (3, 3)
        assert story.outlets == ["AP", "BBC", "Reuters"]
    meeting = next(s for s in stories if s.type == "CONSULT")
    assert (meeting.first_report, meeting.last_report) == ("2022-01-20", "2022-01-21")
    assert meeting.day.isoformat() == "2022-01-19"


@pytest.mark.parametrize("change", [
    {"type": "ACCUSE", "quad": 3, "score": -2.0},           # another kind of event
    {"actor_codes": ["UKR"], "recipient_codes": ["RUS"]},    # the other side fired
    {"actor_codes": ["BLR"], "recipient_codes": ["UKR"]},    # another attacker
    {"date": "2022-01-30", "published": "2022-01-30"},       # ten days later
    {"published": "2022-01-26"},                             # undated report, a week on
    {"modality": "negated"},                                 # "did not shell"
    {"location": "Kharkiv"},                                 # elsewhere (the others at Avdiivka)
    {"sentence": "Russian rockets hit a school in Kharkiv."},  # undated, next day, other evidence
])
def test_stories_different_events_stay_apart(change):
    located = [dataclasses.replace(r, location="Avdiivka") for r in SHELLING[:2]]
    other = dataclasses.replace(SHELLING[1], event_id="d-1", article_id="d", **change)
    assert partition(cluster([*located, other])) == {frozenset({"a-2", "b-2"}), frozenset({"d-1"})}


def test_stories_symmetric_meeting_needs_both_parties():
    with_other = dataclasses.replace(MEETING[1], event_id="d-1", article_id="d",
                                     actor_codes=["USA"], recipient_codes=["POL"])
    assert partition(cluster([MEETING[0], with_other])) == {frozenset({"a-1"}), frozenset({"d-1"})}


def test_stories_repeated_mention_in_one_article_joins():
    again = row("a-3", "a", "Reuters", "2022-01-20", "CONSULT", ["USA"], ["UKR"],
                "Afterwards, the two men appeared together before cameras.")
    assert partition(cluster([MEETING[0], again])) == {frozenset({"a-1", "a-3"})}


def test_stories_unnamed_attackers_in_one_article_need_evidence():
    embassy = row("a-5", "a", "AP", "2020-01-05", "ASSAULT", [], ["USA"],
                  "Militias stormed the US embassy compound in Baghdad.")
    plot = row("a-6", "a", "AP", "2020-01-05", "ASSAULT", [], ["USA"],
               "A plot to kill American diplomats in Beirut was foiled.")
    again = row("a-7", "a", "AP", "2020-01-05", "ASSAULT", [], ["USA"],
                "Protesters set fire to the embassy compound's reception area.")
    assert partition(cluster([embassy, plot, again])) == {frozenset({"a-5", "a-7"}), frozenset({"a-6"})}


def test_stories_codeless_mentions_join_only_on_close_evidence():
    base = dict(published="2022-01-20", actors=[], recipients=[], type_="ASSAULT")
    first = row("x-1", "x", "AP", sentence="Gunmen ambushed a fuel convoy near the border crossing "
                "at dawn.", **base)
    same = row("y-1", "y", "BBC", sentence="Gunmen ambushed a fuel convoy near the border crossing.",
               **base)
    other = row("z-1", "z", "DW", sentence="A bomb exploded outside the central market.", **base)
    assert partition(cluster([first, same, other])) == {frozenset({"x-1", "y-1"}), frozenset({"z-1"})}


def test_stories_wire_copy_counts_once():
    copy = dataclasses.replace(SHELLING[0], event_id="w-2", article_id="w", outlet="Yahoo",
                               copy_of="a")
    [story] = cluster([SHELLING[0], copy, SHELLING[1]])
    assert (story.article_count, story.copy_count, story.outlet_count) == (2, 1, 2)
    assert story.outlets == ["AP", "Reuters"]


def test_stories_canonical_is_asserted_precisely_dated_report():
    [story] = cluster([SHELLING[1], dataclasses.replace(SHELLING[2], modality="historical"),
                       SHELLING[0]])
    assert story.canonical.event_id == "a-2"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stories_incremental_add_equals_batch(seed):
    rows = MEETING + SHELLING + [
        row("d-1", "d", "DW", "2022-01-25", "ASSAULT", ["RUS"], ["UKR"], "Russian rockets hit Kharkiv."),
        row("d-2", "d", "DW", "2022-01-25", "ACCUSE", ["UKR"], ["RUS"], "Kyiv accused Moscow of lying."),
    ]
    batch = StoryIndex()
    batch.add(rows)
    shuffled = random.Random(seed).sample(rows, len(rows))
    incremental = StoryIndex()
    cut = random.Random(seed).randrange(1, len(rows))
    incremental.add(shuffled[:cut])
    incremental.add(shuffled[cut:])
    assert partition(incremental.stories()) == partition(batch.stories())
    assert incremental.assignments() == batch.assignments()


def test_stories_add_reports_merged_assignments():
    # Neither names both sides, and they share no code: only a full report joins them.
    attacker = row("p-1", "p", "AP", "2022-01-20", "ASSAULT", ["RUS"], [],
                   "Russian guns shelled Avdiivka.")
    target = row("q-1", "q", "BBC", "2022-01-20", "ASSAULT", [], ["UKR"],
                 "Ukrainian positions at Avdiivka came under shelling.")
    index = StoryIndex()
    assert len(index.add([attacker, target])) == 2 and len(index) == 2
    bridge = row("r-1", "r", "DW", "2022-01-20", "ASSAULT", ["RUS"], ["UKR"],
                 "Russian forces shelled Ukrainian troops in Avdiivka.")
    changed = index.add([bridge])
    assert len(index) == 1
    assert {a.event_id for a in changed} >= {"r-1", "q-1"}
    assert {a.story_id for a in index.assignments()} == {"story-p-1"}


def test_stories_daily_repeats_are_not_chained_into_one():
    days = [f"2022-01-{d}" for d in range(10, 20)]
    dated = [row(f"d{i}-1", f"d{i}", "AP", day, "ASSAULT", ["RUS"], ["UKR"],
                 "Russian forces shelled Avdiivka.", date=day) for i, day in enumerate(days)]
    undated = [dataclasses.replace(r, event_id=f"u{i}-1", article_id=f"u{i}", date=None)
               for i, r in enumerate(dated)]
    assert len(cluster(dated)) == 10
    # Undated reports on consecutive days are ambiguous: one happening covers at most two days.
    assert len(cluster(undated)) == 5
    assert len(cluster(dated + undated)) == 10


def test_stories_index_round_trips_and_keeps_growing():
    index = StoryIndex()
    index.add(MEETING[:2] + SHELLING[:1])
    restored = StoryIndex.from_dict(json.loads(json.dumps(index.to_dict())))
    assert restored.assignments() == index.assignments()
    restored.add(MEETING[2:] + SHELLING[1:])
    assert partition(restored.stories()) == partition(cluster(MEETING + SHELLING))
    assert sum(a.canonical for a in restored.assignments()) == 2


def random_rows(seed: int, count: int) -> list[EventRow]:
    """Mentions drawn from a small world so that many of them collide."""
    generator = random.Random(seed)
    words = ["shelled", "Avdiivka", "talks", "border", "troops", "Kharkiv", "convoy", "summit"]
    rows = []
    for i in range(count):
        published = f"2022-01-{generator.randint(10, 16)}"
        date = generator.choice([None, published, f"2022-01-{generator.randint(9, 16)}"])
        codes = [generator.sample(["RUS", "UKR", "USA", "BLR"], generator.randint(0, 2))
                 for _ in range(2)]
        rows.append(row(f"r{i}-1", f"r{i // 2}", generator.choice(["AP", "BBC", "DW"]), published,
                        generator.choice(["CONSULT", "ASSAULT"]), codes[0], codes[1],
                        " ".join(generator.sample(words, 3)), date=date,
                        location=generator.choice([None, None, "Kyiv", "Lviv"])))
    return rows


@pytest.mark.parametrize("seed", [4, 5])
def test_stories_random_batches_and_orders_agree(seed):
    rows = random_rows(seed, 120)
    batch = StoryIndex()
    batch.add(rows)
    incremental = StoryIndex()
    shuffled = random.Random(seed).sample(rows, len(rows))
    for start in range(0, len(shuffled), 17):
        incremental.add(shuffled[start:start + 17])
    assert incremental.assignments() == batch.assignments()
    assert 1 < len(batch) < len(rows)


@pytest.mark.parametrize("first, second, expected", [
    (MEETING[0], MEETING[1], True),
    (SHELLING[0], SHELLING[1], True),
    (MEETING[0], SHELLING[0], False),
])
def test_stories_same_happening_is_symmetric(first, second, expected):
    assert same_happening(first, second) is expected
    assert same_happening(second, first) is expected
