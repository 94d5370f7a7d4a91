"""The Ray engine: the same unit of work as the local engine, as Ray tasks.

Each task codes and writes one partition (``worker.code_and_write``); Ray
reuses its worker processes, so each loads the spaCy pipeline once. A task
whose worker dies (killed, out of memory, node lost) is retried by Ray up to
``MAX_RETRIES`` times; an exception raised by coding is not retried, since it
would only fail again. Ray is optional: ``pip install 'dyad[ray]'``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

from dyad.errors import ConfigError, PipelineError
from dyad.scale.parquet import PartitionSummary
from dyad.scale.partitions import Partition
from dyad.scale.worker import CodeItems, code_and_write, code_items

__all__ = ["run_ray", "import_ray"]

MAX_RETRIES = 3
# A local Ray passes only partitions (a few MB) through its object store.
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024
INSTALL_HINT = "the Ray engine needs Ray: install it with 'pip install \"dyad[ray]\"'"


def import_ray() -> ModuleType:
    """The ``ray`` module, or a ConfigError that says how to install it."""
    try:
        import ray
    except ImportError:
        raise ConfigError(INSTALL_HINT) from None
    return ray


def run_ray(partitions: Iterable[Partition], location: str, *, workers: int | None = None,
            address: str | None = None, coder: CodeItems = code_items) -> Iterator[PartitionSummary]:
    """Code and write every partition on Ray; summaries come in the order partitions finish.

    With ``address`` it joins that cluster; without, it uses the Ray already
    initialised in this process or starts a local one of ``workers`` CPUs and
    stops it at the end. ``workers`` bounds the partitions in flight (default:
    the cluster's CPUs); ``location`` must be reachable from every node.
    """
    if address is None:
        # Bind a local Ray to loopback only: it is not meant to be reached from elsewhere.
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    ray = import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        _start(ray, address=address, workers=workers)
    try:
        limit = workers or max(int(ray.cluster_resources().get("CPU", 1)), 1)
        task = ray.remote(num_cpus=1, max_retries=MAX_RETRIES, retry_exceptions=False)(code_and_write)
        yield from _bounded(ray, task, partitions, location, coder=coder, limit=limit)
    finally:
        if started_here:
            ray.shutdown()


def _start(ray: ModuleType, *, address: str | None, workers: int | None) -> None:
    if address is not None:
        ray.init(address=address)
        return
    ray.init(num_cpus=workers, include_dashboard=False, object_store_memory=LOCAL_OBJECT_STORE_BYTES)


def _bounded(ray: ModuleType, task: Any, partitions: Iterable[Partition], location: str, *,
             coder: CodeItems, limit: int) -> Iterator[PartitionSummary]:
    """Keep at most ``limit`` partitions in flight, so the input is read as it is coded."""
    running: dict[Any, int] = {}  # task reference -> partition index
    for partition in partitions:
        if len(running) >= limit:
            yield _next_done(ray, running)
        running[task.remote(partition, location, coder)] = partition.index
    while running:
        yield _next_done(ray, running)


def _next_done(ray: ModuleType, running: dict[Any, int]) -> PartitionSummary:
    (done,), _ = ray.wait(list(running), num_returns=1)
    index = running.pop(done)
    try:
        return ray.get(done)
    except ray.exceptions.RayError as e:
        raise PipelineError(f"partition {index} failed on Ray after {MAX_RETRIES} retries: {e}") from e
