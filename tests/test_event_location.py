"""Where events happened (pipeline/event_location.py): clauses of the same time,
sites named by a toponym, the paragraph's scene, and which events may lend
their place; on sentences written for these tests, with events built by hand."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dyad.model import Article, Event, Mention
from dyad.pipeline.places import find_places, locate_events

NO_ACTORS = SimpleNamespace(entities=[])  # find_places reads only .entities
QUADS = {"CONSULT": 1, "ACCUSE": 3, "PROTEST": 4, "ASSAULT": 4}


@pytest.fixture(scope="module")
def locate(nlp):
    """Code the given events of a text; return each event's country (None where unplaced)."""
    def run(text, events, *, dateline=None, published="2022-01-21"):
        doc = nlp(text)
        article = Article(text=text, published=published, dateline=dateline)
        locate_events(doc, article, events, find_places(doc, article, NO_ACTORS))
        return [e.location.country if e.location else None for e in events]

    return run


def _event(text, trigger, event_type, *, actor="USA", modality="asserted", date="2022-01-21",
           mode=None):
    start = text.index(trigger)
    sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    sentence_end = text.find(".", start) + 1
    return Event(id=f"v{start}", type=event_type, mode=mode, quad=QUADS[event_type], score=0.0,
                 actor=[SimpleNamespace(code=actor)], recipient=[], modality=modality,
                 trigger=Mention(start, start + len(trigger), trigger),
                 sentence=Mention(sentence_start, sentence_end, text[sentence_start:sentence_end]),
                 date=date)


@pytest.mark.parametrize("text,trigger,event_type,country", [
    # a clause of the same time happens where its main clause does
    ("Thousands gathered in Minsk on Sunday, blocking the avenue as they chanted slogans.",
     "chanted", "PROTEST", "BLR"),
    # ... but not a clause of another time
    ("Police fired tear gas in Minsk after the opposition condemned the vote.", "condemned",
     "ACCUSE", None),
    # a toponym naming the site after a place preposition
    ("Crowds rallied outside Belgrade's city hall.", "rallied", "PROTEST", "SRB"),
    ("Protesters gathered around the Tbilisi Police Headquarters.", "gathered", "PROTEST", "GEO"),
    ("A truck bomb exploded at a base in the centre of Afghanistan's Wardak province.",
     "exploded", "ASSAULT", "AFG"),
    # a site a national adjective names, where no toponym places the event
    ("The students protested outside of the Swedish Parliament.", "protested", "PROTEST", "SWE"),
    ("Farmers rallied at the Polish Senate building in Warsaw.", "rallied", "PROTEST", "POL"),
    # ... not an embassy, which stands abroad
    ("Activists rallied outside the Russian embassy.", "rallied", "PROTEST", None),
    # ... not what a preposition names that is no site
    ("Thousands rallied in anger at Moscow's war.", "rallied", "PROTEST", None),
])
def test_event_location_clause_and_site(locate, text, trigger, event_type, country):
    assert locate(text, [_event(text, trigger, event_type)]) == [country]


def test_event_location_site_of_a_participant_is_still_a_place(locate):
    text = "Russian troops shelled a depot in the centre of Russia's border region."
    assert locate(text, [_event(text, "shelled", "ASSAULT", actor="RUS")]) == ["RUS"]


@pytest.mark.parametrize("donor_modality,country", [("asserted", "UKR"), ("hypothetical", None)])
def test_event_location_paragraph_lends_only_places_of_events_that_happened(
        locate, donor_modality, country):
    text = "Russia could launch an assault in Ukraine. Russia met the envoys."
    donor = _event(text, "assault", "ASSAULT", actor="RUS", modality=donor_modality, date=None)
    meeting = _event(text, "met", "CONSULT", actor="RUS")
    assert locate(text, [donor, meeting])[1] == country


@pytest.mark.parametrize("text,trigger,event_type,country", [
    # a material act takes the place the paragraph's scene is set in
    ("The air force carried out a strike at Kandahar airport. Two rockets hit a convoy.",
     "hit", "ASSAULT", "AFG"),
    ("Troops opened fire in Kandahar. Officials counted the dead. Rockets hit a convoy.",
     "hit", "ASSAULT", "AFG"),
    ("A truck bomb was on Monday rammed into a base in Kandahar. Dozens died in the attack.",
     "died", "ASSAULT", "AFG"),
    # a statement does not
    ("The air force carried out a strike at Kandahar airport. The minister condemned it.",
     "condemned", "ACCUSE", None),
    # nor a place that only modifies a noun of the scene sentence
    ("The talks in Kandahar brought the envoys together. Rockets hit a convoy.",
     "hit", "ASSAULT", None),
    # nor a scene of another paragraph
    ("The air force carried out a strike at Kandahar airport.\nRockets hit a convoy.",
     "hit", "ASSAULT", None),
])
def test_event_location_scene_of_the_paragraph(locate, text, trigger, event_type, country):
    assert locate(text, [_event(text, trigger, event_type, date=None)]) == [country]


@pytest.mark.parametrize("mode,country", [(None, "AFG"), ("phone", None)])
def test_event_location_scene_places_meetings_not_calls(locate, mode, country):
    text = "The air force carried out a strike at Kandahar airport. The commander was met by the governor."
    assert locate(text, [_event(text, "met", "CONSULT", date=None, mode=mode)]) == [country]
