"""Throughput of ``dyad.scale.run_partitions``: the local engine against Ray at 1 and 2 workers.

Every configuration codes the same sample of ../shared/corpus/bulk.jsonl into a
fresh output directory (Parquet written, pipeline loads in the workers
included). Ray's own start (``ray.init``) is timed apart, since a cluster
pays it once, not per run. Prints words per second per configuration and its
ratio to the local engine at 1 worker; the local engine at 1 worker is
also the words per second per core of docs/scaling.md.

    .venv/bin/python bench/scale.py [--articles 240] [--partition-size 20] [--corpus PATH]

Do not run it over the whole corpus on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from dyad.ingest import read_inputs
from dyad.model import Article
from dyad.scale import run_partitions

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bulk.jsonl"
CONFIGS = ["local-1", "local-2", "ray-1", "ray-2"]  # engine-workers; local-1 is the baseline


def sample(corpus: Path, count: int) -> list[Article]:
    """Every n-th English article of the corpus, so that all its sources are in the sample."""
    articles = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)]
    step = max(len(articles) // count, 1)
    return articles[::step][:count]


def time_run(articles: list[Article], engine: str, workers: int, partition_size: int) -> tuple[float, float]:
    """Wall seconds of the run, and CPU seconds of this process (all of it for local at 1 worker)."""
    with tempfile.TemporaryDirectory(prefix="dyad-bench-scale-") as out:
        started, cpu_started = time.perf_counter(), time.process_time()
        run_partitions(articles, out, engine=engine, workers=workers, partition_size=partition_size)
        return time.perf_counter() - started, time.process_time() - cpu_started


def time_ray(articles: list[Article], workers: int, partition_size: int) -> tuple[float, float]:
    """Seconds to start a local Ray of ``workers`` CPUs, and wall seconds of the run on it."""
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    import ray

    started = time.perf_counter()
    ray.init(num_cpus=workers, include_dashboard=False, object_store_memory=256 * 1024 * 1024,
             log_to_driver=False)
    start = time.perf_counter() - started
    try:
        return start, time_run(articles, "ray", workers, partition_size)[0]
    finally:
        ray.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--partition-size", type=int, default=20)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--configs", nargs="+", choices=CONFIGS, default=CONFIGS)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (skipped)", file=sys.stderr)
        return 0
    articles = sample(args.corpus, args.articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words:,} words, partitions of {args.partition_size}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'engine':>6} {'workers':>7} {'ray start s':>11} {'run s':>7} {'words/s':>8} {'ratio':>6}")
    rates: dict[str, float] = {}
    result: dict[str, object] = {"articles": len(articles), "words": words}
    for config in ["local-1", *(c for c in args.configs if c != "local-1")]:
        engine, workers = config.split("-")[0], int(config.split("-")[1])
        start = 0.0
        if engine == "ray":
            start, seconds = time_ray(articles, workers, args.partition_size)
        else:
            seconds, cpu = time_run(articles, engine, workers, args.partition_size)
            if config == "local-1":
                result["words_per_cpu_s"] = round(words / cpu)
        rates[config] = words / seconds
        print(f"{engine:>6} {workers:>7} {start:>11.1f} {seconds:>7.1f} {rates[config]:>8,.0f} "
              f"{rates[config] / rates['local-1']:>6.2f}")
    result["words_per_s"] = {k: round(v) for k, v in rates.items()}
    result["ratio_to_local_1"] = {k: round(v / rates["local-1"], 2) for k, v in rates.items()}
    result["load_average_after"] = round(os.getloadavg()[0], 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
