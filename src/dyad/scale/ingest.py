"""``dyad ingest --engine ray``: code the articles to ingest on a Ray cluster
(Parquet partitions, as ``dyad scale run`` writes them), then hand the results
back in input order for the store to write."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from dyad.model import Article, ArticleResult, ItemError
from dyad.scale import DEFAULT_PARTITION_SIZE, load_partitions, run_partitions

Result = ArticleResult | ItemError


def coded_on_engine(todo: list[Article | ItemError], *, engine: str, workers: int | None = None,
                    address: str | None = None, parquet: str | None = None,
                    partition_size: int = DEFAULT_PARTITION_SIZE) -> Iterator[Result]:
    """The results of ``todo``, in order, coded on ``engine``.

    The partitions go to ``parquet`` (kept: a re-run of the same work skips those
    written) or to a temporary folder removed afterwards.
    """
    if parquet is not None:
        yield from _run(todo, parquet, engine=engine, workers=workers, address=address,
                        partition_size=partition_size)
        return
    with tempfile.TemporaryDirectory(prefix="dyad-parts-") as folder:
        yield from _run(todo, folder, engine=engine, workers=workers, address=address,
                        partition_size=partition_size)


def _run(todo: list[Article | ItemError], out: str, **options: object) -> Iterator[Result]:
    if not todo:
        return
    run_partitions(todo, out, **options)  # type: ignore[arg-type]
    for results in load_partitions(out):
        yield from results
