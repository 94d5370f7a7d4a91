"""Places: toponyms (``toponyms``) resolved to the gazetteer, and where each
event happened.

Each toponym is resolved to one candidate: a qualifier ("Geneva, Illinois")
decides first, then population, raised for candidates in countries and US
states the article names elsewhere.
"""

from __future__ import annotations

import math
from collections import Counter

from spacy.tokens import Doc

from dyad.model import Article, Event, Mention, Place
from dyad.pipeline.actors import ActorLayer
from dyad.pipeline.event_location import locate
from dyad.pipeline.gazetteer import Candidate
from dyad.pipeline.toponyms import (
    Toponym,
    dateline_toponym,
    supported,
    tagged_toponyms,
    untagged_toponyms,
)

_CONTEXT_COUNTRY_BONUS = 0.8  # a country named elsewhere: worth ~6x the population
_CONTEXT_STATE_BONUS = 1.5  # a US state named elsewhere ("Geneva" in an Illinois story)


def find_places(doc: Doc, article: Article, actors: ActorLayer) -> list[Place]:
    """Every resolved toponym of the article, one Place per place, ids p0, p1 ..."""
    toponyms = tagged_toponyms(doc)
    dateline = dateline_toponym(doc, article)
    context = _context([t for t in toponyms if not t.contained] + ([dateline] if dateline else []),
                       actors)
    toponyms = [t for t in toponyms if _keep_supported(t, context)]
    toponyms += untagged_toponyms(doc, toponyms, context)
    places: list[Place] = []
    by_key: dict[tuple, Place] = {}
    for toponym in sorted(toponyms, key=lambda t: t.start):
        candidate = _choose(toponym, context)
        if candidate is not None:
            _add_mention(places, by_key, candidate, toponym)
    if dateline is not None:
        candidate = _choose(dateline, context)
        if candidate is not None:
            _add_mention(places, by_key, candidate, dateline)
    return places


def locate_events(doc: Doc, article: Article, events: list[Event], places: list[Place]) -> None:
    """Set ``event.location`` where the text places the event."""
    locate(doc, events, places, dateline=_dateline_place(doc, article, places),
           published=article.published)


def _dateline_place(doc: Doc, article: Article, places: list[Place]) -> Place | None:
    """The Place find_places made of the dateline (the first of its candidates
    among the places)."""
    toponym = dateline_toponym(doc, article)
    if toponym is None:
        return None
    names = {(c.name, c.country) for c in toponym.candidates}
    return next((p for p in places if (p.name, p.country) in names), None)


def _add_mention(places: list[Place], by_key: dict[tuple, Place], candidate: Candidate,
                 toponym: Toponym) -> Place:
    place = by_key.get(candidate.key)
    if place is None:
        place = Place(id=f"p{len(places)}", name=candidate.name, country=candidate.country,
                      lat=candidate.lat, lon=candidate.lon, kind=candidate.kind,
                      geonames_id=candidate.geonames_id)
        places.append(place)
        by_key[candidate.key] = place
    if toponym.in_text:
        place.mentions.append(Mention(toponym.start, toponym.end, toponym.text))
    return place












def _keep_supported(toponym: Toponym, context: Counter) -> bool:
    """A place found inside a longer name must be big or in the article's
    countries ("Royal Street" is not a town called Royal)."""
    if not toponym.contained:
        return True
    toponym.candidates = [c for c in toponym.candidates if supported(c, context)]
    return bool(toponym.candidates)




























def _context(toponyms: list[Toponym], actors: ActorLayer) -> Counter:
    """Countries (alpha-3) and US states the article names: unambiguous
    toponyms, coded states among the actors."""
    context: Counter = Counter()
    for toponym in toponyms:
        countries = {c.country for c in toponym.candidates}
        if len(countries) == 1 and None not in countries:
            context[countries.pop()] += 1
        # only an unambiguous state: "Washington" must not vote for itself
        states = {(c.country, c.admin1) for c in toponym.candidates}
        if len(states) == 1 and any(c.kind == "region" for c in toponym.candidates):
            country, state = states.pop()
            if country == "USA" and state:
                context[f"US-{state}"] += 1
    for entity in actors.entities:
        if entity.kind == "state" and len(entity.code) == 3:
            context[entity.code] += 1
    return context


def _choose(toponym: Toponym, context: Counter) -> Candidate | None:
    candidates = toponym.candidates
    qualified = [c for c in candidates if _fits(c, toponym.qualifier)]
    if qualified:
        candidates = qualified
    return max(candidates, key=lambda c: _score(c, context), default=None)


def _fits(candidate: Candidate, qualifier: list[Candidate]) -> bool:
    for other in qualifier:
        if other.geonames_id is not None and other.geonames_id == candidate.geonames_id:
            return True  # "Washington, D.C.": the qualifier names the place itself
        if other.kind == "region" and other.admin1:
            if (candidate.country, candidate.admin1) == (other.country, other.admin1):
                return True
        elif other.kind == "country" and candidate.country == other.country:
            return True
    return False


def _score(candidate: Candidate, context: Counter) -> float:
    score = math.log10(candidate.population + 10) - (0 if candidate.primary else 1)
    if candidate.country in context:
        score += _CONTEXT_COUNTRY_BONUS
    if candidate.country == "USA" and f"US-{candidate.admin1}" in context:
        score += _CONTEXT_STATE_BONUS
    return score

