"""Quotes and sourcing: who said what, and on whose word.

(First version: no quotes yet; see issue 6.)
"""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.model import Article, Event, Quote
from dyad.pipeline.actors import ActorLayer


def find_quotes(doc: Doc, article: Article, actors: ActorLayer, events: list[Event]) -> list[Quote]:
    """Direct and indirect quotes; also sets ``event.sourcing`` and links quotes to events."""
    return []
