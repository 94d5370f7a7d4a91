"""Listings: the items an RSS/Atom feed or a sitemap points to.

Feeds go through feedparser (lenient: a feed with small faults but readable
entries is accepted; one with no readable entry is malformed). Sitemaps are
read with the standard XML parser: a ``urlset`` lists pages (with Google News
titles and dates where present), a ``sitemapindex`` lists further sitemaps.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from dyad.errors import InputError
from dyad.ingest.dates import normalise_date

# Query parameters that only track where a click came from: two URLs that
# differ in them are the same page.
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
# The sitemap protocol's own limit for an uncompressed sitemap.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


class ListingError(InputError):
    """A feed or sitemap that cannot be read (kind: malformed)."""


@dataclass
class Entry:
    """An item a listing points to, with what the listing says of it."""

    url: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD


@dataclass
class Listing:
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # of a sitemap index
    language: str | None = None  # as the feed declares it


def normalise_url(url: str) -> str:
    """The URL items are deduplicated by: no fragment, no tracking parameters, lower-case host."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING_PARAMS)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def parse_feed(body: bytes, *, url: str) -> Listing:
    """Entries of an RSS or Atom feed, in the feed's order; ListingError when none can be read."""
    # A stream, never a string: feedparser would fetch a string that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url})
    entries = []
    for item in parsed.entries:
        link = _entry_link(item)
        if not link:
            continue
        entries.append(Entry(
            url=normalise_url(urljoin(url, link)), title=item.get("title") or None,
            author=item.get("author") or None,
            published=_struct_date(item.get("published_parsed") or item.get("updated_parsed")),
        ))
    if not entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "not an RSS or Atom feed"
        raise ListingError(url, f"malformed feed: {reason}", kind="malformed")
    return Listing(entries=entries, language=parsed.feed.get("language") or None)


def parse_sitemap(body: bytes, *, url: str, max_bytes: int = MAX_SITEMAP_BYTES) -> Listing:
    """Pages of a sitemap (plain or gzipped), newest first where dates are given; or the sitemaps of an index."""
    if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz served as bytes, not with Content-Encoding
        body = _gunzip(body, url=url, max_bytes=max_bytes)
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise ListingError(url, f"malformed sitemap: {e}", kind="malformed") from e
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = [(_child_text(node, "lastmod"), _child_text(node, "loc")) for node in root]
        ordered = sorted((c for c in children if c[1]), key=lambda c: c[0] or "", reverse=True)
        return Listing(sitemaps=[urljoin(url, loc) for _, loc in ordered])
    if kind != "urlset":
        raise ListingError(url, f"malformed sitemap: root element is <{kind}>, not <urlset> or <sitemapindex>",
                           kind="malformed")
    entries = []
    for node in root:
        loc = _child_text(node, "loc")
        if not loc:
            continue
        news = next((child for child in node if _local(child.tag) == "news"), None)
        title = _child_text(news, "title") if news is not None else None
        date = (_child_text(news, "publication_date") if news is not None else None) or _child_text(node, "lastmod")
        entries.append(Entry(url=normalise_url(urljoin(url, loc)), title=title, published=normalise_date(date)))
    entries.sort(key=lambda e: e.published or "", reverse=True)  # stable: undated keep their order
    return Listing(entries=entries)


def _gunzip(body: bytes, *, url: str, max_bytes: int) -> bytes:
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflate.decompress(body, max_bytes)
    except zlib.error as e:
        raise ListingError(url, f"malformed sitemap: bad gzip data ({e})", kind="malformed") from e
    if inflate.unconsumed_tail:  # stopped at the cap: a bomb, or just too big
        raise ListingError(url, f"sitemap is over {max_bytes:,} bytes once unzipped", kind="too_large")
    return data


def _entry_link(item: feedparser.FeedParserDict) -> str | None:
    for link in item.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return item.get("link") or None


def _struct_date(value: time.struct_time | None) -> str | None:
    if value is None:
        return None
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(node: ET.Element | None, name: str) -> str | None:
    if node is None:
        return None
    for child in node:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None
