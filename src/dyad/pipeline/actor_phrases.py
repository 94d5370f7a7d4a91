"""Noun phrases: each anchor and each role word is read with the noun phrase it
heads or modifies, and the phrase gets a code and a sector.

"Russian troops" is one phrase headed by a role word (RUS MIL); "U.S. President
Joe Biden" is one phrase headed by a name (the dictionary's USA GOV);
"Ukrainian Foreign Minister Dmytro Kuleba" is a name the dictionary may lack,
coded from its modifiers (UKR) and title (GOV). A modifier that only names a
backer ("Kremlin-backed", "pro-Russian") is no actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dyad.pipeline.actor_anchors import Anchor
from dyad.pipeline.actor_dictionary import ActorDictionary, RoleWord
from dyad.pipeline.actor_syntax import (
    NOMINAL,
    acting_modifier,
    before_attribute,
    counted,
    definite,
    is_attribute,
    is_modifier,
    named_as_place,
    np_head,
    np_start,
    role_at,
)

_OF_PREPS = {"of", "from", "for"}
_PLACE_PREPS = {"in"}  # "factions in the State Duma"; not for forces, which are in places they are not from
_POSSESSIVE = ("'s", "’s", "'", "’")


@dataclass
class Phrase:
    """A coded actor phrase: the tokens it covers and the characters of its mention."""

    head: int
    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    kind: str  # person | state | organization | group
    name: str
    code: str | None  # None until context has given one
    sector: str
    key: str
    wikidata: str | None = None
    title: str = ""  # office words of a person ("foreign minister")
    members: list[tuple[str, str]] = field(default_factory=list)  # (code, sector) of a group
    member_keys: list[str] = field(default_factory=list)  # keys of earlier phrases ("the two leaders")
    named: bool = False  # it has a proper name
    definite_role: bool = False  # "the president": may be someone named before
    pending: bool = False  # "the ministers", "the Assembly": may join an earlier phrase
    droppable: bool = False  # a weak word: kept only if it does
    possessor: int | None = None  # "its forces", "his aides": the pronoun that says whose
    context_only: bool = False  # a capital named as a place: gives context, is no actor
    source_key: str | None = None  # dictionary key


@dataclass
class _Context:
    """What coding one article's phrases reads: the parse, the anchors, the phrases so far."""

    doc: Doc
    dictionary: ActorDictionary
    published: str | None
    anchor_at: dict[int, list[Anchor]]
    phrase_at: dict[int, list[Phrase]]


def code_phrases(doc: Doc, anchors: list[Anchor], dictionary: ActorDictionary,
                 published: str | None) -> list[Phrase]:
    """Group anchors by the noun phrase they sit in and code every phrase."""
    anchor_at: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        for i in range(anchor.start, anchor.end):
            anchor_at.setdefault(i, []).append(anchor)
    heads: dict[int, list[Anchor]] = {}
    places: list[Anchor] = []
    for anchor in anchors:
        if named_as_place(doc, anchor):
            places.append(anchor)
            continue
        if is_attribute(doc, anchor):
            continue
        heads.setdefault(np_head(doc, anchor, anchor_at).i, []).append(anchor)
    context = _Context(doc, dictionary, published, anchor_at, {})
    for token in doc:
        if token.pos_ not in NOMINAL or token.i in heads or token.i in anchor_at:
            continue
        if is_modifier(token) and not acting_modifier(token, dictionary):
            continue
        if not before_attribute(token) and role_at(token, dictionary) is not None:
            heads[token.i] = []
    # right to left, so that "residents of X" finds X already coded
    for head in sorted(heads, reverse=True):
        context.phrase_at[head] = _code_head(context, doc[head], heads[head])
    phrases = [p for head in sorted(context.phrase_at) for p in context.phrase_at[head]]
    for anchor in places:  # "in Minsk": no actor, but context for "police" nearby
        phrase = _simple_phrase(context, anchor)
        phrase.context_only = True
        phrases.append(phrase)
    return sorted(phrases, key=lambda p: (p.start_char, p.end_char))


def _code_head(context: _Context, head: Token, anchors: list[Anchor]) -> list[Phrase]:
    own = [a for a in anchors if a.start <= head.i < a.end]
    mods = [a for a in anchors if all(a is not o for o in own)]
    if own:
        anchor = own[0]
        if anchor.kind == "person":
            return [_person_phrase(context, head, anchor, mods)]
        if anchor.kind == "organization":
            return [_org_phrase(context, head, anchor, mods)]
        phrases = [_simple_phrase(context, a) for a in own]
        return phrases + [_simple_phrase(context, a) for a in mods]
    role = role_at(head, context.dictionary)
    if role is not None:
        return _role_phrases(context, head, role, mods)
    return [_simple_phrase(context, a) for a in mods if not _names_a_place(context, a)]


def _names_a_place(context: _Context, anchor: Anchor) -> bool:
    """"the Paris Agreement", "the Geneva talks": a capital naming a thing is no actor."""
    root = context.doc[anchor.start:anchor.end].root
    return anchor.form == "capital" and root.dep_ in ("compound", "nmod")


def _span_phrase(context: _Context, head: Token, *, end: int | None = None, **fields) -> Phrase:
    doc = context.doc
    start = np_start(head, context.anchor_at)
    while start < head.i and doc[start].is_punct:
        start += 1
    end = max(end or 0, head.i + 1)
    text = doc[start:end].text
    return Phrase(head=head.i, start=start, end=end, start_char=doc[start].idx,
                  end_char=doc[start].idx + len(text), text=text, **fields)


def _clean_name(text: str) -> str:
    for suffix in _POSSESSIVE:
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _simple_phrase(context: _Context, anchor: Anchor) -> Phrase:
    """A name on its own, or a name modifying a noun that is no actor ("Ukrainian border")."""
    doc = context.doc
    if anchor.known:
        actor = context.dictionary.actors[anchor.key]
        code, sector, title = actor.coded(context.published)
        name, wikidata, members = actor.name, actor.wikidata, list(actor.members)
    else:
        code, sector, title = ("UNK" if anchor.kind != "person" else None), "UNK", ""
        name, wikidata, members = _clean_name(anchor.text), None, []
    key = anchor.key or f"{anchor.kind}:{name}"
    kind = anchor.kind
    if anchor.form == "demonym" and counted(doc[anchor.start:anchor.end].root):
        kind, sector, key, name = "group", "CVL", f"people:{code}", _clean_name(anchor.text)
    text = _clean_name(anchor.text)
    return Phrase(head=doc[anchor.start:anchor.end].root.i, start=anchor.start, end=anchor.end,
                  start_char=anchor.start_char, end_char=anchor.start_char + len(text),
                  text=text, kind=kind, name=name, code=code,
                  sector=sector, key=key, wikidata=wikidata, title=title, members=members,
                  named=anchor.kind != "state" or anchor.form == "name",
                  source_key=anchor.key)


@dataclass(frozen=True)
class Qualifier:
    """A code a modifier or an "of X" phrase gives: whose state or organisation it is."""

    code: str
    is_state: bool
    sector: str  # the qualifier's own sector ("the State Duma": LEG)
    kind: str


def explicit_codes(context: _Context, head: Token, mods: list[Anchor], *,
                   sector: str = "") -> list[Qualifier]:
    """What the phrase's modifiers or an "of X" / "from X" / "in X" phrase name."""
    preps = _OF_PREPS if sector == "MIL" else _OF_PREPS | _PLACE_PREPS
    found: list[Qualifier] = []
    for anchor in mods:
        if anchor.known and not context.dictionary.actors[anchor.key].whole_only:
            actor = context.dictionary.actors[anchor.key]
            code, own_sector, _ = actor.coded(context.published)
            found.append(_qualifier(context, code, own_sector, actor.kind))
    for prep in head.rights:
        if found:
            break  # "an Islamic State leader in Syria": the modifier says whose
        if prep.dep_ == "prep" and prep.lower_ in preps:
            objects = [t for t in prep.children if t.dep_ == "pobj"]
            objects += [c for obj in objects for c in obj.children if c.dep_ == "conj"]
            for obj in objects:
                found.extend(_qualifier(context, p.code, p.sector, p.kind)
                             for p in context.phrase_at.get(obj.i, [])
                             if p.code and p.code != "UNK")
                found.extend(_place_qualifier(context, obj))
    unique: list[Qualifier] = []
    for qualifier in found:
        if qualifier.code not in [q.code for q in unique]:
            unique.append(qualifier)
    return unique


def _place_qualifier(context: _Context, obj: Token) -> list[Qualifier]:
    """"the court in Moscow": a capital named as a place is no actor, but says whose."""
    if obj.i in context.phrase_at:
        return []
    return [_qualifier(context, context.dictionary.actors[a.key].code, "GOV", "state")
            for a in context.anchor_at.get(obj.i, []) if a.known and a.kind == "state"]


def _qualifier(context: _Context, code: str, sector: str, kind: str) -> Qualifier:
    return Qualifier(code, f"state:{code}" in context.dictionary.actors, sector, kind)


def _sector_under(role_sector: str, qualifier: Qualifier | None) -> str:
    """"NATO officials" are IGO, "Duma leaders" LEG: a generic GOV word takes its body's sector."""
    if qualifier is None or role_sector != "GOV":
        return role_sector
    if not qualifier.is_state:
        return "IGO" if qualifier.sector == "GOV" else qualifier.sector
    if qualifier.kind == "organization" and qualifier.sector not in ("GOV", "UNK"):
        return qualifier.sector
    return role_sector


def _title(context: _Context, start: int, end: int) -> RoleWord | None:
    """The office words before a name: "Secretary of State", "Foreign Minister"."""
    words = [t.lower_ for t in context.doc[start:end]
             if t.i not in context.anchor_at and not t.is_punct and t.dep_ not in ("det", "case")]
    for k in range(len(words)):
        role = context.dictionary.role(" ".join(words[k:]))
        if role is not None:
            return role
    return None


def _person_phrase(context: _Context, head: Token, anchor: Anchor, mods: list[Anchor]) -> Phrase:
    phrase = _span_phrase(context, head, kind="person", name="", code=None, sector="UNK",
                          key="", named=True, source_key=anchor.key, end=anchor.end)
    title = _title(context, phrase.start, anchor.start)
    if anchor.known:
        actor = context.dictionary.actors[anchor.key]
        phrase.code, phrase.sector, phrase.title = actor.coded(context.published)
        phrase.name, phrase.wikidata, phrase.key = actor.name, actor.wikidata, actor.key
        if title and not phrase.title:
            phrase.title = title.phrase
        return phrase
    phrase.name = _clean_name(anchor.text)
    phrase.key = f"person:{phrase.name}"
    codes = explicit_codes(context, head, mods)
    if codes:
        phrase.code = codes[0].code
    if title is not None:
        phrase.title = title.phrase
        phrase.sector = _sector_under(title.sector, codes[0] if codes else None)
    return phrase


def _org_phrase(context: _Context, head: Token, anchor: Anchor, mods: list[Anchor]) -> Phrase:
    phrase = _span_phrase(context, head, kind="organization", name="", code=None, sector="UNK",
                          key="", named=True, source_key=anchor.key, end=anchor.end)
    codes = [q for q in explicit_codes(context, head, mods) if q.is_state]
    if anchor.known:
        actor = context.dictionary.actors[anchor.key]
        phrase.code, phrase.sector, _ = actor.coded(context.published)
        phrase.name, phrase.wikidata, phrase.key = actor.name, actor.wikidata, actor.key
        if actor.generic and codes:
            phrase.code = codes[0].code
            phrase.sector = "GOV" if actor.sector == "IGO" else actor.sector
            phrase.key = f"{actor.key}:{phrase.code}"
        elif actor.generic and phrase.code == "UNK":
            phrase.code = None  # "the Defense Ministry": whose, context says
        return phrase
    role = _role_in(context, anchor)
    codes = codes or _codes_inside(context, anchor)
    phrase.name = _clean_name(anchor.text)
    phrase.sector = role.sector if role else "UNK"
    phrase.code = codes[0].code if codes else (None if role else "UNK")
    phrase.key = f"organization:{phrase.name}"
    return phrase


def _role_in(context: _Context, anchor: Anchor) -> RoleWord | None:
    """The role word in an unknown organisation's name: "Defense Ministry", "Ministry of Finance"."""
    span = context.doc[anchor.start:anchor.end]
    words = [t.lower_ for t in span]
    for k in range(len(words)):
        role = context.dictionary.role(" ".join(words[k:]))
        if role is not None:
            return role
    return role_at(span.root, context.dictionary)


def _codes_inside(context: _Context, anchor: Anchor) -> list[Qualifier]:
    """States named inside an organisation's name ("Ministry of Internal Affairs of Ukraine")."""
    found = []
    for i in range(anchor.start, anchor.end):
        for inner in context.anchor_at.get(i, []):
            if inner is not anchor and inner.kind == "state" and inner.known:
                actor = context.dictionary.actors[inner.key]
                found.append(_qualifier(context, actor.code, "GOV", "state"))
    return found


def _role_phrases(context: _Context, head: Token, role: RoleWord,
                  mods: list[Anchor]) -> list[Phrase]:
    if role.kind == "person" and _title_of_next_name(context, head, role, mods):
        return []
    if role.subject_only and head.dep_ not in ("nsubj", "nsubjpass"):
        return [_simple_phrase(context, a) for a in mods]
    codes = explicit_codes(context, head, mods, sector=role.sector)
    uncoded = not codes and role.code is None
    possessor = _possessive_pronoun(head) if uncoded else None
    if uncoded and role.weak and not definite(head) and possessor is None:
        return []
    kind = role.kind
    if kind == "person" and head.tag_ in ("NNS", "NNPS"):
        kind = "group"
    person_role = kind == "person"
    adjectives = [a for a in mods if a.kind == "state" and a.form == "adjective"]
    if role.code is not None and adjectives:
        codes = [q for q in codes if q.is_state]  # "German and French allies"
        role = RoleWord(role.phrase, "GOV", role.kind, role.weak)
    elif role.code is not None:
        codes = [_default_code(context, role, codes)]
    phrases = []
    for qualifier in codes or [None]:
        code = qualifier.code if qualifier else None
        sector = _sector_under(role.sector, qualifier)
        phrase = _span_phrase(context, head, kind=kind, name="", code=code, sector=sector,
                              key="", title=role.phrase if kind == "person" else "",
                              definite_role=person_role,
                              pending=uncoded and definite(head) and kind != "person",
                              droppable=uncoded and role.weak, possessor=possessor)
        phrase.name = phrase.text
        phrases.append(phrase)
    return phrases


def _title_of_next_name(context: _Context, head: Token, role: RoleWord,
                        mods: list[Anchor]) -> bool:
    """"Finnish President" right before "Sauli Niinisto" is his title: the name's
    phrase grows to cover it and, where the name is unknown, takes its code."""
    nxt = _name_after(context, head)
    if nxt is None:
        return False
    person = next((p for phrases in context.phrase_at.values() for p in phrases
                   if p.kind == "person" and p.start <= nxt < p.end), None)
    if person is None:
        return False
    start = np_start(head, context.anchor_at)
    if start < person.start:
        doc = context.doc
        person.start, person.start_char = start, doc[start].idx
        person.text = doc[start:person.end].text
    if person.source_key is None:
        codes = explicit_codes(context, head, mods, sector=role.sector)
        person.code = person.code or (codes[0].code if codes else None)
        person.title = person.title or role.phrase
        if person.sector == "UNK":
            person.sector = _sector_under(role.sector, codes[0] if codes else None)
    return True


def _name_after(context: _Context, head: Token) -> int | None:
    """Where a name follows a title directly or after the title's own "of ..." phrase
    ("President of France Emmanuel Macron", "Deputy Head of the Office of the
    President of Ukraine Ihor Zhovkva"); None where no name follows."""
    doc = context.doc
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        return None  # "the President" in "Head of the Office of the President": part of a title
    for i in range(head.i + 1, min(head.i + 12, len(doc))):
        if any(a.kind == "person" and a.start == i for a in context.anchor_at.get(i, [])):
            return i
        token = doc[i]
        if token.is_punct or token.dep_ in ("cc", "conj"):
            return None  # "The President of Russia and Head of the LPR Leonid Pasechnik"
        if not (token.lower_ in ("of", "the") or head in token.ancestors):
            return None
    return None


def _possessive_pronoun(head: Token) -> int | None:
    return next((c.i for c in head.lefts if c.dep_ == "poss" and c.tag_ == "PRP$"), None)


def _default_code(context: _Context, role: RoleWord, codes: list[Qualifier]) -> Qualifier:
    """"allies" are NATO, unless a modifier names a state outside it ("Russia's allies")."""
    if role.code in ("IGO", None):
        return Qualifier("IGO", False, "IGO", "organization")
    group = next((a for a in context.dictionary.actors.values()
                  if a.kind == "organization" and a.code == role.code and a.member_states), None)
    for qualifier in codes:
        if qualifier.is_state and group is not None and qualifier.code not in group.member_states:
            return Qualifier("IGO", False, "IGO", "organization")
    return Qualifier(role.code, False, "IGO", "organization")
