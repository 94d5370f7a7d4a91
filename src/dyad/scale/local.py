"""The default engine: worker processes on this machine, no extra dependency.

Like ``dyad.extract``, it loads the pipeline in the parent and forks the
workers where fork exists, so each starts with the pipeline in memory; each
worker takes whole partitions, one at a time, and writes them itself. At most
two partitions per worker are in flight, so the input is read as it is coded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from functools import partial

from dyad.extract import init_worker, worker_context
from dyad.scale.parquet import PartitionSummary
from dyad.scale.partitions import Partition
from dyad.scale.worker import CodeItems, code_and_write, code_items

__all__ = ["run_local"]

IN_FLIGHT_PER_WORKER = 2


def run_local(partitions: Iterable[Partition], location: str, *, workers: int = 1,
              coder: CodeItems = code_items) -> Iterator[PartitionSummary]:
    """Code and write every partition; summaries come in the order partitions finish."""
    task = partial(code_and_write, location=location, coder=coder)
    if workers <= 1:
        yield from map(task, partitions)
        return
    limit = workers * IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(workers, mp_context=worker_context(), initializer=init_worker) as pool:
        running: set[Future[PartitionSummary]] = set()
        for partition in partitions:
            if len(running) >= limit:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
            running.add(pool.submit(task, partition))
        yield from (future.result() for future in as_completed(running))
