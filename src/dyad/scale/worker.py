"""The unit of work of every engine: code one partition and write it.

It runs in a worker process (a local process or a Ray worker), which loads
the spaCy pipeline on its first partition and keeps it for the next ones
(``dyad.nlp.load_nlp`` is cached per process). The worker writes its own
files, so results never travel back through the driver.
"""

from __future__ import annotations

from collections.abc import Callable

from dyad.extract import extract
from dyad.scale.fs import open_output
from dyad.scale.parquet import PartitionSummary, write_partition
from dyad.scale.partitions import Item, Partition, Result

__all__ = ["CodeItems", "code_items", "code_and_write"]

CodeItems = Callable[[list[Item]], list[Result]]


def code_items(items: list[Item]) -> list[Result]:
    """Dyad's extraction of a partition's items in this process, in input order."""
    return list(extract(items, workers=1))


def code_and_write(partition: Partition, location: str, coder: CodeItems = code_items) -> PartitionSummary:
    """Code ``partition`` with ``coder`` and write its files under ``location``."""
    return write_partition(open_output(location), partition, coder(partition.items))
