"""Load check of the events endpoint: `dyad serve` on a database, N concurrent
clients on loopback for a bounded time; prints p50 / p99 latency and errors.

    .venv/bin/python bench/api_load.py --db bulk.duckdb [--clients 50] [--seconds 20]

The server keeps answers while the data is unchanged (dyad.api.cache), so
repeated queries are mostly answered from memory; ``--distinct`` makes every
request unique and measures the queries themselves.

Two phases under the same load, one after the other: the baseline (the same
clients asking /api/health, which touches no data: what the server, the
clients and the machine cost by themselves) and the events queries. The report
gives both and the events' latencies as ratios of the baseline's, with the
load average before and after (the machine may be shared).

Build the database of the whole bulk corpus first:
    .venv/bin/dyad ingest ../shared/corpus/bulk.jsonl --db bulk.duckdb --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

QUERIES = [
    "/api/events?limit=50",
    "/api/events?actor=RUS&limit=50",
    "/api/events?actor=USA&recipient=RUS&limit=50",
    "/api/events?type=ASSAULT&modality=asserted&limit=50",
    "/api/events?from=2022-02-20&to=2022-02-28&limit=50&sort=day&order=desc",
    "/api/events?search=sanction&limit=50",
    "/api/events?quad=4&country=UKR&limit=50&offset=100",
]
BASELINE = "/api/health"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"dyad serve exited: {server.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(f"{base}/api/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("dyad serve did not answer")


def client(base: str, paths: list[str], stop: float, latencies: list[float], errors: list[str],
           seed: int, distinct: bool = False) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop:
        url = base + rng.choice(paths)
        if distinct:  # a parameter the server ignores, so that no two requests are the same
            url += f"{'&' if '?' in url else '?'}nocache={rng.getrandbits(48)}"
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                response.read()
            latencies.append(time.perf_counter() - started)
        except (urllib.error.URLError, OSError) as e:
            errors.append(f"{url}: {e}")


def run_phase(base: str, paths: list[str], *, clients: int, seconds: float, distinct: bool = False) -> dict:
    """``clients`` threads asking ``paths`` (at random) back to back for ``seconds``."""
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(base, paths, stop, latencies, errors, n, distinct))
               for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(latencies) < 2:
        return {"requests": len(latencies), "errors": len(errors), "first_error": errors[:1]}
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": len(errors), "rps": round(len(latencies) / seconds, 1),
            "p50_ms": round(cuts[49] * 1000, 1), "p99_ms": round(cuts[98] * 1000, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--distinct", action="store_true",
                        help="make every request unique (an ignored parameter), so that the server's cache of "
                             "answers never serves one: the cost of the queries themselves")
    args = parser.parse_args()
    if not args.db.is_file():
        print(f"no database at {args.db}", file=sys.stderr)
        return 2
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The rate limit protects a shared server; this check measures latency, so it is off.
    server = subprocess.Popen([sys.executable, "-m", "dyad", "serve", "--db", str(args.db), "--port", str(port),
                               "--rate-limit", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    loadavg_before = [round(x, 2) for x in os.getloadavg()]
    try:
        wait_until_up(base, server)
        for path in QUERIES:  # once each first: the first query of a kind pays for planning
            urllib.request.urlopen(base + path, timeout=60).read()
        baseline = run_phase(base, [BASELINE], clients=args.clients, seconds=args.seconds)
        events = run_phase(base, QUERIES, clients=args.clients, seconds=args.seconds, distinct=args.distinct)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {"clients": args.clients, "seconds": args.seconds, "distinct": args.distinct,
              "loadavg_before": loadavg_before,
              "loadavg_after": [round(x, 2) for x in os.getloadavg()], "baseline": baseline, "events": events}
    if "p50_ms" in baseline and "p50_ms" in events:
        report["events_vs_baseline"] = {"p50": round(events["p50_ms"] / baseline["p50_ms"], 2),
                                        "p99": round(events["p99_ms"] / baseline["p99_ms"], 2)}
    print(json.dumps(report))
    return 0 if "p50_ms" in events and not events["errors"] and not baseline["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
