"""What the store adds on top of extraction (target: at most 10%).

On the same sample, in the same run: extraction alone, then ingest (plan +
extraction + batched writes to a fresh DuckDB file), then the writes alone
(``Store.add_results`` of the already coded results into another fresh file).
Prints seconds, articles per second and the ratios ingest / extract and
writes / extract.

    PYTHONPATH=src .venv/bin/python bench/store_throughput.py [--articles 200] [--corpus PATH]

Skips (exit 0) when the corpus (../shared/corpus/bulk.jsonl) is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from dyad.extract import extract
from dyad.ingest import read_inputs
from dyad.model import Article, ArticleResult
from dyad.store import Store
from dyad.store.ingest import BATCH_SIZE, plan_ingest, run_ingest

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bulk.jsonl"


def sample(corpus: Path, count: int) -> list[Article]:
    """Every n-th article of the corpus, so that all its sources are in the sample."""
    articles = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)]
    step = max(len(articles) // count, 1)
    return articles[::step][:count]


def time_extract(articles: list[Article], workers: int) -> tuple[float, list[ArticleResult]]:
    started = time.perf_counter()
    results = [r for r in extract(articles, workers=workers) if isinstance(r, ArticleResult)]
    return time.perf_counter() - started, results


def time_ingest(articles: list[Article], db: Path, workers: int, batch_size: int) -> float:
    started = time.perf_counter()
    with Store(db) as store:
        run_ingest(store, plan_ingest(articles, store.article_index()), workers=workers, batch_size=batch_size)
    return time.perf_counter() - started


def time_writes(results: list[ArticleResult], db: Path, batch_size: int) -> float:
    started = time.perf_counter()
    with Store(db) as store:
        for start in range(0, len(results), batch_size):
            store.add_results(results[start:start + batch_size])
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: corpus not found: {args.corpus}", file=sys.stderr)
        return 0
    articles = sample(args.corpus, args.articles)
    time_extract(articles[:5], args.workers)  # warm up: model load, lexicons
    with tempfile.TemporaryDirectory() as tmp:
        extract_s, results = time_extract(articles, args.workers)
        ingest_s = time_ingest(articles, Path(tmp) / "ingest.duckdb", args.workers, args.batch_size)
        writes_s = time_writes(results, Path(tmp) / "writes.duckdb", args.batch_size)
    events = sum(len(r.events) for r in results)
    report = {
        "articles": len(articles), "events": events, "workers": args.workers, "batch_size": args.batch_size,
        "extract_s": round(extract_s, 2), "ingest_s": round(ingest_s, 2), "writes_s": round(writes_s, 3),
        "ingest_over_extract": round(ingest_s / extract_s, 3),
        "writes_over_extract": round(writes_s / extract_s, 3),
    }
    print(f"{len(articles)} articles, {events} events")
    print(f"extract only      {extract_s:7.2f} s  {len(articles) / extract_s:6.1f} articles/s")
    print(f"extract + store   {ingest_s:7.2f} s  {len(articles) / ingest_s:6.1f} articles/s"
          f"  ratio {ingest_s / extract_s:.3f}")
    print(f"store writes only {writes_s:7.3f} s  ({100 * writes_s / extract_s:.1f}% of extraction)")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
