"""Places: toponyms resolved and disambiguated, datelines, and where events
happened, on sentences written for these tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dyad.model import Article, Event, Mention
from dyad.pipeline.gazetteer import lookup
from dyad.pipeline.places import find_places, locate_events

NO_ACTORS = SimpleNamespace(entities=[])  # find_places reads only .entities


@pytest.fixture(scope="module")
def places_of(nlp):
    def run(text, *, dateline=None, published="2022-01-21"):
        doc = nlp(text)
        article = Article(text=text, published=published, dateline=dateline)
        return doc, article, find_places(doc, article, NO_ACTORS)

    return run


def _named(places, name):
    return next(p for p in places if p.name == name)


@pytest.mark.parametrize("text,name,country", [
    ("Shelling hit Donetsk overnight, Ukraine's army said.", "Donetsk", "UKR"),
    ("Diplomats met in Geneva to discuss the standoff.", "Geneva", "CHE"),
    ("The parade was held in Geneva, Illinois, on Saturday.", "Geneva", "USA"),
    ("Illinois officials said a parade was held in Geneva on Saturday.", "Geneva", "USA"),
    ("Officials in Kyiv and Luhansk traded accusations.", "Luhansk", "UKR"),
    ("Students protested in Belgium and in Germany.", "Belgium", "BEL"),
])
def test_places_disambiguate_by_article_context(places_of, text, name, country):
    _, _, places = places_of(text)
    assert _named(places, name).country == country


def test_places_geneva_illinois_has_illinois_coordinates(places_of):
    _, _, places = places_of("The parade was held in Geneva, Illinois, on Saturday.")
    geneva = _named(places, "Geneva")
    assert 41 < geneva.lat < 43 and -89 < geneva.lon < -87
    assert geneva.geonames_id is not None


def test_places_country_has_centroid_and_kind(places_of):
    _, _, places = places_of("Students protested in Belgium on Friday.")
    belgium = _named(places, "Belgium")
    assert belgium.kind == "country" and 49 < belgium.lat < 52 and 2 < belgium.lon < 7


def test_places_ids_unique_and_mentions_point_into_text(places_of):
    text = "Talks in Geneva ended. Geneva will host more talks, and Berlin will too."
    _, _, places = places_of(text)
    assert len({p.id for p in places}) == len(places)
    geneva = _named(places, "Geneva")
    assert len(geneva.mentions) == 2
    for place in places:
        for mention in place.mentions:
            assert text[mention.start:mention.end] == mention.text


def test_places_region_adjective_keeps_country(places_of):
    _, _, places = places_of("Separatists hold areas of eastern Ukraine.")
    region = next(p for p in places if p.name.startswith("eastern"))
    assert region.kind == "region" and region.country == "UKR"


def test_places_leading_dateline_is_a_place(places_of):
    text = "GENEVA — The talks ended without agreement on Friday."
    _, _, places = places_of(text)
    geneva = _named(places, "Geneva")
    assert geneva.country == "CHE"
    assert geneva.mentions[0].start == 0 and geneva.mentions[0].text == "GENEVA"


def test_places_dateline_mention_is_the_place_it_names(places_of):
    text = "KOLKATA, India — Floods cut roads across the state on Monday."
    _, _, places = places_of(text)
    kolkata = _named(places, "Kolkata")
    assert kolkata.mentions[0].text == "KOLKATA" and kolkata.country == "IND"


def test_places_metadata_dateline_is_a_place_without_mentions(places_of):
    _, _, places = places_of("Vladimir Putin met business leaders.", dateline="The Kremlin, Moscow")
    assert any(p.country == "RUS" and not p.mentions for p in places)


def _event(text, trigger, event_type="CONSULT", date="2022-01-21", actor_code="USA"):
    start = text.index(trigger)
    actor = [SimpleNamespace(code=actor_code)]
    return Event(id="v0", type=event_type, mode=None, quad=1, score=0.0, actor=actor,
                 recipient=[], modality="asserted",
                 trigger=Mention(start, start + len(trigger), trigger),
                 sentence=Mention(0, len(text), text), date=date)


@pytest.mark.parametrize("text,trigger,event_type,country", [
    ("The two ministers met in Geneva on Friday.", "met", "CONSULT", "CHE"),
    ("Blinken held talks in Berlin with his allies.", "talks", "CONSULT", "DEU"),
    ("Russia is sending troops to Belarus for joint drills.", "sending", "MOBILIZE", "BLR"),
    ("A car bomb exploded in Kabul, killing five.", "exploded", "ASSAULT", "AFG"),
    ("The meeting of advisers held in Paris ended late.", "meeting", "CONSULT", "FRA"),
    ("The summit in Tremblant, Quebec, brought ministers together.", "summit", "CONSULT", "CAN"),
    # the place a statement talks about is not where it was made
    ("Lavrov said NATO treats Ukraine as its own zone.", "said", "ACCUSE", None),
    ("The minister will send written responses to Russia.", "send", "AGREE", None),
])
def test_places_locate_event_from_its_clause(places_of, text, trigger, event_type, country):
    doc, article, places = places_of(text)
    event = _event(text, trigger, event_type)
    locate_events(doc, article, [event], places)
    assert (event.location.country if event.location else None) == country


def test_places_dateline_locates_same_day_events_only(places_of):
    text = "Putin met business leaders. The group was founded years ago."
    doc, article, places = places_of(text, dateline="The Kremlin, Moscow")
    today = _event(text, "met", actor_code="RUS")
    undated = _event(text, "founded", date=None, actor_code="RUS")
    locate_events(doc, article, [today, undated], places)
    assert today.location is not None and today.location.country == "RUS"
    assert today.location.place in {p.id for p in places}
    assert undated.location is None


def test_places_paragraph_places_events_of_the_same_actors(places_of):
    text = "The ministers met in Geneva on Friday. They agreed to keep talking."
    doc, article, places = places_of(text)
    meeting = _event(text, "met", actor_code="USA")
    agreement = _event(text, "agreed", event_type="AGREE", actor_code="USA")
    stranger = _event(text, "keep", event_type="AGREE", actor_code="CHN")
    locate_events(doc, article, [meeting, agreement, stranger], places)
    assert agreement.location is not None and agreement.location.country == "CHE"
    assert stranger.location is None


def _place_of_mention(places, text, words):
    start = text.index(words)
    return next(p for p in places for m in p.mentions if m.start <= start < m.end)


@pytest.mark.parametrize("text,words,name,kind,country", [
    # a name that is also a state does not vote for its own state
    ("Officials in Washington said the sanctions would stay.", "Washington", "Washington",
     "city", "USA"),
    ("Ships carrying grain crossed the Mediterranean on Monday.", "Mediterranean",
     "Mediterranean Sea", "region", None),
    ("Voters in Wales and Scotland went to the polls on Thursday.", "Wales", "Wales",
     "region", "GBR"),
    ("Ministers from across Europe met in Brussels.", "Europe", "Europe", "region", None),
    ("A wildfire spread near Fresno, Calif., on Sunday.", "Fresno", "Fresno", "city", "USA"),
    ("The storm hit Macon, Ga., on Tuesday.", "Ga.", "Georgia", "region", "USA"),
    # a province qualifies a city as a US state does
    ("Students marched in London, Ontario, on Friday.", "London", "London", "city", "CAN"),
    ("Farmers in Karnataka blocked the highway.", "Karnataka", "Karnataka", "region", "IND"),
    ("Heavy rain flooded villages across Tamil Nadu this week.", "Tamil Nadu", "Tamil Nadu",
     "region", "IND"),
    # a name NER may split in two
    ("Voters in Trinidad and Tobago chose a new parliament.", "Trinidad",
     "Trinidad and Tobago", "country", "TTO"),
    # a county of an English story is not a namesake town in America
    ("Police in London said roads in Kent and Essex were closed.", "Kent", "Kent", "region",
     "GBR"),
])
def test_places_resolve_regions_seas_and_state_abbreviations(places_of, text, words, name,
                                                              kind, country):
    _, _, places = places_of(text)
    place = _place_of_mention(places, text, words)
    assert (place.name, place.kind, place.country) == (name, kind, country)


def test_places_state_abbreviation_alone_is_no_place(places_of):
    text = "Miss. Harper and Ind. candidates spoke at the hall."
    _, _, places = places_of(text)
    assert not any(p.kind == "region" for p in places)


def test_places_country_and_state_sit_inside_their_territory(places_of):
    text = "Farmers across the United States and in Texas felt the drought."
    _, _, places = places_of(text)
    country = _place_of_mention(places, text, "United States")
    texas = _place_of_mention(places, text, "Texas")
    # the country's own GeoNames point, in Kansas, not a city on a coast
    assert country.geonames_id == 6252001 and 37 < country.lat < 41 and -100 < country.lon < -96
    # a state at the middle of its cities, west of its largest city (Houston)
    assert 28 < texas.lat < 34 and -102 < texas.lon < -97


def test_places_county_lies_in_its_state(places_of):
    text = "Deputies in Cuyahoga County searched the riverbank on Monday."
    _, _, places = places_of(text)
    county = _place_of_mention(places, text, "Cuyahoga")
    assert county.name == "Cuyahoga County" and county.country == "USA"
    assert 38.4 < county.lat < 42 and -84.9 < county.lon < -80.5  # inside Ohio


def test_places_street_is_not_its_namesake(places_of):
    text = "Traffic was stopped on Atlantic Avenue after the crash."
    _, _, places = places_of(text)
    assert not any(p.name == "Atlantic Ocean" for p in places)


@pytest.mark.parametrize("text,word", [
    # a surname seen in a full name earlier is the person again, not a town
    ("Coach Mark Tyler praised the defence. Tyler said the team was ready.", "Tyler"),
    ("Senator Ann Bryant voted against the bill, and Bryant said so twice.", "Bryant"),
])
def test_places_surname_is_no_town(places_of, text, word):
    _, _, places = places_of(text)
    assert not any(m.text == word for p in places for m in p.mentions)


def test_places_names_in_capitals_are_read(places_of):
    text = "OKLAHOMA CITY Lawmakers in the state passed a budget on Monday."
    _, _, places = places_of(text)
    assert any(p.name == "Oklahoma City" and p.country == "USA" for p in places)


@pytest.mark.parametrize("name,kind,country", [
    ("Europe", "region", None),
    ("North America", "region", None),
    ("Calif.", "region", "USA"),
    ("Tamil Nadu", "region", "IND"),
    ("Kent", "region", "GBR"),
    ("Cuyahoga County", "region", "USA"),
    ("Russia", "country", "RUS"),
])
def test_gazetteer_knows_continents_regions_and_counties(name, kind, country):
    found = lookup(name)
    assert any(c.kind == kind and c.country == country and c.lat is not None for c in found)


def test_gazetteer_state_abbreviation_is_an_alternate_name():
    california = [c for c in lookup("Calif.") if c.kind == "region"]
    assert california and not california[0].primary and california[0].name == "California"
