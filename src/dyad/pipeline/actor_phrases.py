"""Noun phrases: each anchor and each role word is read with the noun phrase it
heads or modifies, and the phrase gets a code and a sector.

"Russian troops" is one phrase headed by a role word (RUS MIL); "U.S. President
Joe Biden" is one phrase headed by a name (the dictionary's USA GOV);
"Ukrainian Foreign Minister Dmytro Kuleba" is a name the dictionary may lack,
coded from its modifiers (UKR) and title (GOV). A modifier that only names a
backer ("Kremlin-backed", "pro-Russian") is no actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from dyad.pipeline.actor_anchors import Anchor
from dyad.pipeline.actor_dictionary import ActorDictionary, RoleWord

_CLIMB = {"compound", "amod", "poss", "nmod", "flat"}
_LEFT = _CLIMB | {"det", "nummod", "predet", "quantmod", "case", "punct", "advmod"}
_NOMINAL = {"NOUN", "PROPN"}
_ATTRIBUTE_WORDS = {"backed", "led", "controlled", "held", "supported", "allied", "aligned",
                    "sponsored", "installed", "occupied", "friendly", "leaning", "based", "born"}
_ATTRIBUTE_PREFIXES = {"pro", "anti", "non", "ex"}
_OF_PREPS = {"of", "from", "for"}
_LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "around", "across", "throughout",
                   "within", "into", "through", "via", "beyond"}
_PLACE_PREPS = {"in"}  # "factions in the State Duma"; not for forces, which are in places they are not from
_STEP_DEPS = _LEFT | {"prep", "pobj", "cc", "conj", "npadvmod"}
_POSSESSIVE = ("'s", "’s", "'", "’")
_COUNT_WORDS = {"thousand", "hundred", "million", "dozen", "dozens", "thousands", "hundreds",
                "millions", "number", "group", "crowd", "majority", "minority", "most", "many"}


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
    source_key: str | None = None  # dictionary key


@dataclass
class _Context:
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
    for anchor in anchors:
        if _is_attribute(doc, anchor):
            continue
        heads.setdefault(_np_head(doc, anchor, anchor_at).i, []).append(anchor)
    context = _Context(doc, dictionary, published, anchor_at, {})
    for token in doc:
        if token.i in heads or token.i in anchor_at or _before_attribute(token):
            continue
        if token.pos_ in _NOMINAL and (not _is_modifier(token) or _acting_modifier(token, dictionary)):
            if role_at(token, dictionary) is not None:
                heads[token.i] = []
    # right to left, so that "residents of X" finds X already coded
    for head in sorted(heads, reverse=True):
        context.phrase_at[head] = _code_head(context, doc[head], heads[head])
    return [p for head in sorted(context.phrase_at) for p in context.phrase_at[head]]


def _is_attribute(doc: Doc, anchor: Anchor) -> bool:
    """"Kremlin-backed", "pro-Russian": the name describes, it does not act; "in
    Kyiv", "near Baghdad": a capital named as a place is a place, not the government."""
    first = doc[anchor.start]
    root = doc[anchor.start:anchor.end].root
    if anchor.form in ("capital", "metonym") and root.dep_ == "pobj" and (
            root.head.lower_ in _LOCATIVE_PREPS):
        return True
    if first.i >= 2 and doc[first.i - 1].text == "-" and doc[first.i - 2].lower_ in _ATTRIBUTE_PREFIXES:
        return True
    after = doc[anchor.end] if anchor.end < len(doc) else None
    if after is not None and after.text == "-" and anchor.end + 1 < len(doc):
        return doc[anchor.end + 1].lower_ in _ATTRIBUTE_WORDS
    return False


def _before_attribute(token: Token) -> bool:
    """"separatist-held": the word describes what follows."""
    doc = token.doc
    return (token.i + 2 < len(doc) and doc[token.i + 1].text == "-"
            and doc[token.i + 2].lower_ in _ATTRIBUTE_WORDS)


def _acting_modifier(token: Token, dictionary: ActorDictionary) -> bool:
    """"police violence", "protesters' demands": a role word modifying a noun that is no role."""
    return (token.dep_ in ("compound", "poss") and token.pos_ == "NOUN"
            and role_at(token.head, dictionary) is None)


def _is_modifier(token: Token) -> bool:
    return token.dep_ in _CLIMB and token.head.pos_ in _NOMINAL and token.head.i != token.i


def _np_head(doc: Doc, anchor: Anchor, anchor_at: dict[int, list[Anchor]]) -> Token:
    token = doc[anchor.start:anchor.end].root
    for step in range(5):
        head = token.head
        conj_step = step == 0 and token.dep_ == "conj" and head.dep_ in _CLIMB
        if head.i == token.i or (head.pos_ not in _NOMINAL and not conj_step):
            break
        named = [a for a in anchor_at.get(head.i, []) if a is not anchor]
        if anchor.kind == "person" and any(a.kind == "person" for a in named):
            break  # "Putin and ... Niinisto": two people, not a title
        if token.dep_ in _CLIMB or conj_step:
            token = head
        else:
            break
    return token


def role_at(token: Token, dictionary: ActorDictionary) -> RoleWord | None:
    """The role word a noun heads, longest first: "Defense Ministry" before "Ministry"."""
    words = [token]
    left = token.i - 1
    while left >= 0 and token.doc[left].dep_ in ("compound", "amod") and len(words) < 4:
        if token.doc[left].head.i <= token.i:
            words.insert(0, token.doc[left])
        left -= 1
    heads = (token.lower_, token.lemma_.lower())  # the word as written first: "officials"
    for of_phrase in _of_phrases(token):
        for head in heads:
            role = dictionary.role(f"{head} of {of_phrase}")
            if role is not None:
                return role
    for k in range(len(words)):
        prefix = " ".join(w.lower_ for w in words[k:-1])
        for head in heads:
            role = dictionary.role(f"{prefix} {head}" if prefix else head)
            if role is not None:
                return role
    return None


def _of_phrases(token: Token) -> list[str]:
    for prep in token.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [t for t in prep.children if t.dep_ == "pobj"]
            if objects:
                sub = objects[0].subtree
                return [" ".join(t.lower_ for t in sub if t.dep_ != "det")]
    return []


def _code_head(context: _Context, head: Token, anchors: list[Anchor]) -> list[Phrase]:
    own = [a for a in anchors if a.start <= head.i < a.end]
    mods = [a for a in anchors if a not in own]
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
    return [_simple_phrase(context, a) for a in mods]


def _np_start(head: Token, anchor_at: dict[int, list[Anchor]]) -> int:
    """The first token of the noun phrase: walk left while tokens hang from the head."""
    start = head.i
    while start > 0 and _hangs_from(head.doc[start - 1], head, anchor_at):
        start -= 1
    return start


def _hangs_from(token: Token, head: Token, anchor_at: dict[int, list[Anchor]]) -> bool:
    own = set(id(a) for a in anchor_at.get(head.i, []))
    current = token
    for _ in range(6):
        if current.dep_ not in _STEP_DEPS or current.head.i == current.i:
            return False
        if current.dep_ == "conj" and not any(
                a.kind != "person" and id(a) not in own for a in anchor_at.get(current.i, [])):
            return False  # "U.S. and Russian diplomats", not "Putin and ... Niinisto"
        current = current.head
        if current.i == head.i:
            return True
        if current.i > head.i:
            return False
    return False


def _span_phrase(context: _Context, head: Token, *, end: int | None = None, **fields) -> Phrase:
    doc = context.doc
    start = _np_start(head, context.anchor_at)
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
    if anchor.form == "demonym" and _counted(doc[anchor.start:anchor.end].root):
        kind, sector, key, name = "group", "CVL", f"people:{code}", _clean_name(anchor.text)
    return Phrase(head=doc[anchor.start:anchor.end].root.i, start=anchor.start, end=anchor.end,
                  start_char=anchor.start_char, end_char=anchor.end_char,
                  text=_clean_name(anchor.text), kind=kind, name=name, code=code,
                  sector=sector, key=key, wikidata=wikidata, title=title, members=members,
                  named=anchor.kind != "state" or anchor.form == "name",
                  source_key=anchor.key)


def _counted(token: Token) -> bool:
    """"thousands of Swedes", "200 Ukrainians": people, not their government."""
    if any(child.dep_ == "nummod" for child in token.children):
        return True
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        counted = token.head.head
        return counted.like_num or counted.lemma_.lower() in _COUNT_WORDS
    return False


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
        if anchor.known:
            actor = context.dictionary.actors[anchor.key]
            code, own_sector, _ = actor.coded(context.published)
            found.append(_qualifier(context, code, own_sector, actor.kind))
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found.extend(_qualifier(context, p.code, p.sector, p.kind)
                                 for p in context.phrase_at.get(obj.i, [])
                                 if p.code and p.code != "UNK")
    unique: list[Qualifier] = []
    for qualifier in found:
        if qualifier.code not in [q.code for q in unique]:
            unique.append(qualifier)
    return unique


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
    codes = explicit_codes(context, head, mods, sector=role.sector)
    uncoded = not codes and role.code is None
    if uncoded and role.weak and not _definite(head):
        return []
    kind = role.kind
    if kind == "person" and head.tag_ in ("NNS", "NNPS"):
        kind = "group"
    definite = kind == "person"
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
                              definite_role=definite,
                              pending=uncoded and _definite(head) and kind != "person",
                              droppable=uncoded and role.weak)
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
    start = _np_start(head, context.anchor_at)
    if start < person.start:
        doc = context.doc
        person.start, person.start_char = start, doc[start].idx
        person.text = doc.text[person.start_char:person.end_char]
    if person.source_key is None:
        codes = explicit_codes(context, head, mods, sector=role.sector)
        person.code = person.code or (codes[0].code if codes else None)
        person.title = person.title or role.phrase
        if person.sector == "UNK":
            person.sector = _sector_under(role.sector, codes[0] if codes else None)
    return True


def _name_after(context: _Context, head: Token) -> int | None:
    """Where a name follows a title directly or after its "of X" ("President of France
    Emmanuel Macron"); None where no name follows."""
    doc = context.doc
    for i in range(head.i + 1, min(head.i + 6, len(doc))):
        if any(a.kind == "person" and a.start == i for a in context.anchor_at.get(i, [])):
            return i
        token = doc[i]
        in_of_phrase = token.lower_ in ("of", "the") or any(
            a.kind in ("state", "organization") for a in context.anchor_at.get(i, []))
        if not in_of_phrase:
            return None
    return None


def _definite(head: Token) -> bool:
    return any(child.dep_ == "det" and child.lower_ in ("the", "this", "these") for child in head.lefts)


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
