"""Dyad: structured, sourced PLOVER event data from news articles, offline."""

from dyad.extract import extract, extract_article
from dyad.ingest import read_inputs
from dyad.model import (
    ActorRef, Article, ArticleResult, Entity, Event, ItemError, Location, Mention, Place, Quote,
    Sourcing,
)
from dyad.version import EXTRACTOR_VERSION, __version__

__all__ = [
    "ActorRef", "Article", "ArticleResult", "Entity", "Event", "ItemError", "Location", "Mention",
    "Place", "Quote", "Sourcing", "extract", "extract_article", "read_inputs",
    "EXTRACTOR_VERSION", "__version__",
]
