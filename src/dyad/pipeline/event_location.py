"""Where each event happened: the toponym its own clause places it at ("met in
Geneva", "drills in Belarus", "the Kabul bombing"), else the dateline for the
same-day acts of the actors the story follows there, else nothing
(gold/DECISIONS.md item 6: the place a statement talks about is not where it
happened)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from dyad.model import Event, Location, Place
from dyad.pipeline.actors import state_names
from dyad.pipeline.dates import same_time_clause
from dyad.pipeline.doc_text import doc_text
from dyad.pipeline.gazetteer import cues, lookup

_CLAUSE_POS = {"VERB", "AUX"}
_FACTS = {"asserted", "historical"}


def locate(doc: Doc, events: list[Event], places: list[Place], *,
           dateline: Place | None = None, published: str | None = None) -> None:
    """Set ``event.location`` for each event the text or dateline places."""
    mentions = _mention_spans(doc, places)
    located_by_text = []
    for event in events:
        trigger = _trigger_token(doc, event)
        if trigger is not None:
            place, span = _sentence_place(event, trigger, mentions)
            event.location = _location(place, span.text) if place is not None else (
                _national_site(event, _clause_chain(trigger)))
            if event.location is not None:
                located_by_text.append(event)
    _locate_by_paragraph(doc_text(doc), events, located_by_text)
    _locate_by_scene(doc, events, mentions)
    if dateline is not None:
        _locate_at_dateline(events, dateline, published)


def _mention_spans(doc: Doc, places: list[Place]) -> dict[int, list[tuple[Span, Place]]]:
    """Place mentions by the token index where their sentence starts (found once per mention)."""
    spans: dict[int, list[tuple[Span, Place]]] = {}
    for place in places:
        for mention in place.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and len(span):
                spans.setdefault(span.sent.start, []).append((span, place))
    return spans


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _location(place: Place, name: str | None = None) -> Location:
    return Location(name=name or place.name, country=place.country, lat=place.lat,
                    lon=place.lon, place=place.id)


def _sentence_place(event: Event, trigger: Token, mentions: dict[int, list[tuple[Span, Place]]]
                    ) -> tuple[Place | None, Span | None]:
    chain = _clause_chain(trigger)
    best = None
    for span, place in mentions.get(trigger.sent.start, []):
        rank = _rank(span, event, chain)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, place, span)
    return (best[1], best[2]) if best else (None, None)


def _clause_chain(trigger: Token) -> list[Token]:
    """The trigger and the heads above it up to its clause's verb, and that
    verb's own head for a noun trigger ("held talks in Berlin"), and on through
    clauses of the same time ("gathered in the square, chanting")."""
    chain = [trigger]
    token = trigger
    while (token.pos_ not in _CLAUSE_POS or same_time_clause(token)) and token.head != token:
        token = token.head
        chain.append(token)
    return chain


def _rank(span: Span, event: Event, chain: list[Token]) -> int | None:
    """How near the trigger a toponym is attached as the event's place; None
    where it is not (another clause, a recipient, a topic)."""
    root = span.root
    cue = cues()
    if root.dep_ == "poss" and root.head == chain[0]:
        return 1  # "Kabul's bombing"
    if root.dep_ in cue["location_modifier_deps"]:
        rank = _modifier_rank(span, event, chain[0])
        return rank if rank is not None else _site_rank(span, event, chain)
    if root.dep_ in cue["target_object_deps"][:1] and root.head == chain[0]:
        return 0 if event.type in cue["target_object_types"] else None
    found = _governing_preposition(root)
    if found is None or not _place_preposition(found[0], event.type):
        return None
    return _distance(found[1], chain, inside=range(span.start, span.end))


def _governing_preposition(pobj: Token) -> tuple[str, Token] | None:
    """The preposition an object hangs from and the word it attaches to;
    "outside of the parliament" reads as "outside"."""
    prep = pobj.head
    if pobj.dep_ != "pobj" or prep.dep_ not in ("prep", "dative"):
        return None
    if prep.lower_ == "of" and prep.head.pos_ in ("ADP", "ADV") and (
            prep.head.lower_ in cues()["location_preps"]):
        return prep.head.lower_, prep.head.head
    return prep.lower_, prep.head


def _modifier_rank(span: Span, event: Event, trigger: Token) -> int | None:
    """ "the Kabul car bombing" (on the trigger), "Hong Kong protesters gathered"
    (on its subject); not a participant ("Russia-US talks")."""
    head = span.root.head
    if _is_participant(span, event):
        return None
    if head == trigger:
        return 1
    if head.dep_ in ("nsubj", "nsubjpass") and head.head == trigger:
        return 2
    return None


def _site_rank(span: Span, event: Event, chain: list[Token]) -> int | None:
    """A toponym naming the site a place preposition points to ("gathered
    around Hong Kong's police complex", "marched to the Kyiv City Hall")."""
    site = _site_of(span, event)
    if site is None:
        return None
    return _distance(_governing_preposition(site)[1], chain, inside=range(span.start, site.i + 1))


def _site_of(span: Span, event: Event) -> Token | None:
    """The object of a place preposition that the toponym modifies, where it
    names a site (a proper noun, or a noun such as "complex" or "base")."""
    site = span.root.head
    while site.head.lower_ == "of" and site.head.head.dep_ == "pobj":  # "in the centre of X's province"
        site = site.head.head
    found = _governing_preposition(site)
    if found is None or not _is_site(site):  # a participant's site is still a place
        return None
    cue = cues()
    if found[0] not in cue["location_preps"] and not (
            found[0] in cue["movement_preps"] and event.type in cue["movement_types"]):
        return None
    return site


def _is_site(noun: Token) -> bool:
    """A proper noun, or a noun such as "complex" or "base"; not an embassy,
    which stands in another country than the one it is named for."""
    lemma = noun.lemma_.lower()
    return (noun.pos_ == "PROPN" or lemma in set(_sites()["site_nouns"])) and (
        lemma not in set(_sites()["foreign_sites"]))


@lru_cache(maxsize=1)
def _sites() -> dict:
    return json.loads(resources.files("dyad.data").joinpath(
        "places/event_sites.json").read_text("utf-8"))


def _national_site(event: Event, chain: list[Token]) -> Location | None:
    """A site a national adjective names, after a place preposition of the
    event's clause ("protested outside the Swedish Parliament"), where no
    toponym places the event."""
    names = state_names()
    for token in chain[0].sent:
        site = token.head
        if token.dep_ not in ("amod", "compound") or token.lower_ not in names or not _is_site(site):
            continue
        found = _governing_preposition(site)
        if found is None or not _place_preposition(found[0], event.type) or (
                _distance(found[1], chain, inside=range(token.i, site.i + 1)) is None):
            continue
        name = site.doc[min(token.i, site.left_edge.i + (site.left_edge.dep_ == "det")):site.i + 1]
        return Location(name=name.text, country=names[token.lower_], lat=None, lon=None)
    return None


def _is_participant(span: Span, event: Event) -> bool:
    codes = {ref.code for ref in event.actor + event.recipient}
    return any(len(code) == 3 and code in span.text.upper() for code in codes) or (
        span.root.ent_type_ == "GPE" and bool(codes) and _country_code(span) in codes)


def _country_code(span: Span) -> str | None:
    found = [c for c in lookup(span.text) if c.kind == "country"]
    return found[0].country if found else None


def _place_preposition(prep: str, event_type: str) -> bool:
    cue = cues()
    if prep in cue["location_preps"]:
        return True
    if prep in cue["movement_preps"]:
        return event_type in cue["movement_types"]
    return prep in cue["target_object_preps"] and event_type in cue["target_object_types"]


def _distance(token: Token, chain: list[Token], *, inside: range) -> int | None:
    """Steps from the word a preposition attaches to up to the trigger's chain,
    through nouns and participles modifying them (a verb of another clause
    stops it)."""
    positions = {t.i: rank for rank, t in enumerate(chain)}
    hops = 0
    while token.i not in positions:
        participle = token.dep_ == "acl" and token.tag_ == "VBN"  # "talks held in Paris"
        if (token.pos_ in _CLAUSE_POS and not participle) or token.head == token or (
                token.i in inside):
            return None
        token = token.head
        hops += 1
    return positions[token.i] + hops


def _locate_by_paragraph(text: str, events: list[Event], located: list[Event]) -> None:
    """An event its sentence does not place takes the place of the nearest event
    its paragraph places, where they share an actor (an event that happened:
    a planned or feared one is no evidence of where the story is)."""
    for event in events:
        if event.location is not None:
            continue
        paragraph = _paragraph_of(text, event.sentence.start)
        codes = {ref.code for ref in event.actor}
        near = [e for e in located if _paragraph_of(text, e.sentence.start) == paragraph
                and e.modality in _FACTS and codes & {ref.code for ref in e.actor}]
        if near:
            nearest = min(near, key=lambda e: abs(e.trigger.start - event.trigger.start))
            event.location = nearest.location


def _locate_by_scene(doc: Doc, events: list[Event],
                     mentions: dict[int, list[tuple[Span, Place]]]) -> None:
    """A material act or meeting still unplaced takes the place where its sentence, or one
    of the few sentences before it in its paragraph, sets its main verb ("The
    US carried out the strike at Baghdad airport. ... Rockets were launched")."""
    text = doc_text(doc)
    for event in events:
        trigger = _trigger_token(doc, event)
        if event.location is not None or trigger is None or not _takes_scene(event):
            continue
        start = text.rfind("\n", 0, trigger.idx) + 1
        sent = trigger.sent
        for _ in range(_sites()["scene_sentences"] + 1):
            scene = next(((span, place) for span, place in mentions.get(sent.start, [])
                          if _sets_scene(span, event)), None)
            if scene is not None:
                event.location = _location(scene[1], scene[0].text)
                break
            if sent.start == 0 or sent.start_char <= start:
                break
            sent = doc[sent.start - 1].sent


def _takes_scene(event: Event) -> bool:
    """Material acts and meetings that happened, not calls (which have no one place)."""
    sites = _sites()
    return event.modality in _FACTS and event.mode not in sites["sceneless_modes"] and (
        event.quad in sites["scene_quads"] or event.type in sites["scene_types"])


def _sets_scene(span: Span, event: Event) -> bool:
    """A toponym (or the site it names) after a place preposition on its
    sentence's main verb or that verb's object ("carried out the strike at
    ..."), where that verb says what happened."""
    site = _site_of(span, event) if span.root.dep_ in cues()["location_modifier_deps"] else span.root
    found = _governing_preposition(site) if site is not None else None
    if found is None or found[0] not in cues()["location_preps"] or (
            site is span.root and _is_participant(span, event)):
        return False
    attached, root = found[1], _main_verb(span.sent.root)
    if any(child.tag_ == "MD" or child.dep_ == "neg" for child in root.children):
        return False  # "could launch an assault in Ukraine" sets no scene
    while attached.dep_ == "pobj" and attached.head.lower_ in cues()["location_preps"]:
        attached = attached.head.head  # "rammed into a base in X": where the base is
    return attached == root or (attached.dep_ == "dobj" and attached.head == root)


def _main_verb(root: Token) -> Token:
    """The sentence's main verb; under a misread auxiliary root ("A bomb was on
    Monday rammed into ...") the verb it governs."""
    if root.pos_ != "AUX":
        return root
    return next((c for c in root.children if c.pos_ == "VERB" and c.dep_ in ("advcl", "xcomp", "conj")),
                root)


def _paragraph_of(text: str, offset: int) -> int:
    """The start of the paragraph (blank-line or newline separated) holding offset."""
    return text.rfind("\n", 0, offset) + 1


def _locate_at_dateline(events: list[Event], dateline: Place, published: str | None) -> None:
    """Same-day, unlocated events of the actors the text places at the
    dateline (every actor where the text places none there)."""
    present = {ref.code for e in events
               if e.location is not None and e.location.place == dateline.id
               for ref in e.actor}
    for event in events:
        if event.location is not None or event.date is None or event.date != published:
            continue
        codes = {ref.code for ref in event.actor}
        if present and not codes & present:
            continue
        event.location = _location(dateline)
