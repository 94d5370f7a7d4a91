"""The corpus store (DuckDB): the only code that writes the database.

    from dyad.store import Store, EventFilter
    with Store("dyad.duckdb") as store:
        store.add_results(results)
        events = store.query_events(EventFilter(actor=("RUS",), date_from="2022-02-01"))

Readers use ``Store(path, read_only=True)``.
"""

from dyad.store.db import DEFAULT_DB, ENV_DB, ArticleIndex, BatchReport, Store, default_db_path
from dyad.store.query import EventFilter

__all__ = ["Store", "EventFilter", "ArticleIndex", "BatchReport", "default_db_path", "DEFAULT_DB", "ENV_DB"]
