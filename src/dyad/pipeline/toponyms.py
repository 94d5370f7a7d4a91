"""Toponyms: the place names of an article, before resolution.

They come from NER (GPE, LOC, FAC; two entities joined where NER split one
known name), from proper nouns and words in capitals NER missed or took for a
person or organisation that the gazetteer knows ("Donetsk", "Tamil Nadu"), and
from the dateline. Each carries its gazetteer candidates and any qualifier
("Geneva, Illinois"); ``places`` chooses among them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from dyad.ingest.text import dateline_match
from dyad.model import Article
from dyad.pipeline.doc_text import doc_text
from dyad.pipeline.gazetteer import Candidate, cues, lookup, state_abbreviations

TOPONYM_LABELS = {"GPE", "LOC", "FAC"}
_OTHER_NAME_LABELS = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"}
_SPECIFICITY = {"other": 3, "city": 2, "region": 1, "country": 0}


@dataclass
class Toponym:
    """A place name in the text (or the dateline), before resolution."""

    start: int
    end: int
    text: str
    candidates: list[Candidate]
    qualifier: list[Candidate]  # what a ", Illinois" after it resolves to
    tagged: bool = True  # found by NER (untagged proper nouns need more support)
    in_text: bool = True  # False for a dateline given only as metadata
    contained: bool = False  # resolved by a name inside it ("Baghdad International Airport")


def tagged_toponyms(doc: Doc) -> list[Toponym]:
    toponyms = []
    for ent in _joined_entities(doc):
        if ent.label_ not in TOPONYM_LABELS:
            continue
        toponym = _toponym(ent)
        if toponym is not None:
            toponyms.append(toponym)
    return toponyms


def _joined_entities(doc: Doc) -> list[Span]:
    """The entities, two made one where NER split a name the gazetteer knows
    ("Trinidad" + "Tobago", "Boa" + "Vista")."""
    ents, joined = list(doc.ents), []
    index = 0
    while index < len(ents):
        ent, following = ents[index], ents[index + 1] if index + 1 < len(ents) else None
        span = _joined(doc, ent, following) if following is not None else None
        joined.append(span or ent)
        index += 2 if span is not None else 1
    return joined


def _joined(doc: Doc, ent: Span, following: Span) -> Span | None:
    gap = doc[ent.end:following.start]
    if len(gap) > 1 or (len(gap) == 1 and gap[0].lower_ not in ("and", "&")):
        return None
    if TOPONYM_LABELS.isdisjoint({ent.label_, following.label_}):
        return None
    span = Span(doc, ent.start, following.end, label="GPE")
    return span if lookup(_strip(span.text)) else None


def _toponym(ent: Span) -> Toponym | None:
    """A NER span as a toponym: with its region adjective ("eastern Ukraine"),
    its qualifier ("Geneva, Illinois") and, for a facility, its city."""
    text = _strip(ent.text)
    if text.lower() in cues()["not_places"]:
        return None
    # "Washington, D.C." is one name; "Geneva, Illinois" a name and its qualifier
    name, _, rest = (text, "", "") if lookup(text) else text.partition(",")
    if name.strip() in state_abbreviations() and not _after_comma(ent):
        return None  # "Fresno, Calif." names a state; "Miss. Harper" does not
    candidates = lookup(name)
    qualifier = lookup(rest) if rest.strip() else _qualifier_after(ent)
    contained = not candidates
    if contained:
        # "Charlevoix, Quebec": a place the gazetteer lacks, in one it knows
        candidates = [replace(c, name=name.strip(), kind="other", geonames_id=None)
                      for c in qualifier] or _inner_candidates(ent)
        if not candidates:
            return None
    start = ent.start_char
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ in cues()["region_adjectives"]:
        candidates = [_region_of(c, f"{before.text} {text}") for c in candidates]
        start = before.idx
    return Toponym(start, ent.end_char, doc_text(ent.doc)[start:ent.end_char], candidates, qualifier,
                   contained=contained)


def _after_comma(ent: Span) -> bool:
    return ent.start > 1 and ent.doc[ent.start - 1].text in cues()["qualifier_separators"]


def _strip(text: str) -> str:
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    return re.sub(r"['’]s$", "", text)


def _qualifier_after(ent: Span) -> list[Candidate]:
    """ "Geneva, Illinois": the state or country named right after a comma."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text not in cues()["qualifier_separators"]:
        return []
    following = doc[ent.end + 1]
    if following.ent_type_ not in TOPONYM_LABELS or following.ent_iob_ != "B":
        return []
    end = following.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return lookup(doc[following.i:end].text)


def _inner_candidates(ent: Span) -> list[Candidate]:
    """ "Baghdad International Airport": the place a facility's name contains,
    kept as a place of its own kind at the container's coordinates."""
    if ent[-1].lower_ in cues()["street_words"]:
        return []  # "Atlantic Avenue" is named after the ocean, not in it
    tokens = [t for t in ent if t.pos_ == "PROPN"]
    for size in range(len(tokens) - 1, 0, -1):
        for first in range(len(tokens) - size + 1):
            found = lookup(" ".join(t.text for t in tokens[first:first + size]))
            if found:
                return [replace(c, name=_strip(ent.text), kind="other", geonames_id=None)
                        for c in found]
    return []


def _region_of(candidate: Candidate, name: str) -> Candidate:
    if candidate.kind != "country":
        return candidate
    return replace(candidate, name=name, kind="region", geonames_id=None)


def untagged_toponyms(doc: Doc, tagged: list[Toponym], context: Counter) -> list[Toponym]:
    """Runs of proper nouns NER left untagged (or tagged as a one-word person or
    organisation) that the gazetteer knows: big places, or places in a country
    the article names."""
    covered = {i for t in tagged for i in range(t.start, t.end)}
    found = []
    named = _named_as_other(doc)
    for run in [*_proper_noun_runs(doc), *named]:
        if run.start_char in covered or run.text.lower() in cues()["not_places"]:
            continue
        known = lookup(run.text)
        if any(c.kind == "other" for c in known):
            continue  # "the White House" named as an organisation is an actor, not a place
        candidates = [c for c in known if c.kind in ("city", "region", "country") and c.primary
                      and supported(c, Counter() if run in named and c.kind == "city"
                                     else context)]
        if candidates:
            found.append(Toponym(run.start_char, run.end_char, run.text, candidates, [],
                                 tagged=False))
    return found


def supported(candidate: Candidate, context: Counter) -> bool:
    return candidate.population >= cues()["min_population_untagged"] or (
        candidate.country in context)


def _proper_noun_runs(doc: Doc):
    run_start = None
    person_words = _person_name_words(doc)  # once per doc: looked up for every one-word name
    for token in [*doc, None]:
        # words in capitals ("OKLAHOMA CITY The Latest ...") are often not tagged PROPN
        named = token is not None and (token.pos_ == "PROPN" or (
            token.is_upper and token.is_alpha and len(token) > 1))
        usable = named and token.text[:1].isupper() and (
            not token.ent_type_ or _single_token_name(token, person_words))
        if usable and run_start is None:
            run_start = token.i
        elif not usable and run_start is not None:
            yield doc[run_start:token.i if token is not None else len(doc)]
            run_start = None


def _named_as_other(doc: Doc):
    """Names of several words NER took for a person or organisation ("Tamil
    Nadu"), looked up whole; a town must be big to be read from one ("Notre
    Dame" is a university more often than a town in Indiana)."""
    return [ent for ent in doc.ents if ent.label_ in _OTHER_NAME_LABELS and len(ent) > 1
            and all(t.pos_ == "PROPN" for t in ent)]


def _single_token_name(token, person_words: frozenset[str]) -> bool:
    """A one-word PERSON/ORG entity: NER's guess for an unfamiliar city name,
    unless the word is part of a longer person's name in the article ("Tyler"
    after "Anne Tyler")."""
    if token.ent_type_ not in _OTHER_NAME_LABELS or token.ent_iob_ != "B":
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    alone = following is None or following.ent_iob_ != "I"
    return alone and token.text not in person_words


def _person_name_words(doc: Doc) -> frozenset[str]:
    return frozenset(t.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
                     for t in ent)


def dateline_toponym(doc: Doc, article: Article) -> Toponym | None:
    """The dateline: "GENEVA —" at the start of the text, or article.dateline."""
    # The same dateline that ingestion reads into article.dateline, here with its offsets.
    match = dateline_match(doc_text(doc)[:80])
    if match:
        name = match.group("place").strip()
        toponym = dateline_parts(name.title(), match.start("place"), written=name)
        if toponym is not None:
            return toponym
    capitals = _leading_capitals(doc)
    if capitals is not None:
        toponym = dateline_parts(capitals.text.title(), 0, written=capitals.text)
        if toponym is not None:
            return toponym
    if article.dateline:
        toponym = dateline_parts(article.dateline, 0)
        if toponym is not None:
            toponym.in_text = False
        return toponym
    return None


def _leading_capitals(doc: Doc) -> Span | None:
    """A dateline without its dash ("OKLAHOMA CITY Lawmakers ..."): the words in
    capitals that open the text."""
    end = 0
    while end < len(doc) and doc[end].is_upper and doc[end].is_alpha and len(doc[end]) > 1:
        end += 1
    return doc[:end] if end else None


def dateline_parts(text: str, offset: int, *, written: str | None = None) -> Toponym | None:
    """The most specific part of "The Kremlin, Moscow" the gazetteer knows, its
    mention that part alone ("KOLKATA" of "KOLKATA, India"); the other parts
    qualify it. ``written``: the text as it stands in the article."""
    written = written or text
    looked, at = [], 0
    for part in text.split(","):
        looked.append((at, part, lookup(_strip(part))))
        at += len(part) + 1
    known = [entry for entry in looked if entry[2]]
    if not known:
        return None
    at, part, best = max(known, key=lambda entry: _SPECIFICITY.get(entry[2][0].kind, 0))
    qualifier = [c for entry in known if entry[2] is not best for c in entry[2]]
    start = at + len(part) - len(part.lstrip())
    end = at + len(part.rstrip())
    return Toponym(offset + start, offset + end, written[start:end], best, qualifier)
