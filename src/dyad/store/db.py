"""The store: one DuckDB file, the only code that writes it.

    store = Store("dyad.duckdb")          # creates or migrates it
    store.add_results(results)             # one transaction
    store.query_events(EventFilter(actor=["RUS"]))
    store.close()

Readers open it with ``Store(path, read_only=True)``; DuckDB lets one process
write, or several read, at a time.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from dyad.errors import StoreError
from dyad.model import ArticleResult, ItemError
from dyad.store.migrate import check_version, latest_version, migrate
from dyad.store.query import EventFilter, select_events
from dyad.store.rows import ARTICLE_TABLES, COLUMNS, Rows

DEFAULT_DB = "dyad.duckdb"
ENV_DB = "DYAD_DB"

# Settings of a sandboxed reader: no files, no extensions, and no way to turn them back on.
SANDBOX_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


def default_db_path() -> Path:
    """``$DYAD_DB`` where it is set, else ``dyad.duckdb`` in the working directory."""
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)


@dataclass
class ArticleIndex:
    """What is stored, for deciding before any NLP whether an article needs coding."""

    versions: dict[str, str] = field(default_factory=dict)  # article id -> extractor version
    hashes: dict[str, str] = field(default_factory=dict)  # text hash -> article id

    def find(self, article_id: str, digest: str) -> str | None:
        """The id under which this article (same id, else same text) is stored, if it is."""
        if article_id in self.versions:
            return article_id
        return self.hashes.get(digest)


@dataclass
class BatchReport:
    articles: int = 0
    events: int = 0
    errors: int = 0


class Store:
    """A Dyad database: articles and everything extracted from them."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
                 sandbox: bool = False) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.read_only = read_only
        # Batches this object has committed: readers that keep answers (dyad.api.cache) key them on it.
        self.generation = 0
        self._con = _connect(self.path, read_only=read_only, sandbox=sandbox)
        where = str(self.path)
        try:
            if read_only:
                version = check_version(self._con, where=where)
                if version < latest_version():
                    raise StoreError(f"{where} has schema version {version}, older than this Dyad's "
                                     f"({latest_version()}); open it once for writing (dyad ingest) to migrate it")
            else:
                migrate(self._con, where=where)
        except BaseException:
            self._con.close()
            raise

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for readers' SQL (read-only stores refuse writes)."""
        return self._con

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def has_article(self, article_id: str, digest: str | None = None) -> bool:
        """Whether an article with this id, or with this text hash, is stored."""
        row = self._con.execute(
            "SELECT count(*) FROM articles WHERE id = ? OR text_hash = ?", [article_id, digest]
        ).fetchone()
        return bool(row and row[0])

    def article_index(self) -> ArticleIndex:
        index = ArticleIndex()
        for article_id, digest, version in self._con.execute(
                "SELECT id, text_hash, version FROM articles").fetchall():
            index.versions[article_id] = version
            index.hashes[digest] = article_id
        return index

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {table: self._scalar(f"SELECT count(*) FROM {table}") for table in (*COLUMNS, "errors")}

    def add_results(self, results: Iterable[ArticleResult | ItemError], *,
                    replace: Iterable[str] = ()) -> BatchReport:
        """Store results and errors in one transaction.

        An article already stored under the same id is replaced, as are the
        stored articles named in ``replace`` (ids); an ItemError is recorded in
        ``errors`` once per item and reason, however often it is met.
        """
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")
        now = _utc_now()
        rows, errors, report = _batch_rows(results, now=now)
        new_ids = [row[0] for row in rows.tables["articles"]]
        self._con.execute("BEGIN TRANSACTION")
        try:
            self._delete_articles([*new_ids, *replace])
            for table in COLUMNS:
                self._insert(table, rows.columns(table))
            self._insert_flat(new_ids)
            self._resolve_errors([row[8] for row in rows.tables["articles"] if row[8]] + new_ids)
            self._record_errors(errors, now=now)
            self._con.execute("COMMIT")
            self.generation += 1
        except BaseException as e:
            _rollback(self._con)
            if isinstance(e, duckdb.Error):
                raise StoreError(f"{self.path}: cannot store the batch: {e}") from e
            raise
        return report

    def query_events(self, filters: EventFilter | None = None) -> list[dict[str, Any]]:
        """Events that pass the filters, as records (see dyad.store.query)."""
        return select_events(self._con, filters or EventFilter())

    def _scalar(self, sql: str, params: list[object] | None = None) -> int:
        row = self._con.execute(sql, params or []).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _delete_articles(self, ids: list[str]) -> None:
        if not ids:
            return
        # Look first: deleting from every table scans it, and most batches replace nothing.
        stored = [row[0] for row in self._con.execute(
            "SELECT id FROM articles WHERE list_contains(?::VARCHAR[], id)", [ids]).fetchall()]
        if not stored:
            return
        for table in ARTICLE_TABLES:
            self._con.execute(f"DELETE FROM {table} WHERE list_contains(?::VARCHAR[], article_id)", [stored])
        self._con.execute("DELETE FROM articles WHERE list_contains(?::VARCHAR[], id)", [stored])

    def _insert(self, table: str, columns: list[list[object]]) -> None:
        if not columns[0]:
            return
        # One statement per table: the columns go in as list parameters and are
        # unnested side by side (executemany would insert row by row).
        select = ", ".join(f"unnest(?::{kind}[])" for _, kind in COLUMNS[table])
        self._con.execute(f"INSERT INTO {table} SELECT {select}", columns)

    def _insert_flat(self, article_ids: list[str]) -> None:
        """Derive the event_flat rows of these just-inserted articles (see migration 5)."""
        if article_ids:
            self._con.execute("INSERT INTO event_flat SELECT * FROM event_flat_of(?::VARCHAR[])", [article_ids])

    def _resolve_errors(self, items: list[str]) -> None:
        """Forget errors of items that have now been stored."""
        if items:
            self._con.execute("DELETE FROM errors WHERE list_contains(?::VARCHAR[], item)", [items])

    def _record_errors(self, errors: list[ItemError], *, now: dt.datetime) -> None:
        if not errors:
            return
        params = [[e.item for e in errors], [e.kind for e in errors], [e.message for e in errors]]
        batch = ("(SELECT DISTINCT * FROM (SELECT unnest(?::VARCHAR[]) AS item, "
                 "unnest(?::VARCHAR[]) AS kind, unnest(?::VARCHAR[]) AS message)) AS new")
        self._con.execute(
            f"UPDATE errors SET last_seen = ?, seen = seen + 1 FROM {batch} "
            "WHERE errors.item = new.item AND errors.kind = new.kind AND errors.message = new.message",
            [now, *params])
        self._con.execute(
            f"INSERT INTO errors SELECT new.item, new.kind, new.message, ?, ?, 1 FROM {batch} "
            "WHERE NOT EXISTS (SELECT 1 FROM errors e WHERE e.item = new.item "
            "AND e.kind = new.kind AND e.message = new.message)",
            [now, now, *params])


def _batch_rows(results: Iterable[ArticleResult | ItemError], *,
                now: dt.datetime) -> tuple[Rows, list[ItemError], BatchReport]:
    rows, errors, report = Rows(), [], BatchReport()
    latest: dict[str, ArticleResult] = {}  # one copy per article id: the last one given
    for result in results:
        if isinstance(result, ItemError):
            errors.append(result)
        else:
            latest[result.article.id] = result
    for result in latest.values():
        rows.add(result, now=now)
        report.articles += 1
        report.events += len(result.events)
    report.errors = len(errors)
    return rows, errors, report


def _connect(path: Path, *, read_only: bool, sandbox: bool) -> duckdb.DuckDBPyConnection:
    try:
        exists = path.is_file()
    except OSError as e:  # a name too long for the file system, a loop of links
        raise StoreError(f"cannot open {str(path)[:200]}: {e.strerror}") from e
    if read_only and not exists:
        raise StoreError(f"no database at {path}; create one with: dyad ingest INPUT --db {path}")
    config = dict(SANDBOX_CONFIG) if sandbox else {}
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.Error as e:
        raise StoreError(f"cannot open {path}: {e}") from e


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:
        pass  # a COMMIT that failed (a full disk) has ended the transaction already: keep its error


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)

