"""Coding: a pure function of one parsed article, ``Doc + Article -> ArticleResult``.

Each stage is its own module and reads only what earlier stages produced:
actors -> events (with modality) -> dates -> places -> quotes.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.model import Article, ArticleResult
from dyad.pipeline.actors import find_actors
from dyad.pipeline.events import find_events
from dyad.version import EXTRACTOR_VERSION

__all__ = ["code_article"]


def code_article(doc: Doc, article: Article) -> ArticleResult:
    """Extract entities, events, places and quotes from one parsed article."""
    warnings = []
    if article.published is None:
        warnings.append("no publication date: relative dates are left unresolved")
    actors = find_actors(doc, article)
    events = find_events(doc, article, actors)
    return ArticleResult(
        article=article,
        events=events,
        entities=actors.entities,
        warnings=warnings,
        version=EXTRACTOR_VERSION,
    )
