"""``dyad sql``: read-only SQL over the store, in a sandbox.

Three walls: the database is opened read-only (DuckDB refuses writes); external
access is off and the configuration locked (no ATTACH, COPY, INSTALL/LOAD, or
functions that read files, and no setting to turn them back on); and only
statements that read are accepted, so the refusal is one clear line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import duckdb

from dyad.errors import StoreError
from dyad.store.db import Store

READING_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA", "CALL"}


@dataclass
class SqlResult:
    columns: list[str]
    rows: list[tuple[object, ...]]


def run_sql(sql: str, *, path: str | os.PathLike[str] | None = None) -> SqlResult:
    """Run ``sql`` (one or several statements; the last one's rows come back) read-only."""
    with Store(path, read_only=True, sandbox=True) as store:
        con = store.connection
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as e:
            raise StoreError(f"cannot parse the SQL: {e}") from e
        if not statements:
            raise StoreError("no SQL statement given")
        for statement in statements:
            kind = statement.type.name
            if kind not in READING_STATEMENTS:
                raise StoreError(f"dyad sql only reads: {kind} statements are refused "
                                 f"(allowed: {', '.join(sorted(READING_STATEMENTS))})")
        try:
            cursor = con.execute(sql)
            columns = [column[0] for column in cursor.description or []]
            return SqlResult(columns, cursor.fetchall())
        except duckdb.Error as e:
            raise StoreError(f"SQL failed: {e}") from e
