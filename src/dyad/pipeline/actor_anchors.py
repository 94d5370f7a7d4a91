"""Anchors: the stretches of a Doc that name an actor, from the dictionary's
PhraseMatcher and, where the dictionary is silent, from spaCy's entities.

The dictionary wins over spaCy's label where both cover the same words (spaCy
calls "Blinken" a place and "Lavrov" an organisation); spaCy wins where its
entity is longer ("West Virginia", "Chad Smith"). Names inside a hyphenated
token ("U.S.-Russia") are anchors of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from dyad.pipeline.actor_dictionary import ActorDictionary, city_names

_NER_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place"}
_NER_LONGER_WINS = {"PERSON", "GPE", "LOC", "FAC"}
_POSSESSIVE = ("'s", "’s")


@dataclass
class Anchor:
    """A name in the text: tokens ``start:end`` and its characters."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    kind: str  # state | organization | person | group
    key: str | None = None  # dictionary key; None for names the dictionary lacks
    form: str = "name"  # name | alias | adjective | demonym | capital | metonym | ner

    @property
    def known(self) -> bool:
        return self.key is not None


def find_anchors(doc: Doc, dictionary: ActorDictionary, matcher: PhraseMatcher) -> list[Anchor]:
    """Every actor name in the doc, at most one per token (except hyphenated tokens)."""
    spans = [Span(doc, start, end, label=match_id) for match_id, start, end in matcher(doc)]
    anchors = [_dictionary_anchor(doc, span, dictionary) for span in _longest(spans)]
    anchors.extend(_hyphenated(doc, anchors, dictionary))
    anchors = _merge_entities(doc, anchors, dictionary)
    anchors = [a for a in anchors if a.known or not _names_no_actor(doc, a, dictionary)]
    _fold_case(anchors, dictionary)
    anchors.extend(_repeated_names(doc, anchors))
    _repair_surnames(anchors)
    anchors = [anchor for anchor in anchors if anchor.kind != "place" and not _city(anchor)]
    return sorted(anchors, key=lambda anchor: (anchor.start_char, anchor.end_char))


def _longest(spans: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not taken.intersection(range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return chosen


def _dictionary_anchor(doc: Doc, span: Span, dictionary: ActorDictionary) -> Anchor:
    name = dictionary.names[doc.vocab.strings[span.label]]
    actor = dictionary.actors[name.key]
    return Anchor(span.start, span.end, span.start_char, span.end_char, span.text,
                  actor.kind, name.key, name.form)


def _merge_entities(doc: Doc, anchors: list[Anchor], dictionary: ActorDictionary) -> list[Anchor]:
    by_token = {i: anchor for anchor in anchors for i in range(anchor.start, anchor.end)}
    result = list(anchors)
    for ent in doc.ents:
        inside = {id(by_token[i]): by_token[i] for i in range(ent.start, ent.end) if i in by_token}
        if not inside:
            anchor = _entity_anchor(ent)
            if anchor is not None:
                result.append(anchor)
            continue
        ent_start = ent.start + (1 if ent[0].dep_ == "det" else 0)  # "the United States"
        longer = any(a.start > ent_start or a.end < ent.end for a in inside.values())
        listed = len(inside) > 1  # "the United States - Ukraine - Russia format": a list of names
        if not longer or listed or ent.label_ not in _NER_LONGER_WINS:
            if ent.label_ == "ORG" and ent.root.i not in by_token and _entity_anchor(ent):
                result.append(_entity_anchor(ent))  # "Russian Railways": the adjective codes it
            continue
        last = by_token.get(ent.end - 1)
        if ent.label_ == "PERSON" and last is not None and last.kind == "person":
            # a variant of a known name ("Dmitry Kuleba" for "Dmytro Kuleba")
            last.start, last.start_char, last.text = ent.start, ent.start_char, ent.text
            result = [a for a in result if a is last or id(a) not in inside]
            continue
        result = [a for a in result if id(a) not in inside]
        anchor = _entity_anchor(ent)
        if anchor is not None:
            result.append(anchor)
    return result


def _names_no_actor(doc: Doc, anchor: Anchor, dictionary: ActorDictionary) -> bool:
    """"the Syrian Civil War", "the Minsk Agreements": events and documents, not actors."""
    return (doc[anchor.start:anchor.end].root.lemma_.lower() in dictionary.not_actor_heads
            or doc[anchor.end - 1].lower_ in dictionary.not_actor_heads
            or anchor.text in dictionary.not_actor_names)


def _fold_case(anchors: list[Anchor], dictionary: ActorDictionary) -> None:
    """"BLINKEN:" in a transcript is Blinken."""
    for anchor in anchors:
        if not anchor.known:
            name = dictionary.folded.get(anchor.text.casefold())
            if name is not None:
                anchor.key, anchor.form = name.key, name.form
                anchor.kind = dictionary.actors[name.key].kind


def _city(anchor: Anchor) -> bool:
    """A one-word name spaCy calls a person or organisation that is a city ("Bucha")."""
    return (not anchor.known and anchor.form == "ner" and " " not in anchor.text
            and anchor.text in city_names())


def _entity_anchor(ent: Span) -> Anchor | None:
    kind = _NER_KINDS.get(ent.label_)
    if kind is None or any(ch.isdigit() for ch in ent.text):
        return None
    tokens = [t for t in ent if t.dep_ != "det" and t.lower_ not in _POSSESSIVE]
    if not tokens:
        return None
    if kind == "organization" and _inside_title(ent):
        return None
    start, end = tokens[0].i, tokens[-1].i + 1
    span = ent.doc[start:end]
    return Anchor(start, end, span.start_char, span.end_char, span.text, kind, None, "ner")


def _inside_title(ent: Span) -> bool:
    """"State" in "Secretary of State" is part of a title, not an organisation."""
    head = ent.root.head
    return ent.root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "PROPN"


def _hyphenated(doc: Doc, anchors: list[Anchor], dictionary: ActorDictionary) -> list[Anchor]:
    covered = {i for anchor in anchors for i in range(anchor.start, anchor.end)}
    found: list[Anchor] = []
    for token in doc:
        if token.i in covered or "-" not in token.text or token.text == "-":
            continue
        offset = token.idx
        for part in token.text.split("-"):
            name = dictionary.names.get(part)
            if name is not None:
                actor = dictionary.actors[name.key]
                found.append(Anchor(token.i, token.i + 1, offset, offset + len(part), part,
                                    actor.kind, name.key, name.form))
            offset += len(part) + 1
    return found


def _repeated_names(doc: Doc, anchors: list[Anchor]) -> list[Anchor]:
    """A full name spaCy found once is the same name where it missed it."""
    names = {tuple(t.text for t in doc[a.start:a.end]) for a in anchors
             if a.kind == "person" and not a.known and a.end - a.start > 1}
    if not names:
        return []
    words = [t.text for t in doc]
    starts: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        starts.setdefault(word, []).append(i)
    covered = {i for a in anchors if a.kind != "place" for i in range(a.start, a.end)}
    found: list[Anchor] = []
    for name in sorted(names):
        size = len(name)
        for start in starts.get(name[0], []):
            if tuple(words[start:start + size]) != name or covered.intersection(
                    range(start, start + size)):
                continue
            span = doc[start:start + size]
            found.append(Anchor(start, start + size, span.start_char, span.end_char,
                                span.text, "person", None, "ner"))
            covered.update(range(start, start + size))
    return found


def _repair_surnames(anchors: list[Anchor]) -> None:
    """spaCy's unknown organisations and places that are a person's surname are that person."""
    surnames = {a.text.split()[-1]: a for a in anchors if a.kind == "person" and a.text.split()}
    for anchor in anchors:
        if anchor.kind in ("organization", "place") and not anchor.known and anchor.text in surnames:
            person = surnames[anchor.text]
            anchor.kind, anchor.key, anchor.form = "person", person.key, "alias"
