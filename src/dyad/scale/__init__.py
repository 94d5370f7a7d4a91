"""Scale-out: the extraction over partitions of the input, written as Parquet.

``run_partitions`` cuts the input into fixed-size partitions in input order,
skips those an earlier run already wrote, and codes the rest on an engine:
``local`` (worker processes on this machine, the default) or ``ray`` (a Ray
cluster, or a local Ray; ``pip install 'dyad[ray]'``). Both write the same
files (see ``dyad.scale.parquet`` and docs/scaling.md); ``load_partitions``
reads them back, partition by partition, as the ArticleResults and ItemErrors
that ``Store.add_results`` takes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dyad.errors import ConfigError
from dyad.scale.fs import open_output
from dyad.scale.parquet import (PartitionSummary, load_errors, load_partitions, load_results,
                                remove_temporary_files, written_files, written_partition)
from dyad.scale.partitions import DEFAULT_PARTITION_SIZE, ENGINES, Item, Partition, plan_partitions
from dyad.scale.worker import CodeItems, code_items

__all__ = ["ENGINES", "ScaleReport", "PartitionSummary", "run_partitions", "load_partitions", "load_results",
           "load_errors", "DEFAULT_PARTITION_SIZE"]


@dataclass
class ScaleReport:
    """What a run found and did, one summary per partition in partition order."""

    out: str
    partitions: list[PartitionSummary] = field(default_factory=list)

    @property
    def written(self) -> list[int]:
        return [p.index for p in self.partitions if not p.skipped]

    @property
    def skipped(self) -> list[int]:
        return [p.index for p in self.partitions if p.skipped]

    def total(self, name: str) -> int:
        """The sum of one count (items, articles, errors, events) over all partitions."""
        return sum(getattr(p, name) for p in self.partitions)


def run_partitions(items: Iterable[Item], out: str, *, engine: str = "local", workers: int | None = None,
                   address: str | None = None, partition_size: int = DEFAULT_PARTITION_SIZE,
                   coder: CodeItems = code_items,
                   on_partition: Callable[[PartitionSummary], None] | None = None) -> ScaleReport:
    """Code ``items`` (Articles and ItemErrors, as ``dyad.ingest.read_inputs`` yields them)
    into Parquet partitions under ``out`` (a directory or a URL).

    ``workers``: processes (local, default 1) or partitions in flight (ray,
    default the cluster's CPUs). ``address``: a Ray cluster to join. ``coder``
    replaces the coding of a partition's items (it must be picklable).
    ``on_partition`` is called as each partition is written or found written.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if address is not None and engine != "ray":
        raise ConfigError("--address names a Ray cluster: use it with --engine ray")
    output = open_output(out)
    listed = set(written_files(output))
    report = ScaleReport(out)

    def note(summary: PartitionSummary) -> None:
        report.partitions.append(summary)
        if on_partition is not None:
            on_partition(summary)

    def pending() -> Iterable[Partition]:
        for partition in plan_partitions(items, size=partition_size):
            if (summary := written_partition(output, partition, listed=listed)) is not None:
                note(summary)
            else:
                yield partition

    for summary in _engine(engine, pending(), output.location, workers=workers, address=address, coder=coder):
        note(summary)
    remove_temporary_files(output)
    report.partitions.sort(key=lambda p: p.index)
    return report


def _engine(engine: str, partitions: Iterable[Partition], out: str, *, workers: int | None,
            address: str | None, coder: CodeItems) -> Iterable[PartitionSummary]:
    if engine == "ray":
        from dyad.scale.ray import run_ray  # Ray is optional: import it only when asked for

        return run_ray(partitions, out, workers=workers, address=address, coder=coder)
    from dyad.scale.local import run_local

    return run_local(partitions, out, workers=workers or 1, coder=coder)
