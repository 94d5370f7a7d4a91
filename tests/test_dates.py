"""Dates: temporal expressions resolved against a fixed publication date, on
sentences written for these tests. Events are built by hand (trigger, type,
modality) so the tests exercise this stage alone."""

from __future__ import annotations

import datetime as dt

import pytest

from dyad.model import Article, Event, Mention
from dyad.pipeline.dates import resolve_dates
from dyad.pipeline.temporal import find_expressions, points_ahead, resolve

QUADS = {"CONSULT": 1, "AGREE": 1, "SUPPORT": 1, "REQUEST": 1, "ACCUSE": 3, "THREATEN": 3, "ASSAULT": 4,
         "MOBILIZE": 4, "COERCE": 4, "RETREAT": 2, "PROTEST": 4}


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


@pytest.mark.parametrize("text,trigger,kwargs,expected", [
    # an asserted speech act is dated when said, not by the time it announces
    ("The speaker said he plans consultations next week with party leaders.", "consultations",
     {"event_type": "AGREE"}, ("2022-01-21", "day", None)),
    ("The speaker said Thursday he plans talks next week with the rebels.", "talks",
     {"event_type": "AGREE"}, ("2022-01-20", "day", "Thursday")),
    ("Officials would convene this weekend to study the offer.", "convene",
     {"event_type": "AGREE", "published": "2025-03-14"}, ("2025-03-14", "day", None)),
    # a planned act keeps the time it is planned for
    ("The minister will visit Paris next month.", "visit", {"modality": "future"},
     ("2022-02", "month", "next month")),
])
def test_dates_announcements_take_the_date_they_are_made(date_of, text, trigger, kwargs,
                                                         expected):
    assert date_of(text, trigger, **kwargs) == expected


@pytest.mark.parametrize("text,trigger,kwargs,expected_date", [
    # a clause of the same time shares the main clause's date (2022-01-23 is a Sunday)
    ("On Friday, crowds gathered outside the palace, blocking the gates as they chanted slogans.",
     "chanted", {"event_type": "PROTEST", "published": "2022-01-23"}, "2022-01-21"),
    ("Troops shelled the town on Saturday, killing four people.", "killing",
     {"event_type": "ASSAULT", "published": "2022-01-23"}, "2022-01-22"),
    # ... but not a clause of another time
    ("Police fired tear gas on Friday after the crowd had blocked the road.", "blocked",
     {"event_type": "PROTEST", "published": "2022-01-23"}, None),
    # a year that is the topic of a noun does not date the event
    ("With regard to the presidency in the first half of 2022, Macron briefed Putin on his plans.",
     "briefed", {"published": "2022-01-28"}, "2022-01-28"),
    # a gerund takes its tense from the finite clause above it, and the scene's date
    ("On Thursday, drones struck a convoy. The army said it has responded by shelling the depot.",
     "shelling", {"event_type": "ASSAULT", "published": "2020-01-05"}, "2020-01-02"),
    # the scene's date is the main clause's, not a date naming another event
    (("Thursday, the air force struck the camp, days after the December 31 raid on the embassy. "
     "Rockets destroyed two trucks."), "destroyed", {"event_type": "ASSAULT",
                                                   "published": "2020-01-05"}, "2020-01-02"),
    ("A car bomb was on Monday rammed into a base. Dozens died in the attack.", "died",
     {"event_type": "ASSAULT", "published": "2019-01-24"}, "2019-01-21"),
    ("The militia, which was founded on Tuesday, stormed the port. Dozens died in the attack.",
     "died", {"event_type": "ASSAULT", "published": "2019-01-24"}, None),
    (("A bomb exploded on Monday. The militants had hidden it in a van that was seen on "
     "January 3."), "hidden", {"event_type": "ASSAULT", "published": "2022-01-21"}, None),
    # two sentences run together: the second's date is not the first's
    ("First of all, I want to congratulate you on a fine date: the club turned 20 in December.",
     "congratulate", {"event_type": "SUPPORT", "published": "2022-02-03"}, "2022-02-03"),
    # a time set at the head of the sentence scopes over its other clauses
    (("The strike began on August 20, 2018. That September, the movement spread; its leader "
     "promised marches every week."), "promised",
     {"event_type": "THREATEN", "published": "2019-12-14"}, "2018-09"),
])
def test_dates_follow_the_clause_and_the_scene(date_of, text, trigger, kwargs, expected_date):
    assert date_of(text, trigger, **kwargs)[0] == expected_date


@pytest.mark.parametrize("text,expected", [
    ("Russia annexed Crimea in 2014. That year, sanctions followed.", ["2014", "2014"]),
    ("Talks began on May 3, 2019. The same June, they collapsed.", ["2019-05-03", "2019-06"]),
    ("That September, the movement spread.", []),  # no year before it: nothing to anchor
])
def test_temporal_anaphoric_times_take_the_year_before(nlp, text, expected):
    expressions = find_expressions(nlp(text))
    assert [resolve(x, dt.date(2022, 1, 21)).value for x in expressions] == expected


@pytest.mark.parametrize("text,published,ahead", [
    ("next week", "2022-01-21", True),
    ("this weekend", "2025-03-14", True),  # a Friday
    ("this weekend", "2022-01-23", False),  # a Sunday
    ("tomorrow", "2022-01-21", True),
    ("yesterday", "2022-01-21", False),
    ("Feb. 10", "2022-01-21", True),
    ("Jan. 18", "2022-01-21", False),
    ("next month", "2022-01-21", True),
])
def test_temporal_points_ahead_of_publication(nlp, text, published, ahead):
    (expression,) = find_expressions(nlp(f"It is set for {text}."))
    assert points_ahead(expression, dt.date.fromisoformat(published)) is ahead
