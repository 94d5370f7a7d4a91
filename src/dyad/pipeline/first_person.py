"""First person: who "I", "we" and "our" stand for.

Inside a direct quote they are its speaker (``quotes.quote_speakers``).
Outside quotes they are the text's own voice: in a statement, readout or
speech published by a government office (``data/actors/issuers.jsonl``,
matched by the article's URL host or outlet name) that office; in a news
report the reporter, who is no actor, so they stay unresolved.

Runs between actors and events: it only adds mentions to the actor layer, and
records the issuer as the layer's ``own_voice``: events read it as the actor
of a verbal act the text itself makes ("Russia is to blame." in a statement).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from dyad.model import ActorRef, Article
from dyad.pipeline.actors import ActorLayer
from dyad.pipeline.issuers import issuer_of

__all__ = ["add_first_person", "own_voice"]

_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})


def add_first_person(doc: Doc, actors: ActorLayer, *,
                     speakers: Sequence[tuple[int, int, ActorRef]] = (),
                     quoted: Sequence[tuple[int, int]] = ()) -> None:
    """Map first-person pronouns to their quote's speaker, or outside the ``quoted``
    character spans to the article's issuer (``actors.own_voice``, see ``own_voice``)."""
    voice = actors.own_voice
    for token in doc:
        if token.lower_ not in _FIRST_PERSON or token.pos_ != "PRON":
            continue
        speaker = next((ref for start, end, ref in speakers if start <= token.idx < end), None)
        if speaker is not None and speaker.code != "UNK":
            actors.attach(token, speaker, kind="group" if token.lower_ in _PLURAL else "person")
        elif speaker is None and voice is not None and not _inside(token.idx, quoted):
            voice = actors.attach(token, voice, kind="organization")
    actors.own_voice = voice


def _inside(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def own_voice(article: Article) -> ActorRef | None:
    """Who the text itself speaks for: its issuing office, or None for a news report."""
    issuer = issuer_of(article)
    return None if issuer is None else ActorRef(issuer.name, issuer.code, issuer.sector)
