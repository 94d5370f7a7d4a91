"""Sourcing: who says a thing, and whether that source is named, anonymous or
an outlet.

The attribution of a quote and the sourcing of an event rest on the same
dependency lookups: a reporting verb and its subject ("Blinken said"), or the
object of "according to". The lexicons are data in ``dyad/data/quotes/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from dyad.errors import ConfigError
from dyad.model import ActorRef, Mention, Sourcing
from dyad.pipeline.actors import ActorLayer
from dyad.pipeline.doc_text import doc_text

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Dependencies by which a reported clause hangs from its reporting verb.
_REPORTED_DEPS = {"ccomp", "xcomp", "parataxis", "dobj", "advcl", "oprd", "npadvmod", "advmod"}
_PRONOUNS = {"he", "she", "him", "her"}  # those that point back to a person
_RELATIVE = {"who", "which", "that"}
_POSSESSIVES = {"his", "her"}
# doc.user_data key under which find_quotes leaves the (start, end) of each direct quote.
QUOTED_KEY = "dyad.quoted"


@dataclass(frozen=True)
class Lexicons:
    verbs: frozenset[str]
    clause_verbs: frozenset[str]
    nouns: frozenset[str]
    according: frozenset[str]
    anonymous_heads: frozenset[str]
    anonymity_phrases: tuple[str, ...]
    outlet_heads: frozenset[str]
    outlet_modifiers: frozenset[str]
    outlet_names: re.Pattern[str]
    document_heads: frozenset[str] = frozenset()


@dataclass
class Source:
    """Whoever a reporting verb or "according to" names: the head token of the
    phrase, its extent, and its coded actor where one is known."""

    head: Token
    mention: Mention
    ref: ActorRef | None
    kind: str  # speaker | anonymous | outlet

    def sourcing(self) -> Sourcing:
        # The words of the text ("Russia's foreign minister") say more than
        # the coded name, except for a pronoun.
        name = self.ref.name if self.ref and self.head.pos_ == "PRON" else self.mention.text
        return Sourcing(self.kind, name, self.ref.code if self.ref else None)


def _read_json(name: str) -> dict:
    try:
        text = resources.files("dyad.data").joinpath(f"quotes/{name}").read_text("utf-8")
        return json.loads(text)
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read the quote lexicon {name}: {e}") from e


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    verbs = _read_json("reporting_verbs.json")
    cues = _read_json("sourcing_cues.json")
    names = sorted(cues["outlet_names"], key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
    return Lexicons(
        verbs=frozenset(verbs["verbs"]),
        clause_verbs=frozenset(verbs["clause_verbs"]),
        nouns=frozenset(verbs.get("nouns", [])),
        according=frozenset(verbs["according"]),
        anonymous_heads=frozenset(cues["anonymous_heads"]),
        anonymity_phrases=tuple(cues["anonymity_phrases"]),
        outlet_heads=frozenset(cues["outlet_heads"]),
        outlet_modifiers=frozenset(cues["outlet_modifiers"]),
        outlet_names=pattern,
        document_heads=frozenset(cues.get("document_heads", [])),
    )


def is_reporting_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lexicons().verbs


def noun_speaker(noun: Token) -> Token | None:
    """Who a reporting noun belongs to: "Lavrov's claim", "warnings by Biden"."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lexicons().nouns:
        return None
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "by":
            objects = [t for t in child.children if t.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def reported_clause(noun: Token) -> Token | None:
    """The "that" clause of a reporting noun, if any."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp") and child.i > noun.i and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            return child
    return None


def according_object(token: Token) -> Token | None:
    """The X of an "according to X" attached to ``token``, if any."""
    for child in token.children:
        if child.lower_ in lexicons().according:
            for to in child.children:
                if to.lower_ == "to":
                    objects = [t for t in to.children if t.dep_ == "pobj"]
                    if objects:
                        return objects[0]
    return None


def subject_of(verb: Token) -> Token | None:
    """The subject of a reporting verb, looking through conjoined verbs,
    relative clauses ("Blinken, who said ...") and participles ("calling it
    X, Blinken said")."""
    node: Token | None = verb
    for _ in range(3):
        if node is None:
            return None
        found = _own_subject(node)
        if found is not None:
            return found
        node = node.head if node.dep_ in ("conj", "advcl", "xcomp") else None
    return None


def _own_subject(verb: Token) -> Token | None:
    """The active subject, or the agent of a passive ("is called X by Y"); a
    passive subject speaks only when "quoted as saying"."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [t for t in child.children if t.dep_ == "pobj"]
            if objects:
                return objects[0]
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj") or (
                child.dep_ == "nsubjpass" and verb.lemma_.lower() == "quote"):
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
    return None


def source_of(head: Token, actors: ActorLayer) -> Source:
    """Classify the phrase headed by ``head`` and code it where possible."""
    tokens = _phrase_tokens(head)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc_text(head.doc)[start:end]
    ref = _ref_of(head, tokens, actors)
    kind = _kind_of(head, tokens, text, ref)
    return Source(head, Mention(start, end, text), ref, kind)


def _phrase_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head``: its subtree without relative clauses, up
    to a comma after the head (an apposition or clause, read only for cues)."""
    dropped = {t.i for child in head.children if child.dep_ in ("relcl", "acl")
               and child.i > head.i for t in child.subtree}
    tokens = [t for t in head.subtree if t.i not in dropped]
    cut = [t.i for t in tokens if t.i > head.i and t.text in (",", "(", "—", "–")]
    if cut:
        tokens = [t for t in tokens if t.i < cut[0]]
    return tokens or [head]


def _ref_of(head: Token, tokens: list[Token], actors: ActorLayer) -> ActorRef | None:
    refs = actors.refs_of(head)
    if refs:
        return refs[0]
    if head.lower_ in _PRONOUNS:
        return previous_person(head, actors)
    # The head first, then its modifiers ("Niinisto's office", "U.S.
    # officials", "his office"), then an apposition ("X, the Prime Minister of
    # Iraq") or a participle ("the appeal submitted by X"); not a relative
    # clause, which names others ("the official, who met Lavrov").
    rest = [t for c in head.children if c.dep_ in ("appos", "acl") for t in c.subtree]
    for group in (tokens, rest):
        for token in sorted(group, key=lambda t: (t.head.i != head.i, abs(t.i - head.i))):
            refs = actors.refs_of(token)
            if refs:
                return refs[0]
            if token.dep_ == "poss" and token.lower_ in _POSSESSIVES:
                return previous_person(token, actors)
    return None


def previous_person(token: Token, actors: ActorLayer) -> ActorRef | None:
    """Fallback for a pronoun the actor layer leaves unresolved: the nearest
    earlier person who is a subject in this sentence or the one before, else
    the nearest earlier person; mentions inside quotation marks are passed
    over (a name inside a quote is who the speaker talks about)."""
    doc = token.doc
    quoted = doc.user_data.get(QUOTED_KEY, ())
    window = doc[token.sent.start - 1].sent.start if token.sent.start else 0
    nearest: tuple[int, object] | None = None
    subject: tuple[int, object] | None = None
    for entity in actors.entities:
        if entity.kind != "person":
            continue
        for mention in entity.mentions:
            if mention.start >= token.idx or _in_ranges(mention.start, quoted):
                continue
            if nearest is None or mention.start > nearest[0]:
                nearest = (mention.start, entity)
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and span.start >= window and span.root.dep_ in _SUBJECTS and (
                    subject is None or mention.start > subject[0]):
                subject = (mention.start, entity)
    best = subject or nearest
    return actors.ref(best[1]) if best else None


def _in_ranges(offset: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= offset < end for start, end in ranges)


def _kind_of(head: Token, tokens: list[Token], text: str, ref: ActorRef | None) -> str:
    lex = lexicons()
    if ref is not None and ref.sector == "MED":
        return "outlet"
    modifiers = [c.lower_ for c in head.children if c.dep_ in ("compound", "amod")]
    if lex.outlet_names.search(text) or head.lemma_.lower() in lex.outlet_heads or any(
            m in lex.outlet_modifiers for m in modifiers):
        return "outlet"
    cue_text = " ".join(t.lower_ for t in head.subtree)
    if any(phrase in cue_text for phrase in lex.anonymity_phrases):
        return "anonymous"
    named = any(t.ent_type_ == "PERSON" for t in tokens) or head.pos_ == "PROPN"
    # "officials said", "a senior official": no one named; "the diplomats"
    # points back to someone the article has named.
    definite = any(t.dep_ == "poss" or t.lower_ in ("the", "this", "these", "those")
                   for t in head.children)
    if head.lemma_.lower() in lex.anonymous_heads and not named and not definite:
        return "anonymous"
    return "speaker"


def reporting_source(token: Token, actors: ActorLayer, *, skip: frozenset[int] = frozenset()
                     ) -> tuple[Token, Source] | None:
    """Walk up from ``token`` to the first reporting verb or "according to"
    that governs it; return that verb and its source. Tokens in ``skip`` (the
    words of a quote) are passed over."""
    child, node = None, token
    while True:
        if node.i not in skip:
            found = _source_at(node, child, actors)
            if found is not None:
                return node, found
        if node.head.i == node.i or is_contrastive(node):
            return None
        child, node = node, node.head


def is_contrastive(clause: Token) -> bool:
    """A "while X did Y" clause is the reporter's framing, not part of what
    the main clause's speaker said."""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("while", "whereas", "although", "though")
        for c in clause.children)


def _source_at(node: Token, child: Token | None, actors: ActorLayer) -> Source | None:
    """The source ``node`` gives to what hangs below it through ``child``: the
    subject of a reporting verb first ("the ministry said, according to
    Interfax" is the ministry's word), else an "according to X"."""
    if child is not None and is_reporting_verb(node) and child.dep_ in _REPORTED_DEPS:
        subject = subject_of(node)
        if subject is not None:
            return source_of(subject, actors)
    if child is not None and child.dep_ in ("acl", "ccomp") and reported_clause(node) == child:
        speaker = noun_speaker(node)
        if speaker is not None:
            return source_of(speaker, actors)
    obj = according_object(node)
    if obj is not None and (child is None or obj.i != child.i):
        return source_of(obj, actors)
    return None


def sentence_according(tokens: list[Token], actors: ActorLayer, *,
                       skip: frozenset[int] = frozenset()) -> Source | None:
    """An "according to X" anywhere among ``tokens`` (a sentence), outside ``skip``."""
    for token in tokens:
        if token.i in skip:
            continue
        obj = according_object(token)
        if obj is not None:
            return source_of(obj, actors)
    return None


def reported_clauses(doc: Doc, quoted: frozenset[int]
                      ) -> Iterator[tuple[Token, Token, list[Token]]]:
    """(cue word, speaker head, clause words) in text order, by kind of cue."""
    clause_verbs = lexicons().clause_verbs
    for verb in doc:
        if verb.i in quoted or verb.lemma_.lower() not in clause_verbs:
            continue
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        subject = subject_of(verb)
        if clause is not None and subject is not None:
            yield verb, subject, clause_tokens(clause)
    for noun in doc:
        speaker = noun_speaker(noun) if noun.i not in quoted else None
        clause = reported_clause(noun) if speaker is not None else None
        if clause is not None:
            yield noun, speaker, clause_tokens(clause)
    for according in doc:
        if according.lower_ in lexicons().according:
            obj = according_object(according.head)
            tokens = _according_content(according)
            if obj is not None and tokens:
                yield according, obj, tokens


def clause_tokens(clause: Token) -> list[Token]:
    """A reported clause without its "that", and up to a contrastive "while
    ..." clause the parser hung inside it."""
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
    contrast = [c.left_edge.i for c in clause.children if c.i > clause.i and is_contrastive(c)]
    return [t for t in tokens if t.i < min(contrast)] if contrast else tokens


def _according_content(according: Token) -> list[Token]:
    """What a sentence says "according to" someone: the longer side of the
    sentence around that phrase ("At the same time, according to X, ...")."""
    sentence = according.sent
    phrase = sorted(t.i for t in according.subtree)
    before = [t for t in sentence if t.i < phrase[0]]
    after = [t for t in sentence if t.i > phrase[-1]]
    side = after if len(after) > len(before) else before
    while side and side[0].is_punct:
        side = side[1:]
    return side
