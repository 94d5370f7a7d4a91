"""Dates: temporal expressions resolved against the publication date.

(First version: no dates yet; see issue 5.)
"""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.model import Article, Event


def resolve_dates(doc: Doc, article: Article, events: list[Event]) -> None:
    """Set ``event.date``, ``date_precision`` and ``date_text``."""
