"""Places: toponyms resolved to a gazetteer, and where each event happened.

(First version: no places yet; see issue 5.)
"""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.model import Article, Event, Place
from dyad.pipeline.actors import ActorLayer


def find_places(doc: Doc, article: Article, actors: ActorLayer) -> list[Place]:
    return []


def locate_events(doc: Doc, article: Article, events: list[Event], places: list[Place]) -> None:
    """Set ``event.location`` where the text places the event."""
