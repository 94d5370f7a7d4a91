"""Soak and fault run: ingest while the API serves readers, kill it, fill the disk,
and check that nothing was lost or doubled.

    PYTHONPATH=src .venv/bin/python bench/soak.py [--articles 150] [--kills 4] [--readers 4] [--seed 11]

On a sample of ../shared/corpus/bulk.jsonl (skips, exit 0, where it is absent):

1. reference: one uninterrupted ``dyad ingest`` into clean.duckdb;
2. CLI writer: ``dyad ingest`` into live.duckdb, SIGKILLed at random points
   (after a random number of committed batches plus a random delay) and run
   again, while ``dyad serve`` serves a snapshot of live.duckdb to reader
   threads (DuckDB lets one process write a file or several read it, never
   both: the server cannot open the file the ingest holds); after the first
   kill the disk fills mid-write (a tmpfs 160 KiB larger than the database
   where mount works, else RLIMIT_FSIZE, so that writes fail with ENOSPC or
   EFBIG) and the ingest goes on on a disk with room;
3. server writer: ``dyad serve --allow-ingest`` over live2.duckdb, fed by
   POST /api/ingest while readers query the same server (live reads during
   writes: the one writer process serves them), SIGKILLed at random points and
   restarted, the posts resumed;

then every database passes the integrity checks and holds exactly the
articles, events and rows of the reference. Loopback only. Prints a summary.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "bulk.jsonl"
DYAD = [sys.executable, "-c", "from dyad.cli import main; main()"]
TOKEN = "soak-token"
READ_URLS = ["/api/events?limit=50", "/api/events?actor=RUS&sort=score&order=desc", "/api/overview", "/api/actors",
             "/api/articles?limit=20", "/api/map", "/api/series?actor=RUS&interval=week", "/api/search?q=Russia",
             "/api/quotes", "/api/stories", "/", "/events", "/static/dyad.js"]
TABLES = ("articles", "events", "event_actors", "entities", "places", "mentions", "quotes", "event_flat")


def main() -> int:
    args = parse_args()
    if not args.corpus.is_file():
        print(f"soak: no corpus at {args.corpus}; skipped")
        return 0
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="dyad-soak-"))
    sample = write_sample(args.corpus, args.articles, work / "sample.jsonl")
    summary: dict = {"articles": args.articles, "kills": args.kills, "readers": args.readers, "seed": args.seed}
    started = time.monotonic()
    try:
        summary["reference"] = reference_run(sample, work / "clean.duckdb")
        clean = snapshot_of(work / "clean.duckdb")
        summary["cli_writer"] = cli_writer_run(sample, work, args, rng)
        summary["cli_writer"]["check"] = compare(work / "live.duckdb", clean, same_errors=True)
        summary["server_writer"] = server_writer_run(sample, work, args, rng)
        summary["server_writer"]["check"] = compare(work / "live2.duckdb", clean, same_errors=False)
    finally:
        summary["seconds"] = round(time.monotonic() - started, 1)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(summary, indent=2))
    ok = summary["cli_writer"]["check"]["ok"] and summary["server_writer"]["check"]["ok"]
    ok = ok and all(part["readers"]["server_errors"] == 0 for part in (summary["cli_writer"], summary["server_writer"]))
    print(f"soak: {'PASS' if ok else 'FAIL'} in {summary['seconds']} s")
    return 0 if ok else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--kills", type=int, default=4, help="SIGKILLs in each writer phase")
    parser.add_argument("--readers", type=int, default=4, help="reader threads")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    return parser.parse_args()


def write_sample(corpus: Path, count: int, path: Path) -> Path:
    """Every n-th record of the corpus, so that all its sources are in the sample."""
    lines = [line for line in corpus.read_text("utf-8").splitlines() if line.strip()]
    step = max(len(lines) // count, 1)
    path.write_text("\n".join(lines[::step][:count]) + "\n", "utf-8")
    return path


# --- phase 1: the reference -------------------------------------------------------------

def reference_run(sample: Path, db: Path) -> dict:
    started = time.monotonic()
    done = subprocess.run([*DYAD, "ingest", str(sample), "--db", str(db)], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"soak: the reference ingest failed:\n{done.stderr}")
    return {"seconds": round(time.monotonic() - started, 1), **table_counts(db)}


# --- phase 2: a CLI writer killed and starved of disk, readers on a snapshot -------------

def cli_writer_run(sample: Path, work: Path, args: argparse.Namespace, rng: random.Random) -> dict:
    """Kill the ingest once, fill the disk (while work is surely left), kill it again and again, finish it."""
    live, kills = work / "live.duckdb", []
    command = [*DYAD, "ingest", str(sample), "--db", str(live), "--batch-size", str(args.batch_size)]
    server = readers = None
    try:
        kills.append(run_and_kill(command, rng))
        if not live.exists():  # killed before it made the file: one batch more
            kills.append(run_and_kill(command, rng, batches=1))
        # Serve what the killed run left: the server cannot open the file the next runs hold.
        snapshot = copy_db(live, work / "snapshot.duckdb")
        server = Server(["--db", str(snapshot), "--rate-limit", "0"], work / "server1.log")
        readers = Readers(server, args.readers)
        disk = fill_disk(command, live, work)
        for _ in range(args.kills - 1):
            kills.append(run_and_kill(command, rng))
        final = subprocess.run(command, capture_output=True, text=True)
        if final.returncode not in (0, 1):
            raise SystemExit(f"soak: the last ingest failed:\n{final.stderr}")
    finally:
        reads = readers.stop() if readers else {}
        if server:
            server.stop()
    return {"runs": len(kills) + 2, "kills": kills, "disk_full": disk, "readers": reads}


def run_and_kill(command: list[str], rng: random.Random, *, batches: int | None = None) -> dict:
    """Start the ingest, let it commit 0-2 batches, wait 0-2 s more, SIGKILL it."""
    batches = rng.randint(0, 2) if batches is None else batches
    delay = round(rng.uniform(0, 2), 2)
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    committed = 0
    while committed < batches:
        line = process.stderr.readline()
        if not line:
            break
        committed += "committed batch" in line
    drain = threading.Thread(target=process.stderr.read, daemon=True)
    drain.start()
    time.sleep(delay)
    finished = process.poll() is not None
    if not finished:
        process.send_signal(signal.SIGKILL)
    process.wait()
    return {"after_batches": committed, "plus_seconds": delay, "killed": not finished}


def fill_disk(command: list[str], live: Path, work: Path) -> dict:
    """Run the ingest where the disk is nearly full, then again with room."""
    mount = work / "small-disk"
    mount.mkdir()
    used = sum(path.stat().st_size for path in live.parent.glob(live.name + "*"))
    room = used + 160 * 1024
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={room}", "tmpfs", str(mount)],
                      capture_output=True).returncode == 0:
        try:
            return _fill_tmpfs(command, live, mount, room)
        finally:
            subprocess.run(["umount", str(mount)], capture_output=True)
    return _fill_rlimit(command, live, room)


def _fill_tmpfs(command: list[str], live: Path, mount: Path, room: int) -> dict:
    small = copy_db(live, mount / live.name)
    done = subprocess.run(_with_db(command, small), capture_output=True, text=True)
    result = {"method": f"tmpfs of {room // 1024} KiB", "exit": done.returncode,
              "message": _last_error(done.stderr), "articles_then": table_counts(small)["articles"]}
    copy_db(small, live)  # what the full disk held goes on, on a disk with room
    return result


def _fill_rlimit(command: list[str], live: Path, limit: int) -> dict:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(command, capture_output=True, text=True, preexec_fn=limited)
    return {"method": f"RLIMIT_FSIZE of {limit // 1024} KiB", "exit": done.returncode,
            "message": _last_error(done.stderr), "articles_then": table_counts(live)["articles"]}


def _with_db(command: list[str], db: Path) -> list[str]:
    at = command.index("--db")
    return [*command[:at + 1], str(db), *command[at + 2:]]


def _last_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if "error" in line.lower()]
    return (lines[-1] if lines else stderr.strip().splitlines()[-1] if stderr.strip() else "")[:200]


# --- phase 3: the server as the writer, readers on the same server -------------------------

def server_writer_run(sample: Path, work: Path, args: argparse.Namespace, rng: random.Random) -> dict:
    db = work / "live2.duckdb"
    shutil.copy(work / "clean.duckdb", db)  # a valid empty database: the same schema, no rows
    with duckdb.connect(str(db)) as con:
        for table in (*TABLES, "errors"):
            con.execute(f"DELETE FROM {table}")
    records = [json.loads(line) for line in sample.read_text("utf-8").splitlines()]
    chunks = [records[start:start + args.batch_size] for start in range(0, len(records), args.batch_size)]
    kill_at = sorted(rng.sample(range(1, len(chunks)), min(args.kills, len(chunks) - 1)))
    options = ["--db", str(db), "--allow-ingest", "--token", TOKEN, "--rate-limit", "0"]
    server = Server(options, work / "server2.log")
    readers = Readers(server, args.readers)
    posted, restarts, refused = 0, 0, 0
    try:
        for number, chunk in enumerate(chunks):
            if kill_at and number == kill_at[0]:
                kill_at.pop(0)
                killer = threading.Timer(rng.uniform(0.05, 1.5), server.kill)
                killer.start()
            while True:
                if post(server, chunk):
                    posted += 1
                    break
                refused += 1
                server.wait_dead()
                server.start()
                restarts += 1
    finally:
        reads = readers.stop()
        server.stop()
    return {"posts": posted, "kills": server.kills, "posts_cut_by_kill": refused, "restarts": restarts,
            "readers": reads}


def post(server: Server, chunk: list[dict]) -> bool:
    body = json.dumps({"articles": chunk}).encode("utf-8")
    request = urllib.request.Request(server.url("/api/ingest"), data=body, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}", "Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


# --- the server and its readers ------------------------------------------------------------

class Server:
    """``dyad serve`` on 127.0.0.1, on a free port, restartable."""

    def __init__(self, options: list[str], log: Path) -> None:
        self.options, self.log, self.port = options, log, free_port()
        self.process: subprocess.Popen | None = None
        self.kills = 0
        self.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen([*DYAD, "serve", "--port", str(self.port), *self.options],
                                            stdout=log, stderr=log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url("/api/health"), timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise SystemExit(f"soak: the server did not start; see {self.log}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.kills += 1

    def wait_dead(self) -> None:
        if self.process:
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class Readers:
    """Threads that GET the dashboard and API in a loop and count what comes back."""

    def __init__(self, server: Server, count: int) -> None:
        self.server, self.stopping = server, threading.Event()
        self.statuses: Counter = Counter()
        self.latencies: list[float] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._loop, args=(n,), daemon=True) for n in range(count)]
        for thread in self.threads:
            thread.start()

    def _loop(self, number: int) -> None:
        turn = number
        while not self.stopping.is_set():
            url = READ_URLS[turn % len(READ_URLS)]
            turn += 1
            started = time.monotonic()
            try:
                with urllib.request.urlopen(self.server.url(url), timeout=60) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as e:
                status = e.code
            except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
                status = "cut"  # the server was down (killed, restarting) or killed mid-answer
                time.sleep(0.1)
            with self.lock:
                self.statuses[status] += 1
                if status != "cut":
                    self.latencies.append(time.monotonic() - started)

    def stop(self) -> dict:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=90)
        ordered = sorted(self.latencies) or [0.0]
        return {"requests": sum(self.statuses.values()), "statuses": {str(k): v for k, v in self.statuses.items()},
                "server_errors": sum(v for k, v in self.statuses.items() if isinstance(k, int) and k >= 500),
                "p50_ms": round(1000 * ordered[len(ordered) // 2]), "p95_ms": round(1000 * ordered[int(len(ordered) * .95)]),
                "max_ms": round(1000 * ordered[-1])}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- databases: copies, integrity, comparison ---------------------------------------------

def copy_db(source: Path, target: Path) -> Path:
    """The file and its WAL, copied while no process has it open."""
    for suffix in ("", ".wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
        elif Path(f"{target}{suffix}").exists():
            os.remove(f"{target}{suffix}")
    return target


def table_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in (*TABLES, "errors")}


INTEGRITY = {
    "duplicate article ids": "SELECT count(*) - count(DISTINCT id) FROM articles",
    "duplicate text hashes": "SELECT count(*) - count(DISTINCT text_hash) FROM articles",
    **{f"duplicate {table} ids": f"SELECT count(*) - count(DISTINCT (article_id, id)) FROM {table}"
       for table in ("events", "entities", "places", "quotes")},
    **{f"{table} without their article": f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
       f"(SELECT 1 FROM articles a WHERE a.id = t.article_id)" for table in TABLES[1:]},
    "event actors without their event": "SELECT count(*) FROM event_actors x WHERE NOT EXISTS "
    "(SELECT 1 FROM events e WHERE e.article_id = x.article_id AND e.id = x.event_id)",
    "events missing from event_flat": "SELECT count(*) FROM events e WHERE NOT EXISTS "
    "(SELECT 1 FROM event_flat f WHERE f.article_id = e.article_id AND f.id = e.id)",
    "mentions without their owner": "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM entities e "
    "WHERE m.owner = 'entity' AND e.article_id = m.article_id AND e.id = m.owner_id) AND NOT EXISTS (SELECT 1 "
    "FROM places p WHERE m.owner = 'place' AND p.article_id = m.article_id AND p.id = m.owner_id)",
    "evidence not in its text": "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
    "WHERE substr(a.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) <> e.trigger_text",
}


def snapshot_of(db: Path) -> dict:
    """What a database holds, row by row where it matters, after a CHECKPOINT."""
    with duckdb.connect(str(db)) as con:
        con.execute("CHECKPOINT")
        problems = {name: con.execute(sql).fetchone()[0] for name, sql in INTEGRITY.items()}
        rows = {table: sorted(con.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY 1").fetchall())
                for table in TABLES[1:]}
        return {"articles": sorted(r[0] for r in con.execute("SELECT id FROM articles").fetchall()),
                "events": sorted(con.execute("SELECT article_id, id, type, trigger_start, trigger_end, "
                                             "modality FROM events").fetchall()),
                "rows": rows, "problems": {k: v for k, v in problems.items() if v},
                "errors": sorted(con.execute("SELECT item, kind FROM errors").fetchall())}


def compare(db: Path, clean: dict, *, same_errors: bool) -> dict:
    got = snapshot_of(db)
    differences = [name for name in ("articles", "events") if got[name] != clean[name]]
    differences += [f"rows of {table}" for table in TABLES[1:] if got["rows"][table] != clean["rows"][table]]
    if same_errors and got["errors"] != clean["errors"]:
        differences.append("errors")
    return {"ok": not differences and not got["problems"] and not clean["problems"],
            "integrity_problems": got["problems"], "differs_from_reference_in": differences,
            "articles": len(got["articles"]), "events": len(got["events"])}


if __name__ == "__main__":
    sys.exit(main())
