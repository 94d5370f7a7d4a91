"""Noun-phrase geometry for actors: where a name's noun phrase has its head and
where it starts, which role word a noun heads, which names only describe
("Kremlin-backed") and which role words act though they modify ("police
violence"). Pure functions of the parse, the anchors and the dictionary.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyad.pipeline.actor_anchors import Anchor
from dyad.pipeline.actor_dictionary import ActorDictionary, RoleWord, word_lists

_CLIMB = {"compound", "amod", "poss", "nmod", "flat"}
_LEFT = _CLIMB | {"det", "nummod", "predet", "quantmod", "case", "punct", "advmod"}
NOMINAL = {"NOUN", "PROPN"}
_STEP_DEPS = _LEFT | {"prep", "pobj", "cc", "conj", "npadvmod"}


def named_as_place(doc: Doc, anchor: Anchor) -> bool:
    """"in Kyiv", "near Baghdad": a capital named as a place is a place, not the government."""
    root = doc[anchor.start:anchor.end].root
    return (anchor.form in ("capital", "metonym") and root.dep_ == "pobj"
            and root.head.lower_ in word_lists()["locative_prepositions"])


def is_attribute(doc: Doc, anchor: Anchor) -> bool:
    """"Kremlin-backed", "pro-Russian": the name describes, it does not act."""
    first = doc[anchor.start]
    prefixes = word_lists()["attribute_prefixes"]
    if first.i >= 2 and doc[first.i - 1].text == "-" and doc[first.i - 2].lower_ in prefixes:
        return True
    after = doc[anchor.end] if anchor.end < len(doc) else None
    if after is not None and after.text == "-" and anchor.end + 1 < len(doc):
        return doc[anchor.end + 1].lower_ in word_lists()["attribute_words"]
    return False


def before_attribute(token: Token) -> bool:
    """"separatist-held": the word describes what follows."""
    doc = token.doc
    return (token.i + 2 < len(doc) and doc[token.i + 1].text == "-"
            and doc[token.i + 2].lower_ in word_lists()["attribute_words"])


def acting_modifier(token: Token, dictionary: ActorDictionary) -> bool:
    """"police violence", "protesters' demands": a role word modifying a noun that is no role."""
    return (token.dep_ in ("compound", "poss") and token.pos_ == "NOUN"
            and role_at(token.head, dictionary) is None)


def is_modifier(token: Token) -> bool:
    return token.dep_ in _CLIMB and token.head.pos_ in NOMINAL and token.head.i != token.i


def np_head(doc: Doc, anchor: Anchor, anchor_at: dict[int, list[Anchor]]) -> Token:
    token = doc[anchor.start:anchor.end].root
    for step in range(5):
        head = token.head
        conj_step = step == 0 and token.dep_ == "conj" and head.dep_ in _CLIMB
        if head.i == token.i or (head.pos_ not in NOMINAL and not conj_step):
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


def np_start(head: Token, anchor_at: dict[int, list[Anchor]]) -> int:
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


def counted(token: Token) -> bool:
    """"thousands of Swedes", "200 Ukrainians": people, not their government."""
    if any(child.dep_ == "nummod" for child in token.children):
        return True
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        counted = token.head.head
        return counted.like_num or counted.lemma_.lower() in word_lists()["count_words"]
    return False


def definite(head: Token) -> bool:
    return any(child.dep_ == "det" and child.lower_ in ("the", "this", "these") for child in head.lefts)
