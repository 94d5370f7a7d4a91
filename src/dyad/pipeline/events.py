"""Events: PLOVER event triggers from a lexicon, with actor and recipient from
the dependency parse."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from dyad.model import ActorRef, Article, Event, Mention
from dyad.ontology import load_ontology
from dyad.pipeline.actors import ActorLayer
from dyad.pipeline.modality import modality_of

_SUBJECTS = {"nsubj", "nsubjpass"}
_OBJECTS = {"dobj", "attr", "dative"}
_RECIPIENT_PREPS = {"to", "with", "against", "on", "toward", "towards"}


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    type: str
    mode: str | None


@lru_cache(maxsize=1)
def load_triggers() -> dict[tuple[str, str], Trigger]:
    text = resources.files("dyad.data").joinpath("triggers.jsonl").read_text("utf-8")
    triggers = {}
    for line in text.splitlines():
        if line.strip():
            raw = json.loads(line)
            trigger = Trigger(raw["lemma"], raw["pos"], raw["type"], raw.get("mode"))
            triggers[(trigger.lemma, trigger.pos)] = trigger
    return triggers


def find_events(doc: Doc, article: Article, actors: ActorLayer) -> list[Event]:
    ontology = load_ontology()
    triggers = load_triggers()
    events: list[Event] = []
    for token in doc:
        trigger = triggers.get((token.lemma_.lower(), _pos(token)))
        if trigger is None:
            continue
        actor = _refs(_arguments(token, _SUBJECTS), actors)
        recipient = [r for r in _refs(_recipient_heads(token), actors) if r not in actor]
        if not actor and not recipient:
            continue
        sentence = token.sent
        event_type = ontology.event_type(trigger.type)
        events.append(
            Event(
                id=f"{article.id}-v{len(events)}",
                type=trigger.type,
                mode=trigger.mode,
                quad=event_type.quad,
                score=ontology.score(trigger.type, trigger.mode),
                actor=actor,
                recipient=recipient,
                modality=modality_of(token),
                trigger=Mention(token.idx, token.idx + len(token.text), token.text),
                sentence=Mention(sentence.start_char, sentence.end_char, sentence.text),
                confidence=0.5,
            )
        )
    return events


def _pos(token: Token) -> str:
    return "VERB" if token.pos_ in ("VERB", "AUX") else token.pos_


def _arguments(token: Token, deps: set[str]) -> list[Token]:
    heads = [child for child in token.children if child.dep_ in deps]
    if not heads and token.dep_ in ("xcomp", "conj") and token.head.pos_ == "VERB":
        heads = [child for child in token.head.children if child.dep_ in deps]
    return heads


def _recipient_heads(token: Token) -> list[Token]:
    heads = [child for child in token.children if child.dep_ in _OBJECTS]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in _RECIPIENT_PREPS:
            heads.extend(child for child in prep.children if child.dep_ == "pobj")
    return heads


def _refs(heads: list[Token], actors: ActorLayer) -> list[ActorRef]:
    refs: list[ActorRef] = []
    for head in heads:
        for token in head.subtree:
            entity = actors.entity_of(token)
            if entity is not None:
                ref = actors.ref(entity)
                if ref not in refs:
                    refs.append(ref)
                break
    return refs
