"""Dates: temporal expressions resolved against a fixed publication date, on
sentences written for these tests. Events are built by hand (trigger, type,
modality) so the tests exercise this stage alone."""

from __future__ import annotations

import datetime as dt

import pytest

from dyad.model import Article, Event, Mention
from dyad.pipeline.dates import resolve_dates
from dyad.pipeline.temporal import find_expressions, resolve

QUADS = {"CONSULT": 1, "AGREE": 1, "REQUEST": 1, "ACCUSE": 3, "ASSAULT": 4, "MOBILIZE": 4,
         "COERCE": 4, "RETREAT": 2}


def _event(text: str, trigger: str, event_type: str, modality: str) -> Event:
    start = text.index(trigger)
    return Event(id="v0", type=event_type, mode=None, quad=QUADS[event_type], score=0.0,
                 actor=[], recipient=[], modality=modality,
                 trigger=Mention(start, start + len(trigger), trigger),
                 sentence=Mention(0, len(text), text))


@pytest.fixture(scope="module")
def date_of(nlp):
    def run(text, trigger, *, published="2022-01-21", event_type="CONSULT",
            modality="asserted"):
        event = _event(text, trigger, event_type, modality)
        resolve_dates(nlp(text), Article(text=text, published=published), [event])
        return event.date, event.date_precision, event.date_text

    return run


# 2022-01-21 is a Friday.
@pytest.mark.parametrize("text,trigger,kwargs,expected", [
    ("Blinken said Friday that the talks had been useful.", "said", {},
     ("2022-01-21", "day", "Friday")),
    ("Blinken met Lavrov on Thursday in a hotel by the lake.", "met", {},
     ("2022-01-20", "day", "Thursday")),
    ("Niinisto spoke with Biden on Jan. 18.", "spoke", {}, ("2022-01-18", "day", "Jan. 18")),
    ("The two armies will hold joint drills that start Feb. 10.", "start",
     {"event_type": "MOBILIZE"}, ("2022-02-10", "day", "Feb. 10")),
    ("Last week a car bomb killed five soldiers.", "killed", {"event_type": "ASSAULT"},
     ("2022-01", "month", "Last week")),
    ("The minister will visit Paris next month.", "visit", {"modality": "future"},
     ("2022-02", "month", "next month")),
    ("A truck was on Monday night rammed into the base.", "rammed",
     {"event_type": "ASSAULT", "published": "2019-01-24"}, ("2019-01-21", "day", "Monday night")),
    ("Separatists seized the area in 2014.", "seized",
     {"event_type": "COERCE", "modality": "historical"}, ("2014", "year", "2014")),
    ("They withdrew to the positions they held in 1997.", "held",
     {"event_type": "RETREAT"}, ("1997", "year", "1997")),
    ("The minister will travel to Kyiv on Friday.", "travel",
     {"modality": "future", "published": "2022-01-19"}, ("2022-01-21", "day", "Friday")),
    ("Two years ago, the two governments signed a similar accord.", "signed",
     {"event_type": "AGREE", "published": "2022-02-03"}, ("2020", "year", "Two years ago")),
    ("Police arrested dozens of protesters in January of this year.", "arrested",
     {"event_type": "COERCE", "published": "2019-06-23"}, ("2019-01", "month",
                                                           "January of this year")),
    ("Last April, the ministry designated the group as a terrorist organisation.",
     "designated", {"event_type": "COERCE", "published": "2020-01-05"},
     ("2019-04", "month", "Last April")),
])
def test_dates_resolve_expression_forms(date_of, text, trigger, kwargs, expected):
    assert date_of(text, trigger, **kwargs) == expected


@pytest.mark.parametrize("text,trigger,kwargs,expected_date", [
    # a reported statement with no date of its own: the publication date
    ("The foreign minister criticised the decision.", "criticised",
     {"event_type": "ACCUSE"}, "2022-01-21"),
    # an ongoing state: the publication date
    ("Russia is continuing a military buildup near the border.", "continuing",
     {"event_type": "MOBILIZE"}, "2022-01-21"),
    # a past act with no date: none
    ("Russia had massed troops near the border.", "massed", {"event_type": "MOBILIZE"}, None),
    ("The students had given the government until Thursday to drop the bill.", "given",
     {"event_type": "REQUEST"}, None),
    # hypothetical and negated events: none, whatever the sentence says
    ("Russia could attack Ukraine on Monday.", "attack",
     {"event_type": "ASSAULT", "modality": "hypothetical"}, None),
    ("Moscow did not attack on Thursday.", "attack",
     {"event_type": "ASSAULT", "modality": "negated"}, None),
    # a past act dated by its paragraph
    ("A bomb exploded outside the base on Monday. Dozens died in the attack.", "died",
     {"event_type": "ASSAULT", "published": "2019-01-24"}, "2019-01-21"),
    # an expression of another clause does not date the event
    ("Russia is sending troops to Belarus for drills that start Feb. 10.", "sending",
     {"event_type": "MOBILIZE"}, "2022-01-21"),
])
def test_dates_follow_decisions_for_undated_events(date_of, text, trigger, kwargs,
                                                   expected_date):
    assert date_of(text, trigger, **kwargs)[0] == expected_date


def test_dates_without_publication_date_resolve_only_absolute_dates(date_of):
    assert date_of("Blinken said Friday that talks would go on.", "said",
                   published=None) == (None, None, None)
    assert date_of("The treaty was signed on Jan. 18, 2022, in Minsk.", "signed",
                   published=None, event_type="AGREE") == ("2022-01-18", "day", "Jan. 18, 2022")


@pytest.mark.parametrize("text,published,future,expected", [
    ("Friday", "2022-01-21", False, "2022-01-21"),  # a Friday article's Friday is that day
    ("Thursday", "2022-01-21", False, "2022-01-20"),  # the day before
    ("Saturday", "2022-01-21", False, "2022-01-15"),  # the most recent one
    ("Saturday", "2022-01-21", True, "2022-01-22"),  # future tense: the coming one
    ("next Friday", "2022-01-21", False, "2022-01-28"),
    ("yesterday", "2022-03-01", False, "2022-02-28"),
    ("December 31", "2020-01-05", False, "2019-12-31"),  # nearest year
])
def test_temporal_resolve_against_publication(nlp, text, published, future, expected):
    doc = nlp(f"It happened {text}.")
    expressions = find_expressions(doc)
    assert [x.text for x in expressions] == [text]
    resolved = resolve(expressions[0], dt.date.fromisoformat(published), future=future)
    assert resolved.value == expected


@pytest.mark.parametrize("text", [
    "We may meet after the 90-minute session.",
    "The city was founded 5000 years ago.",
    "A three-day trip ended with a 30-day plan.",
])
def test_temporal_ignores_durations_and_modal_may(nlp, text):
    doc = nlp(text)
    resolved = [resolve(x, dt.date(2022, 1, 21)) for x in find_expressions(doc)]
    assert [r for r in resolved if r is not None] == []
