"""The state of live feeds in the store: sources' health, items met, the poll log.

    state = FeedState(store)
    state.source("voa").etag               # validators for the next conditional request
    state.record_poll(poll, items)         # one transaction
    state.done_urls(urls)                  # those of urls not to download again

The tables are made by migration 0003 (``feed_sources``, ``feed_items``,
``feed_polls``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from dyad.errors import StoreError
from dyad.store.db import Store

# An item that failed for a reason that may pass (timeout, 5xx) is tried again
# on later polls, this many times in all.
MAX_ATTEMPTS = 3
ITEM_STATUSES = ("stored", "duplicate", "rejected", "failed")


@dataclass
class SourceState:
    """A source's health and the validators of its last listing."""

    name: str
    url: str | None = None
    kind: str | None = None
    outlet: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_poll: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_failure: dt.datetime | None = None
    last_error_kind: str | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    polls: int = 0
    failures: int = 0
    items: dict[str, int] = field(default_factory=dict)  # status -> count of items first listed by this source

    @property
    def items_seen(self) -> int:
        return sum(self.items.values())


@dataclass
class ItemRecord:
    source: str
    url: str
    status: str  # one of ITEM_STATUSES
    kind: str | None = None
    reason: str | None = None
    article_id: str | None = None
    text_hash: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass
class PollRecord:
    """One poll of one source: who it is (as configured), how it went, what it gave."""

    name: str
    url: str
    kind: str
    started_at: dt.datetime
    finished_at: dt.datetime
    outcome: str  # ok | not_modified | failed
    outlet: str | None = None
    language: str | None = None
    license: str | None = None
    error_kind: str | None = None
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    listed: int = 0
    new: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # item status -> count in this poll


_SOURCE_COLUMNS = ("name", "url", "kind", "outlet", "etag", "last_modified", "last_poll", "last_success",
                   "last_failure", "last_error_kind", "last_error", "consecutive_failures", "polls", "failures")


class FeedState:
    """Reads and writes of the feed tables, through a Store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._con = store.connection

    def source(self, name: str) -> SourceState:
        return self.sources().get(name) or SourceState(name)

    def sources(self) -> dict[str, SourceState]:
        states = {row[0]: SourceState(*row) for row in self._con.execute(
            f"SELECT {', '.join(_SOURCE_COLUMNS)} FROM feed_sources").fetchall()}
        for name, status, count in self._con.execute(
                "SELECT source, status, count(*) FROM feed_items GROUP BY ALL").fetchall():
            states.setdefault(name, SourceState(name)).items[status] = count
        return states

    def done_urls(self, urls: Iterable[str], *, max_attempts: int = MAX_ATTEMPTS) -> set[str]:
        """Those of ``urls`` not to download again: stored, duplicate, rejected, or failed too often."""
        return {row[0] for row in self._con.execute(
            "SELECT url FROM feed_items WHERE list_contains(?::VARCHAR[], url) "
            "AND (status <> 'failed' OR attempts >= ?)", [list(urls), max_attempts]).fetchall()}

    def stored_hash(self, url: str) -> str | None:
        """The text hash of the article stored from ``url``, if one is."""
        row = self._con.execute(
            "SELECT text_hash FROM feed_items WHERE url = ? AND status = 'stored'", [url]).fetchone()
        return row[0] if row else None

    def items(self, *, source: str | None = None) -> list[dict[str, Any]]:
        cursor = self._con.execute(
            "SELECT * FROM feed_items WHERE ? IS NULL OR source = ? ORDER BY first_seen, url", [source, source])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def polls(self, *, source: str | None = None) -> list[dict[str, Any]]:
        cursor = self._con.execute(
            "SELECT * FROM feed_polls WHERE ? IS NULL OR source = ? ORDER BY started_at", [source, source])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def record_poll(self, poll: PollRecord, items: Iterable[ItemRecord] = ()) -> None:
        """The poll, the source's new health, and the items met: one transaction."""
        if self.store.read_only:
            raise StoreError(f"{self.store.path} is open read-only")
        now = poll.finished_at
        self._con.execute("BEGIN TRANSACTION")
        try:
            self._upsert_source(poll)
            for item in items:
                self._upsert_item(item, now=now)
            self._insert_poll(poll)
            self._con.execute("COMMIT")
        except BaseException as e:
            self._con.execute("ROLLBACK")
            if isinstance(e, duckdb.Error):
                raise StoreError(f"{self.store.path}: cannot record the poll of {poll.name}: {e}") from e
            raise

    def events_of(self, article_ids: list[str]) -> list[dict[str, Any]]:
        """The event records (event_records view) of these articles."""
        if not article_ids:
            return []
        cursor = self._con.execute(
            "SELECT article_id, id, type, modality, actor, recipient, sentence_text, title, outlet, url, published "
            "FROM event_records WHERE list_contains(?::VARCHAR[], article_id) ORDER BY article_id, id",
            [article_ids])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def _upsert_source(self, poll: PollRecord) -> None:
        old = self.source(poll.name)
        failed = poll.outcome == "failed"
        self._con.execute("DELETE FROM feed_sources WHERE name = ?", [poll.name])
        keep_validators = failed or poll.outcome == "not_modified"
        self._con.execute(
            "INSERT INTO feed_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [poll.name, poll.url, poll.kind, poll.outlet, poll.language, poll.license,
             old.etag if keep_validators else poll.etag,
             old.last_modified if keep_validators else poll.last_modified,
             poll.finished_at,
             old.last_success if failed else poll.finished_at,
             poll.finished_at if failed else old.last_failure,
             poll.error_kind if failed else old.last_error_kind,
             poll.error if failed else old.last_error,
             old.consecutive_failures + 1 if failed else 0,
             old.polls + 1, old.failures + int(failed)])

    def _upsert_item(self, item: ItemRecord, *, now: dt.datetime) -> None:
        row = self._con.execute(
            "SELECT source, status, attempts, first_seen FROM feed_items WHERE url = ?", [item.url]).fetchone()
        if row is not None and row[1] == "stored" and item.status == "duplicate":
            # the same page met again (a page source polled anew): it stays stored
            self._con.execute("UPDATE feed_items SET last_seen = ? WHERE url = ?", [now, item.url])
            return
        source, attempts, first_seen = (row[0], row[2], row[3]) if row else (item.source, 0, now)
        self._con.execute("DELETE FROM feed_items WHERE url = ?", [item.url])
        self._con.execute(
            "INSERT INTO feed_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [source, item.url, item.status, item.kind, item.reason, item.article_id, item.text_hash,
             item.title, item.author, item.published, attempts + 1, first_seen, now])

    def _insert_poll(self, poll: PollRecord) -> None:
        counts = poll.counts
        self._con.execute(
            "INSERT INTO feed_polls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [poll.name, poll.started_at, poll.finished_at, poll.outcome, poll.error_kind, poll.error,
             poll.listed, poll.new, counts.get("stored", 0), counts.get("duplicate", 0),
             counts.get("rejected", 0), counts.get("failed", 0)])
