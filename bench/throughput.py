"""Throughput of Dyad's extraction against plain ``nlp.pipe`` of the same pipeline.

Both run on the same texts in the same run (a sample of ../shared/corpus/bulk.jsonl),
for 1 and 2 processes, process start-up included for both, fastest of
``--repeat`` interleaved runs. Prints words per
second and the ratio dyad / nlp.pipe (target: >= 0.8, i.e. extraction costs at
most 25% on top of parsing).

    .venv/bin/python bench/throughput.py [--articles 120] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from dyad.extract import extract
from dyad.ingest import read_inputs
from dyad.model import Article
from dyad.nlp import BATCH_SIZE, load_nlp

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bulk.jsonl"


def sample(corpus: Path, count: int) -> list[Article]:
    """Every n-th English article of the corpus, so that all its sources are in the sample."""
    articles = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)]
    step = max(len(articles) // count, 1)
    return articles[::step][:count]


def time_nlp_pipe(texts: list[str], processes: int) -> float:
    started = time.perf_counter()
    for _ in load_nlp().pipe(texts, batch_size=BATCH_SIZE, n_process=processes):
        pass
    return time.perf_counter() - started


def time_dyad(articles: list[Article], workers: int) -> float:
    started = time.perf_counter()
    for _ in extract(articles, workers=workers):
        pass
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest counts")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    articles = sample(args.corpus, args.articles)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    load_nlp()
    time_nlp_pipe(texts[:5], 1)  # warm up caches and lexicons
    time_dyad(articles[:5], 1)
    print(f"{len(articles)} articles, {words:,} words")
    print(f"{'processes':>9} {'nlp.pipe w/s':>13} {'dyad w/s':>10} {'ratio':>6}")
    results = {}
    for workers in args.workers:
        # Interleaved repeats, fastest of each: the machine is shared and noisy.
        base, ours = float("inf"), float("inf")
        for _ in range(args.repeat):
            base = min(base, time_nlp_pipe(texts, workers))
            ours = min(ours, time_dyad(articles, workers))
        ratio = base / ours
        results[workers] = ratio
        print(f"{workers:>9} {words / base:>13,.0f} {words / ours:>10,.0f} {ratio:>6.2f}")
    print(json.dumps({"articles": len(articles), "words": words, "ratio": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
