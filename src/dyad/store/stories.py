"""Stories and wire copies in the store, kept up to date incrementally.

``update_stories(store)`` brings the derived tables (``wire_articles``,
``wire_bands``, ``wire_copies``, ``story_events``, ``stories``; migration
``*_stories.sql``) up to date with the articles, in one transaction:

1. Articles not yet checked (new ones, and those stored again by
   ``--reprocess``, whose ``ingested_at`` changed) are checked for wire copies,
   in ingestion order, against the stored articles that share an LSH band with
   them. Copies of an original that is gone are checked again.
2. Their events are clustered into the stored stories: the stories near their
   days (and the whole linked groups of those) are loaded with their
   assignments, without relinking, and the new mentions are added. Mentions of
   articles that were deleted or recoded are removed first, and the rest of
   their linked groups is linked again, so no stale row survives.
3. The story rows of every group a new mention touched are written back.

Because linking is order-independent, the result equals ``rebuild_stories``,
which empties the tables and clusters every article again. A run that was
killed between an ingest and its story update is caught up by the next one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import duckdb

from dyad.analytics.dedup import BANDS, THRESHOLD, WireIndex
from dyad.analytics.evidence import shingles
from dyad.analytics.links import LinkParams, days_around
from dyad.analytics.minhash import NUM_PERM, band_keys, signature, similarity
from dyad.analytics.rows import EventRow
from dyad.analytics.stories import Story, StoryIndex
from dyad.errors import StoreError
from dyad.store.db import Store
from dyad.store.story_rows import (OWN_DATE_SQL, KEY_SEPARATOR, event_key, event_rows, fetch, row_day_sql,
                                   stored_rows)

# Articles checked and clustered at a time.
CHUNK_ARTICLES = 500

DERIVED_TABLES = ("wire_articles", "wire_bands", "wire_copies", "story_events", "stories")

_STORY_COLUMNS = (
    ("story_id", "VARCHAR"), ("canonical_article_id", "VARCHAR"), ("canonical_event_id", "VARCHAR"),
    ("type", "VARCHAR"), ("mode", "VARCHAR"), ("quad", "TINYINT"), ("score", "DOUBLE"),
    ("modality", "VARCHAR"), ("day", "DATE"), ("actor_codes", "VARCHAR[]"),
    ("recipient_codes", "VARCHAR[]"), ("first_report", "VARCHAR"), ("last_report", "VARCHAR"),
    ("n_events", "INTEGER"), ("n_articles", "INTEGER"), ("n_outlets", "INTEGER"),
    ("n_copies", "INTEGER"), ("outlets", "VARCHAR[]"), ("sentence", "VARCHAR"),
)
_STORY_EVENT_COLUMNS = (("article_id", "VARCHAR"), ("event_id", "VARCHAR"), ("story_id", "VARCHAR"),
                        ("canonical", "BOOLEAN"), ("link_group", "VARCHAR"))


@dataclass
class StoryUpdate:
    """What one update did."""

    articles: int = 0  # articles checked for wire copies
    copies: int = 0  # of which wire copies
    mentions: int = 0  # event mentions (re)clustered
    stories: int = 0  # story rows written (a rebuild: the stories there are)
    removed: int = 0  # stale mentions removed


def update_stories(store: Store, *, params: LinkParams | None = None) -> StoryUpdate:
    """Bring stories and wire copies up to date with the stored articles (one transaction)."""
    return _in_transaction(store, lambda con: _update(con, params or LinkParams()))


def rebuild_stories(store: Store, *, params: LinkParams | None = None) -> StoryUpdate:
    """Recompute every story and wire copy from the articles (one transaction)."""

    def rebuild(con: duckdb.DuckDBPyConnection) -> StoryUpdate:
        for table in DERIVED_TABLES:
            con.execute(f"DELETE FROM {table}")
        report = _update(con, params or LinkParams())
        report.stories = fetch(con, "SELECT count(*) FROM stories", [])[0][0]
        return report

    return _in_transaction(store, rebuild)


def _in_transaction(store: Store, work: Callable[[duckdb.DuckDBPyConnection], StoryUpdate]) -> StoryUpdate:
    if store.read_only:
        raise StoreError(f"{store.path} is open read-only")
    con = store.connection
    con.execute("BEGIN TRANSACTION")
    try:
        report = work(con)
        con.execute("COMMIT")
    except BaseException as e:
        con.execute("ROLLBACK")
        if isinstance(e, duckdb.Error):
            raise StoreError(f"{store.path}: cannot update the stories: {e}") from e
        raise
    return report


def _update(con: duckdb.DuckDBPyConnection, params: LinkParams) -> StoryUpdate:
    report = StoryUpdate()
    _forget_gone_articles(con)
    todo = [r[0] for r in fetch(con, "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM wire_articles w "
                                "WHERE w.article_id = a.id) ORDER BY a.ingested_at, a.id", [])]
    relink = _drop_stale_mentions(con, todo, report)
    # In chunks, so that a rebuild of a large corpus holds one chunk's texts and rows
    # at a time. Wire copies depend on ingestion order; stories do not, and chunks
    # by publication day keep each chunk's neighbourhood of stored mentions small.
    for chunk in _chunks(todo):
        _check_wire_copies(con, chunk, report)
    by_day = [r[0] for r in fetch(con, "SELECT id FROM articles WHERE list_contains(?::VARCHAR[], id) "
                                  "ORDER BY published NULLS LAST, id", [todo])] if todo else []
    for number, chunk in enumerate(_chunks(by_day)):
        _restory(con, chunk, relink if number == 0 else [], params=params, report=report)
    return report


def _chunks(ids: list[str]) -> list[list[str]]:
    # At least one, possibly empty, chunk: mentions to link again may wait without new articles.
    return [ids[start:start + CHUNK_ARTICLES] for start in range(0, max(len(ids), 1), CHUNK_ARTICLES)]


def _forget_gone_articles(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the wire rows of articles deleted or stored again, and of copies of those."""
    gone = [r[0] for r in fetch(con, "SELECT w.article_id FROM wire_articles w WHERE NOT EXISTS "
                                "(SELECT 1 FROM articles a WHERE a.id = w.article_id "
                                "AND a.ingested_at = w.ingested_at)", [])]
    if not gone:
        return
    copies = [r[0] for r in fetch(con, "SELECT article_id FROM wire_copies "
                                  "WHERE list_contains(?::VARCHAR[], original_id)", [gone])]
    for table in ("wire_articles", "wire_bands", "wire_copies"):
        con.execute(f"DELETE FROM {table} WHERE list_contains(?::VARCHAR[], article_id)", [gone + copies])


def _check_wire_copies(con: duckdb.DuckDBPyConnection, ids: list[str], report: StoryUpdate) -> None:
    """Check articles for wire copies, in ingestion order, and store what was found."""
    todo = fetch(con, "SELECT a.id, a.text, a.ingested_at FROM articles a WHERE list_contains(?::VARCHAR[], a.id) "
                 "ORDER BY a.ingested_at, a.id", [ids]) if ids else []
    if not todo:
        return
    keys = {key for _, text, _ in todo for key in _band_keys(text)}
    wire = _load_wire_index(con, sorted(keys))
    articles, bands, copies = [], [], []
    for article_id, text, ingested_at in todo:
        original = wire.add(article_id, text)
        sig = wire.signatures[article_id]
        articles.append((article_id, ingested_at, sig))
        bands += [(article_id, key) for key in (band_keys(sig, bands=wire.bands) if sig else ())]
        if original is not None:
            copies.append((article_id, original, similarity(sig, wire.signatures[original])))
    _insert(con, "wire_articles", (("article_id", "VARCHAR"), ("ingested_at", "TIMESTAMP"),
                                   ("signature", "HUGEINT[]")), articles)
    _insert(con, "wire_bands", (("article_id", "VARCHAR"), ("band_key", "VARCHAR")), bands)
    _insert(con, "wire_copies", (("article_id", "VARCHAR"), ("original_id", "VARCHAR"),
                                 ("similarity", "DOUBLE")), copies)
    report.articles += len(todo)
    report.copies += len(copies)


def _band_keys(text: str) -> list[str]:
    # The same signature WireIndex.add computes, to find candidates before adding.
    sig = signature(shingles(text), num_perm=NUM_PERM)
    return band_keys(sig, bands=BANDS) if sig else []


def _load_wire_index(con: duckdb.DuckDBPyConnection, keys: list[str]) -> WireIndex:
    """The stored articles that share a band key with ``keys``: the only possible originals."""
    found = fetch(con, "SELECT w.article_id, w.signature, c.original_id FROM wire_articles w "
                  "LEFT JOIN wire_copies c ON c.article_id = w.article_id "
                  "WHERE w.article_id IN (SELECT b.article_id FROM wire_bands b "
                  "JOIN (SELECT unnest(?::VARCHAR[]) AS band_key) k ON k.band_key = b.band_key)",
                  [keys]) if keys else []
    return WireIndex.from_dict({
        "threshold": THRESHOLD, "bands": BANDS, "num_perm": NUM_PERM,
        "signatures": {article_id: [int(v) for v in sig] for article_id, sig, _ in found},
        "copy_of": {article_id: original for article_id, _, original in found if original},
    })


def _restory(con: duckdb.DuckDBPyConnection, checked: list[str], relink: list[str], *,
             params: LinkParams, report: StoryUpdate) -> None:
    """Cluster the events of ``checked`` articles, and the ``relink`` mentions (keys), into stories."""
    new_rows = event_rows(con, "list_contains(?::VARCHAR[], e.article_id) OR "
                          f"list_contains(?::VARCHAR[], {event_key('e')})", [checked, relink])
    if not new_rows:
        return
    index, context = _load_context(con, new_rows, params=params)
    index.add(sorted(new_rows, key=lambda r: r.event_id))
    stories = _touched_stories(index, new_rows)
    members = [row for story in stories for row in story.events]
    old_ids = {context[row.event_id] for row in members if row.event_id in context}
    _delete_mentions(con, [(row.article_id, row.event_id) for row in members if row.event_id in context])
    con.execute("DELETE FROM stories WHERE list_contains(?::VARCHAR[], story_id)",
                [sorted(old_ids | {story.id for story in stories})])
    _insert(con, "story_events", _STORY_EVENT_COLUMNS,
            [(row.article_id, row.event_id, story.id, row is story.canonical, index.group_of(row.event_id))
             for story in stories for row in story.events])
    _insert(con, "stories", _STORY_COLUMNS, [_story_record(story) for story in stories])
    report.mentions += len(new_rows)
    report.stories += len(stories)


def _drop_stale_mentions(con: duckdb.DuckDBPyConnection, checked: list[str],
                         report: StoryUpdate) -> list[str]:
    """Remove mentions of gone or rechecked articles with their groups; return the keys
    (``event_key``) of the rest of those groups, to link again."""
    stale = ("list_contains(?::VARCHAR[], s.article_id) OR NOT EXISTS (SELECT 1 FROM events e "
             "WHERE e.article_id = s.article_id AND e.id = s.event_id)")
    groups = [r[0] for r in fetch(con, f"SELECT DISTINCT s.link_group FROM story_events s WHERE {stale}",
                                  [checked])]
    if not groups:
        return []
    in_groups = "list_contains(?::VARCHAR[], s.link_group)"
    rest = [r[0] for r in fetch(con, f"SELECT {event_key('s', event='event_id')} FROM story_events s "
                                f"WHERE {in_groups} AND NOT ({stale})", [groups, checked])]
    report.removed = fetch(con, f"SELECT count(*) FROM story_events s WHERE {stale}", [checked])[0][0]
    con.execute("DELETE FROM stories WHERE story_id IN (SELECT s.story_id FROM story_events s "
                f"WHERE {in_groups})", [groups])
    con.execute(f"DELETE FROM story_events s WHERE {in_groups}", [groups])
    return rest


def _load_context(con: duckdb.DuckDBPyConnection, rows: list[EventRow], *,
                  params: LinkParams) -> tuple[StoryIndex, dict[str, str]]:
    """An index of the stored mentions ``rows`` could link to, with their whole linked groups;
    and each loaded mention's story id."""
    # A partner has the same type and a day within reach (see StoryIndex._candidates).
    days = sorted({day for row in rows if row.day for day in days_around(row.day, params)})
    types = sorted({row.type for row in rows})
    near = ("SELECT s2.link_group FROM story_events s2 JOIN events e2 ON e2.article_id = s2.article_id "
            "AND e2.id = s2.event_id JOIN articles a2 ON a2.id = e2.article_id "
            f"WHERE list_contains(?::VARCHAR[], e2.type) "
            f"AND list_contains(?::DATE[], {row_day_sql(OWN_DATE_SQL.format(alias='e2'), 'a2.published')})")
    stored = stored_rows(con, f"s.link_group IN ({near})", [types, days]) if days else []
    index = StoryIndex.from_assignments([s.row for s in stored], [s.assignment for s in stored],
                                        params=params, groups={s.row.event_id: s.group for s in stored})
    return index, {s.row.event_id: s.assignment.story_id for s in stored}


def _touched_stories(index: StoryIndex, rows: Iterable[EventRow]) -> list[Story]:
    """Every story of the linked groups the rows are in."""
    found: dict[str, Story] = {}
    groups_seen: set[str] = set()
    for row in rows:
        group = index.group_of(row.event_id)
        if group not in groups_seen:
            groups_seen.add(group)
            found.update((story.id, story) for story in index.group_stories(row.event_id))
    return [found[story_id] for story_id in sorted(found)]


def _delete_mentions(con: duckdb.DuckDBPyConnection, keys: list[tuple[str, str]]) -> None:
    if keys:
        key = event_key("s", event="event_id")
        con.execute(f"DELETE FROM story_events s WHERE list_contains(?::VARCHAR[], {key})",
                    [[f"{article_id}{KEY_SEPARATOR}{event_id}" for article_id, event_id in keys]])


def _story_record(story: Story) -> tuple[object, ...]:
    row = story.canonical
    return (story.id, row.article_id, row.event_id, story.type, row.mode, story.quad, story.score,
            row.modality, story.day, sorted({c for r in story.events for c in r.actor_codes}),
            sorted({c for r in story.events for c in r.recipient_codes}), story.first_report,
            story.last_report, len(story.events), story.article_count, story.outlet_count,
            story.copy_count, story.outlets, row.sentence)


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[tuple[str, str]],
            rows: Sequence[Sequence[object]]) -> None:
    if not rows:
        return
    # Columns as list parameters unnested side by side: one statement, as Store does.
    select = ", ".join(f"unnest(?::{kind}[])" for _, kind in columns)
    con.execute(f"INSERT INTO {table} SELECT {select}", [list(col) for col in zip(*rows, strict=True)])
