"""The store under faults: a disk that fills mid-write, and the integrity checks
of bench/soak.py (which must find planted faults). A SIGKILLed ingest is tested in
tests/test_cli_store.py::test_cli_store_ingest_killed_midway_is_consistent_and_resumes."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from api_corpus import hand_coded
from dyad.store import Store

ROOT = Path(__file__).resolve().parent.parent
BATCH = 20

# Writes batches of BATCH articles until the store refuses one; prints how many were committed.
WRITER = """
import dataclasses, json, sys
sys.path.insert(0, {tests!r})
from api_corpus import hand_coded
from dyad.errors import StoreError
from dyad.store import Store

base = hand_coded()
store = Store({db!r})
committed, error = 0, None
try:
    while committed < 500:
        store.add_results([dataclasses.replace(base, article=dataclasses.replace(
            base.article, id=f"a{{committed}}-{{i}}", text=base.article.text + " " * (committed * {batch} + i + 1)))
            for i in range({batch})])
        committed += 1
except StoreError as e:
    error = str(e)
store.close()
print(json.dumps({{"committed": committed, "error": error}}))
"""


def copies(start: int, count: int) -> list:
    base = hand_coded()
    return [dataclasses.replace(base, article=dataclasses.replace(base.article, id=f"later-{n}",
                                                                  text=base.article.text + "\n" * (n + 1)))
            for n in range(start, start + count)]


def load_soak():
    spec = importlib.util.spec_from_file_location("soak", ROOT / "bench" / "soak.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_issue11_disk_full_mid_write_is_a_store_error_and_keeps_committed_batches(tmp_path):
    """A COMMIT that failed for want of disk ended the transaction; the ROLLBACK after it raised
    TransactionException ("no transaction is active") instead of the StoreError naming the full disk."""
    db = tmp_path / "full.duckdb"

    def small_disk() -> None:  # files may not grow past 1.5 MB; the write fails with EFBIG, not a signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))

    script = WRITER.format(tests=str(ROOT / "tests"), db=str(db), batch=BATCH)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, preexec_fn=small_disk,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["committed"] >= 1 and report["error"], report
    assert "too large" in report["error"].lower() or "no space" in report["error"].lower()

    soak = load_soak()
    held = soak.snapshot_of(db)  # CHECKPOINT, then the integrity checks
    assert held["problems"] == {}
    assert len(held["articles"]) == report["committed"] * BATCH  # whole batches, nothing of the failed one
    with Store(db) as store:  # with room again, writing goes on
        store.add_results(copies(0, 3))
        assert store.counts()["articles"] == report["committed"] * BATCH + 3


@pytest.fixture()
def sound_db(tmp_path) -> Path:
    db = tmp_path / "sound.duckdb"
    with Store(db) as store:
        store.add_results(copies(0, 3))
    return db


@pytest.mark.parametrize(("fault", "problem"), [
    ("INSERT INTO events SELECT * REPLACE ('nowhere' AS article_id) FROM events LIMIT 1", "events without their article"),
    ("INSERT INTO events SELECT * FROM events LIMIT 1", "duplicate events ids"),
    ("INSERT INTO articles SELECT * FROM articles LIMIT 1", "duplicate article ids"),
    ("DELETE FROM events WHERE id = (SELECT min(id) FROM events)", "event actors without their event"),
    ("DELETE FROM entities", "mentions without their owner"),
    ("DELETE FROM event_flat WHERE id = (SELECT min(id) FROM events)", "events missing from event_flat"),
    ("UPDATE events SET trigger_start = trigger_start + 1", "evidence not in its text"),
])
def test_reliability_soak_integrity_checks_find_planted_faults(sound_db, fault, problem):
    soak = load_soak()
    assert soak.snapshot_of(sound_db)["problems"] == {}
    with duckdb.connect(str(sound_db)) as con:
        con.execute(fault)
    assert problem in soak.snapshot_of(sound_db)["problems"]


def test_reliability_soak_comparison_finds_a_lost_article(sound_db, tmp_path):
    soak = load_soak()
    clean = soak.snapshot_of(sound_db)
    assert soak.compare(sound_db, clean, same_errors=True)["ok"]
    with duckdb.connect(str(sound_db)) as con:
        for table in ("events", "event_actors", "entities", "places", "mentions", "quotes", "event_flat"):
            con.execute(f"DELETE FROM {table} WHERE article_id = 'later-0'")
        con.execute("DELETE FROM articles WHERE id = 'later-0'")
    result = soak.compare(sound_db, clean, same_errors=True)
    assert not result["ok"] and result["differs_from_reference_in"][:2] == ["articles", "events"]
    assert "rows of entities" in result["differs_from_reference_in"]
    assert result["integrity_problems"] == {}  # consistent, but not the reference: the comparison catches it
