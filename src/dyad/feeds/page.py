"""A downloaded page to an Article, through the same reader as HTML files
(trafilatura, then the checks every input passes: empty, size, English)."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

from dyad.feeds.config import Source
from dyad.feeds.fetch import Page
from dyad.feeds.parse import Entry
from dyad.ingest import read_bytes
from dyad.model import Article, ItemError


@dataclass
class PageArticle:
    """What a page gave: an Article, or the ItemError that says why not; and its author."""

    item: Article | ItemError
    author: str | None = None


def page_article(page: Page, *, source: Source, entry: Entry | None = None) -> PageArticle:
    """The article of a page; what the listing says fills what the page lacks."""
    kind = page.content_type.split(";")[0].strip().lower()
    if kind and kind not in ("text/html", "application/xhtml+xml", "text/plain"):
        return PageArticle(ItemError(page.url, f"not an HTML page ({kind})", "unsupported"))
    fmt = "text" if kind == "text/plain" else "html"
    items = list(read_bytes(page.body, item=page.url, fmt=fmt))
    item = items[0] if items else ItemError(page.url, "no article text found", "empty")
    author = _author(page.body) if fmt == "html" else None
    if isinstance(item, ItemError):
        return PageArticle(item, author)
    item.url = page.final_url
    item.source = page.url
    item.outlet = source.outlet or item.outlet
    item.license = source.license or item.license
    if entry is not None:
        item.title = item.title or entry.title
        item.published = item.published or entry.published
        author = author or entry.author
    return PageArticle(item, author)


def _author(body: bytes) -> str | None:
    try:
        metadata = trafilatura.extract_metadata(body.decode("utf-8", errors="replace"))
    except Exception:  # noqa: BLE001 - metadata is a nicety; the article stands without it
        return None
    return (metadata.author or None) if metadata is not None else None
