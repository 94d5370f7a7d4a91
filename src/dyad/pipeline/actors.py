"""Actors: find the states, people and organisations of an article and code them.

The layer built here is what later stages read: ``ActorLayer.entity_of(token)``
answers which coded entity a token belongs to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pycountry
from spacy.tokens import Doc, Span, Token

from dyad.model import ActorRef, Article, Entity, Mention

_ENTITY_LABELS = {"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"}


@dataclass
class ActorLayer:
    entities: list[Entity] = field(default_factory=list)
    token_entity: dict[int, int] = field(default_factory=dict)  # token index -> entities index

    def entity_of(self, token: Token) -> Entity | None:
        index = self.token_entity.get(token.i)
        return None if index is None else self.entities[index]

    def refs_of(self, token: Token) -> list[ActorRef]:
        """The coded actors a token stands for: one, or several for a group
        such as "the West" (USA and NATO); empty where it is no actor."""
        entity = self.entity_of(token)
        return [] if entity is None else [self.ref(entity)]

    def ref(self, entity: Entity) -> ActorRef:
        return ActorRef(name=entity.name, code=entity.code, sector=entity.sector, entity=entity.id)


@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """Lower-cased state names, short forms, capitals and adjectives -> ISO alpha-3."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.lower()] = country.alpha_3
    extra = resources.files("dyad.data").joinpath("actors/states_extra.jsonl").read_text("utf-8")
    for line in extra.splitlines():
        if line.strip():
            entry = json.loads(line)
            for name in entry["names"] + entry.get("adjectives", []):
                names[name.lower()] = entry["code"]
    return names


def find_actors(doc: Doc, article: Article) -> ActorLayer:
    """Code the named entities that are states (by name, capital or adjective)."""
    layer = ActorLayer()
    by_code: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ not in _ENTITY_LABELS:
            continue
        code = _state_code(ent)
        if code is None:
            continue
        if code not in by_code:
            by_code[code] = len(layer.entities)
            layer.entities.append(
                Entity(id=f"e{len(layer.entities)}", name=_state_name(code), code=code,
                       sector="GOV", kind="state")
            )
        index = by_code[code]
        layer.entities[index].mentions.append(Mention(ent.start_char, ent.end_char, ent.text))
        for token in ent:
            layer.token_entity[token.i] = index
    return layer


def _state_code(ent: Span) -> str | None:
    text = ent.text.lower()
    names = state_names()
    if text in names:
        return names[text]
    if text.startswith("the ") and text[4:] in names:
        return names[text[4:]]
    return None


def _state_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or country.name if country else code
