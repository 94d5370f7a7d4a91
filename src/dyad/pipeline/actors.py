"""Actors: find the states, people, organisations and groups of an article and
code them the way PLOVER does (code + sector).

The stages, each in its own module:
  actor_dictionary  the data files and user files, and a PhraseMatcher over every name
  actor_anchors     the names in the text (dictionary first, spaCy's entities where it is silent)
  actor_syntax      noun-phrase geometry: heads, starts, role words, attributes
  actor_phrases     each name or role word read with its noun phrase, coded
  coref             surnames, titles, pronouns, "the two leaders", codes from context
  actors            (here) phrases -> entities, and the layer later stages read

``ActorLayer.entity_of(token)`` answers which entity a token belongs to;
``refs_of(token)`` the coded actors it stands for (several for "the West").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from dyad.model import ActorRef, Article, Entity, Mention
from dyad.pipeline.actor_anchors import find_anchors
from dyad.pipeline.actor_dictionary import (
    dictionary_paths,
    load_dictionary,
    name_matcher,
)
from dyad.pipeline.actor_phrases import Phrase, code_phrases
from dyad.pipeline.coref import resolve
from dyad.pipeline.issuers import issuer_of

__all__ = ["ActorLayer", "find_actors", "quoted_tokens", "state_names"]


@dataclass
class ActorLayer:
    entities: list[Entity] = field(default_factory=list)
    token_entity: dict[int, int] = field(default_factory=dict)  # token index -> entities index
    token_more: dict[int, list[int]] = field(default_factory=dict)  # further entities of a token
    # the coded actors a group entity stands for, by entity id ("the West": USA GOV + NATO IGO)
    members: dict[str, list[ActorRef]] = field(default_factory=dict)
    # the text's own voice where a government office issued it (first_person), and the
    # quoted tokens, where that voice does not speak
    own_voice: ActorRef | None = None
    quoted: frozenset[int] = frozenset()
    # the direct quotes whose speaker is known, as (start char, end char, speaker)
    quote_speakers: tuple[tuple[int, int, ActorRef], ...] = ()

    def speaker_at(self, token: Token) -> ActorRef | None:
        """The speaker of the direct quote a token stands in, where known."""
        return next((ref for start, end, ref in self.quote_speakers
                     if start <= token.idx < end and ref.code not in ("", "UNK")), None)

    def entity_of(self, token: Token) -> Entity | None:
        index = self.token_entity.get(token.i)
        return None if index is None else self.entities[index]

    def refs_of(self, token: Token) -> list[ActorRef]:
        """The coded actors a token stands for: one, or several for a group
        such as "the West" (USA and NATO); empty where it is no actor."""
        index = self.token_entity.get(token.i)
        if index is None:
            return []
        refs: list[ActorRef] = []
        for i in [index, *self.token_more.get(token.i, [])]:
            for ref in self.member_refs(self.entities[i]):
                if ref not in refs:
                    refs.append(ref)
        return refs

    def member_refs(self, entity: Entity) -> list[ActorRef]:
        """What an entity stands for: its members for a group, else itself."""
        return list(self.members.get(entity.id) or [self.ref(entity)])

    def ref(self, entity: Entity) -> ActorRef:
        return ActorRef(name=entity.name, code=entity.code, sector=entity.sector, entity=entity.id)

    def attach(self, token: Token, ref: ActorRef, *, kind: str) -> ActorRef:
        """Let a word the phrases left alone stand for ``ref`` ("I" in a quote:
        its speaker): a mention of ref's entity, or of a new one of ``kind``.
        Returns the ref of that entity."""
        if token.i in self.token_entity:
            return ref
        index = next((n for n, e in enumerate(self.entities) if e.id == ref.entity), None)
        if index is None:
            index = next((n for n, e in enumerate(self.entities) if (e.name, e.code, e.sector)
                          == (ref.name, ref.code, ref.sector)), None)
        if index is None:
            index = len(self.entities)
            self.entities.append(Entity(id=f"e{index}", name=ref.name, code=ref.code,
                                        sector=ref.sector, kind=kind))
        self.entities[index].mentions.append(Mention(token.idx, token.idx + len(token.text), token.text))
        self.token_entity[token.i] = index
        return self.ref(self.entities[index])


def find_actors(doc: Doc, article: Article, *,
                extra_files: tuple[str, ...] | list[str] | None = None,
                quoted: Sequence[tuple[int, int]] = ()) -> ActorLayer:
    """Code every actor of the article.

    Args:
        extra_files: user dictionary files (JSON lines) on top of the built-in
            data and of the files named in the ``DYAD_ACTORS`` environment variable.
        quoted: character spans of the quotes (``quotes.find_quote_spans``):
            people named inside a quote are not antecedents of "he" outside it.
    """
    paths = dictionary_paths(extra_files)
    dictionary = load_dictionary(paths)
    anchors = find_anchors(doc, dictionary, name_matcher(doc.vocab, paths))
    in_quotes = quoted_tokens(doc, quoted)
    issuer = issuer_of(article)
    layer = build_layer(resolve(doc, code_phrases(doc, anchors, dictionary, article.published),
                                quoted=in_quotes, home=issuer.code if issuer else None))
    layer.quoted = in_quotes
    return layer


def quoted_tokens(doc: Doc, spans: Sequence[tuple[int, int]]) -> frozenset[int]:
    """The indices of the tokens inside the given character spans."""
    found: set[int] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.update(range(span.start, span.end))
    return frozenset(found)


@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """Lower-cased state names, short forms, capitals and adjectives -> ISO alpha-3
    (the lookup the first version of this module offered; kept for its callers)."""
    dictionary = load_dictionary()
    return {surface.lower(): dictionary.actors[form.key].code
            for surface, form in dictionary.names.items() if form.key.startswith("state:")}


def build_layer(phrases: list[Phrase]) -> ActorLayer:
    """One entity per key, ids in order of first mention; every token of a phrase maps to it."""
    layer = ActorLayer()
    index_of: dict[str, int] = {}
    for phrase in phrases:
        index = index_of.get(phrase.key)
        if index is None:
            index = index_of[phrase.key] = len(layer.entities)
            layer.entities.append(_entity(phrase, f"e{index}"))
        entity = layer.entities[index]
        mention = Mention(phrase.start_char, phrase.end_char, phrase.text)
        if mention not in entity.mentions:
            entity.mentions.append(mention)
        for i in range(phrase.start, phrase.end):
            if i not in layer.token_entity:
                layer.token_entity[i] = index
            elif layer.token_entity[i] != index and index not in layer.token_more.get(i, []):
                layer.token_more.setdefault(i, []).append(index)
    for phrase in phrases:
        group = layer.entities[index_of[phrase.key]]
        if phrase.member_keys:
            layer.members[group.id] = [layer.ref(layer.entities[index_of[k]])
                                       for k in phrase.member_keys if k in index_of]
        elif phrase.members:
            layer.members[group.id] = [ActorRef(name=group.name, code=code, sector=sector,
                                                entity=group.id) for code, sector in phrase.members]
    return layer


def _entity(phrase: Phrase, entity_id: str) -> Entity:
    return Entity(id=entity_id, name=phrase.name or phrase.text, code=phrase.code or "UNK",
                  sector=phrase.sector, kind=phrase.kind, wikidata=phrase.wikidata)
