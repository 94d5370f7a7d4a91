"""Coding: a pure function of one parsed article, ``Doc + Article -> ArticleResult``.

Each stage is its own module and reads only what earlier stages produced:
actors -> first person ("I" in a quote is its speaker; "we" in a government
statement its issuer) -> events (with modality) -> dates -> places -> quotes
and sourcing. Quote spans are found (from the text alone) before actors, and
direct quotes attributed once actors are coded, for the first-person step.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dyad.model import Article, ArticleResult
from dyad.pipeline.actors import find_actors
from dyad.pipeline.dates import resolve_dates
from dyad.pipeline.events import find_events
from dyad.pipeline.first_person import add_first_person, own_voice
from dyad.pipeline.places import find_places, locate_events
from dyad.pipeline.quotes import find_quote_spans, find_quotes, quote_speakers
from dyad.version import EXTRACTOR_VERSION

__all__ = ["code_article", "warm_up"]

# Touches every stage, so that each loads its lexicons, dictionaries and gazetteer.
_WARM_UP_TEXT = ("GENEVA — Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Antony "
                 "Blinken in Geneva on Friday, and said Moscow has “no plans” to attack Ukraine.")


def code_article(doc: Doc, article: Article) -> ArticleResult:
    """Extract entities, events, places and quotes from one parsed article."""
    warnings = []
    if article.published is None:
        warnings.append("no publication date: relative dates are left unresolved")
    quoted = [(span.start, span.end) for span in find_quote_spans(article.text)]
    actors = find_actors(doc, article, quoted=quoted)
    actors.own_voice = own_voice(article)
    actors.quote_speakers = tuple(quote_speakers(doc, article, actors))
    add_first_person(doc, actors, speakers=actors.quote_speakers, quoted=quoted)
    events = find_events(doc, article, actors)
    resolve_dates(doc, article, events)
    places = find_places(doc, article, actors)
    locate_events(doc, article, events, places)
    quotes = find_quotes(doc, article, actors, events)
    return ArticleResult(
        article=article,
        events=events,
        quotes=quotes,
        entities=actors.entities,
        places=places,
        warnings=warnings,
        version=EXTRACTOR_VERSION,
    )


def warm_up(nlp: Language) -> None:
    """Load every stage's data once in this process (before worker processes fork
    from it, so that they share it instead of each loading it again)."""
    code_article(nlp(_WARM_UP_TEXT), Article(text=_WARM_UP_TEXT, id="warm-up", published="2022-01-21"))
