"""The Ray engine on a local Ray of two workers: output identical to the local
engine's, and a worker killed mid-partition retried to the same output.

Skipped where Ray is not installed (``pip install -e '.[test,ray]'``, as the
Makefile does, installs it). One Ray session serves the whole module.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dyad.ingest import read_inputs
from dyad.scale import load_results, run_partitions
from tests.conftest import FIXTURES, ROOT

# Openly licensed articles (demo/SOURCES.md) and one item that fails ingestion (French).
INPUTS = [str(ROOT / "demo" / "articles.jsonl"), str(FIXTURES / "non-english.txt")]
PARTITION_SIZE = 4  # 13 items: four partitions over two workers
WORKERS = 2


def items() -> list:
    return list(read_inputs(INPUTS))


def file_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def ray_session():
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # bind to loopback
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=WORKERS, include_dashboard=False, object_store_memory=96 * 1024 * 1024,
             log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def local_output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local")
    run_partitions(items(), str(out), partition_size=PARTITION_SIZE)
    return out


def test_ray_output_is_identical_to_the_local_engine(ray_session, local_output, tmp_path):
    report = run_partitions(items(), str(tmp_path), engine="ray", workers=WORKERS,
                            partition_size=PARTITION_SIZE)
    assert report.written == [0, 1, 2, 3]
    assert report.total("errors") == 1 and report.total("events") > 0
    assert file_bytes(tmp_path) == file_bytes(local_output)
    assert [r.to_dict() for r in load_results(str(tmp_path))] == [
        r.to_dict() for r in load_results(str(local_output))]


def killing_coder(marker: str):
    """A coder whose first call, in whichever worker, kills that worker's process."""

    def code(partition_items):
        import signal

        from dyad.scale.worker import code_items

        try:
            handle = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)  # only one task wins
        except FileExistsError:
            return code_items(partition_items)
        os.write(handle, str(os.getpid()).encode())
        os.close(handle)
        os.kill(os.getpid(), signal.SIGKILL)
        raise RuntimeError("unreachable: the process was killed")

    return code


def test_ray_worker_killed_mid_partition_is_retried_to_the_same_output(ray_session, local_output, tmp_path):
    marker = tmp_path / "killed"
    out = tmp_path / "out"
    report = run_partitions(items(), str(out), engine="ray", workers=WORKERS,
                            partition_size=PARTITION_SIZE, coder=killing_coder(str(marker)))
    assert int(marker.read_text()) != os.getpid()  # a worker, not this process, was killed
    assert report.written == [0, 1, 2, 3]
    assert file_bytes(out) == file_bytes(local_output)


def test_ray_rerun_skips_partitions_written_by_the_local_engine(ray_session, local_output, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for directory in ("articles", "events"):
        (out / directory).mkdir()
        for name in ("part-00000.parquet", "part-00002.parquet"):
            (out / directory / name).write_bytes((local_output / directory / name).read_bytes())
    report = run_partitions(items(), str(out), engine="ray", workers=WORKERS, partition_size=PARTITION_SIZE)
    assert report.skipped == [0, 2] and report.written == [1, 3]
    assert file_bytes(out) == file_bytes(local_output)


def stored_events(db: Path) -> list[tuple]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT id, type, modality, sentence_text FROM events ORDER BY id").fetchall()


def test_ray_ingest_stores_what_a_local_ingest_stores(ray_session, tmp_path):
    from click.testing import CliRunner

    from dyad.cli import cli

    runner = CliRunner()
    local = runner.invoke(cli, ["ingest", *INPUTS, "--db", str(tmp_path / "local.duckdb")])
    on_ray = runner.invoke(cli, ["ingest", *INPUTS, "--db", str(tmp_path / "ray.duckdb"), "--engine", "ray",
                                 "--workers", str(WORKERS), "--parquet", str(tmp_path / "parts")])
    assert local.exit_code == on_ray.exit_code == 1  # the French text fails in both, recorded as an error
    assert stored_events(tmp_path / "ray.duckdb") == stored_events(tmp_path / "local.duckdb") != []
    assert list((tmp_path / "parts" / "articles").glob("part-*.parquet"))
