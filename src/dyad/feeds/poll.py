"""One poll of one source: list its items, download the new ones, ingest them
through the store's ingest (the path files take), and record what happened."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from dyad.feeds.config import Source
from dyad.feeds.fetch import Fetcher, FetchError, Page
from dyad.feeds.page import PageArticle, page_article
from dyad.feeds.parse import Entry, Listing, ListingError, normalise_url, parse_feed, parse_sitemap
from dyad.model import Article, ArticleResult, ItemError, text_hash
from dyad.store import Store
from dyad.store.feeds import FeedState, ItemRecord, PollRecord
from dyad.store.ingest import plan_ingest, run_ingest

log = logging.getLogger(__name__)

# Child sitemaps of a sitemap index read per poll (newest first).
MAX_CHILD_SITEMAPS = 3


@dataclass
class SourcePoll:
    """How a source's poll went: its record, its items, the articles it stored."""

    source: Source
    record: PollRecord
    items: list[ItemRecord] = field(default_factory=list)
    stored_ids: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.record.outcome == "failed"


@dataclass
class _Download:
    entry: Entry
    result: PageArticle | FetchError


def poll_source(source: Source, *, store: Store, fetcher: Fetcher, workers: int = 1) -> SourcePoll:
    """Poll one source and record it; a failure is recorded, never raised (but StoreError)."""
    state = FeedState(store)
    started = _utc_now()
    prior = state.source(source.name)
    record = PollRecord(name=source.name, url=source.url, kind=source.kind, outlet=source.outlet,
                        language=source.language, license=source.license, started_at=started,
                        finished_at=started, outcome="ok")
    try:
        listing, page = _listing(source, fetcher, etag=prior.etag, last_modified=prior.last_modified)
    except (FetchError, ListingError) as e:
        return _finish(state, SourcePoll(source, _failed(record, e.kind, e.reason)))
    if page.not_modified:
        record.outcome = "not_modified"
        return _finish(state, SourcePoll(source, record))
    record.etag, record.last_modified = page.etag, page.last_modified
    record.listed = len(listing.entries)
    done = set() if source.kind == "page" else state.done_urls(e.url for e in listing.entries)
    unseen = _unique(e for e in listing.entries if e.url not in done)
    fresh = unseen[:source.max_items]
    record.new = len(fresh)
    downloads = [_download(entry, source, fetcher, page if source.kind == "page" else None) for entry in fresh]
    if source.kind == "page":
        downloads = [d for d in downloads if not _unchanged(state, d)]
        record.new = len(downloads)
    poll = SourcePoll(source, record)
    _ingest(store, downloads, poll, workers=workers)
    for item in poll.items:
        record.counts[item.status] = record.counts.get(item.status, 0) + 1
    if len(unseen) > len(fresh) or record.counts.get("failed"):
        # items are left for the next poll: it must get the listing again, not a 304
        record.etag = record.last_modified = None
    return _finish(state, poll)


def _listing(source: Source, fetcher: Fetcher, *, etag: str | None,
             last_modified: str | None) -> tuple[Listing, Page]:
    page = fetcher.get(source.url, etag=etag, last_modified=last_modified)
    if page.not_modified:
        return Listing(), page
    if source.kind == "page":
        return Listing(entries=[Entry(url=normalise_url(source.url))]), page
    if source.kind == "feed":
        return parse_feed(page.body, url=page.final_url), page
    cap = fetcher.settings.max_bytes
    listing = parse_sitemap(page.body, url=page.final_url, max_bytes=cap)
    for child in listing.sitemaps[:MAX_CHILD_SITEMAPS]:
        listing.entries += parse_sitemap(fetcher.get(child).body, url=child, max_bytes=cap).entries
    listing.entries.sort(key=lambda e: e.published or "", reverse=True)
    return listing, page


def _download(entry: Entry, source: Source, fetcher: Fetcher, page: Page | None) -> _Download:
    try:
        page = page or fetcher.get(entry.url)
    except FetchError as e:
        return _Download(entry, e)
    return _Download(entry, page_article(page, source=source, entry=entry))


def _unchanged(state: FeedState, download: _Download) -> bool:
    """Whether a page source's page has the text it had when last stored."""
    result = download.result
    if not isinstance(result, PageArticle) or not isinstance(result.item, Article):
        return False
    return state.stored_hash(download.entry.url) == text_hash(result.item.text)


def _ingest(store: Store, downloads: list[_Download], poll: SourcePoll, *, workers: int) -> None:
    """Code and store the new articles; one ItemRecord per download."""
    items: list[Article | ItemError] = []
    for download in downloads:
        result = download.result
        if isinstance(result, FetchError):
            items.append(ItemError(download.entry.url, result.reason, result.kind))
        else:
            items.append(result.item)
    index = store.article_index()
    plan = plan_ingest(items, index)
    planned = {id(item) for item in plan.todo}
    outcomes: dict[str, ArticleResult | ItemError] = {}

    def keep(result: ArticleResult | ItemError) -> None:
        outcomes[result.article.id if isinstance(result, ArticleResult) else result.item] = result

    run_ingest(store, plan, workers=workers, on_result=keep)
    first_of_text: dict[str, str] = {}
    for download, item in zip(downloads, items):
        record = _item_record(download, item, poll.source.name)
        if isinstance(item, Article):
            digest = text_hash(item.text)
            record.text_hash = digest
            outcome = outcomes.get(item.id) if id(item) in planned else None
            if isinstance(outcome, ArticleResult):
                record.status, record.article_id = "stored", item.id
                poll.stored_ids.append(item.id)
                first_of_text[digest] = item.id
            elif id(item) not in planned:
                record.status = "duplicate"
                record.article_id = index.find(item.id, digest) or first_of_text.get(digest)
            else:
                error = outcomes.get(item.source or item.id)
                record.status, record.kind = "failed", "internal"
                record.reason = error.message if isinstance(error, ItemError) else "not coded"
        poll.items.append(record)


def _item_record(download: _Download, item: Article | ItemError, source: str) -> ItemRecord:
    entry = download.entry
    record = ItemRecord(source=source, url=entry.url, status="stored", title=entry.title,
                        published=entry.published, author=entry.author)
    result = download.result
    if isinstance(result, PageArticle):
        record.author = result.author or entry.author
    if isinstance(item, ItemError):
        transient = isinstance(result, FetchError) and result.transient
        record.status = "failed" if transient else "rejected"
        record.kind, record.reason = item.kind, item.message
    else:
        record.title = item.title or entry.title
        record.published = item.published or entry.published
    return record


def _failed(record: PollRecord, kind: str, reason: str) -> PollRecord:
    record.outcome, record.error_kind, record.error = "failed", kind, reason
    return record


def _finish(state: FeedState, poll: SourcePoll) -> SourcePoll:
    poll.record.finished_at = _utc_now()
    state.record_poll(poll.record, poll.items)
    if poll.failed:
        log.info("%s: %s", poll.source.name, poll.record.error)
    return poll


def _unique(entries: Iterable[Entry]) -> list[Entry]:
    seen: set[str] = set()
    kept = []
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            kept.append(entry)
    return kept


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
