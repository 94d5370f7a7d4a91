"""HTML files: main text, title and date through trafilatura."""

from __future__ import annotations

import trafilatura

from dyad.errors import InputError
from dyad.ingest.dates import normalise_date
from dyad.ingest.text import find_dateline
from dyad.model import Article


def article_from_html(html: str, *, source: str, published: str | None = None) -> Article:
    """Extract the article of an HTML page; ``published`` overrides the page's date."""
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    text = document.text if document is not None else None
    if not text or not text.strip():
        raise InputError(source, "no article text found in the HTML", kind="empty")
    page_date = normalise_date(document.date) if _has_own_date(html, document.date) else None
    return Article(
        text=text,
        title=document.title or None,
        published=published or page_date,
        outlet=document.sitename or None,
        url=document.url or None,
        dateline=find_dateline(text),
        source=source,
    )


def _has_own_date(html: str, date: str | None) -> bool:
    # htmldate can fall back to guesses; keep a date only where the page states it.
    return bool(date) and date[:4] in html
