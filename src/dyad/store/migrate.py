"""Schema migrations: numbered SQL files in ``migrations/``, applied in order.

Each step runs in its own transaction together with the row that records it in
``schema_version``, so a database is always at exactly one version.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources

import duckdb

from dyad.errors import StoreError

_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration shipped with this code, in version order (1, 2, ...)."""
    steps = []
    for entry in resources.files("dyad.store").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            steps.append(Migration(int(match[1]), match[2], entry.read_text("utf-8")))
    steps.sort(key=lambda step: step.version)
    if [step.version for step in steps] != list(range(1, len(steps) + 1)):
        raise StoreError(f"migrations are not numbered 1..n: {[s.version for s in steps]}")
    return steps


def latest_version() -> int:
    return len(migrations())


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version a database is at; 0 for an empty one."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = 'schema_version' AND table_schema = 'main'"
    ).fetchone()
    if not found or not found[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def check_version(con: duckdb.DuckDBPyConnection, *, where: str) -> int:
    """The database's version; StoreError when it is newer than this code knows."""
    version = schema_version(con)
    latest = latest_version()
    if version > latest:
        raise StoreError(
            f"{where} has schema version {version}, newer than this Dyad knows ({latest}); "
            "upgrade Dyad to open it"
        )
    return version


def migrate(con: duckdb.DuckDBPyConnection, *, where: str, target: int | None = None) -> int:
    """Apply the missing steps up to ``target`` (default: the latest); returns the version."""
    version = check_version(con, where=where)
    for step in migrations()[version:target]:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(step.sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                        [step.version, step.name, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)])
            con.execute("COMMIT")
        except duckdb.Error as e:
            con.execute("ROLLBACK")
            raise StoreError(f"{where}: migration {step.version} ({step.name}) failed: {e}") from e
        version = step.version
    return version
