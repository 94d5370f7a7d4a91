"""Cutting the input into partitions: fixed-size runs of items in input order.

Partition ``i`` holds items ``i*size .. (i+1)*size-1`` of the input (Articles
and the ItemErrors that ingestion yielded in their place), so its id is a
stable function of input order alone, whatever engine or worker codes it. Its
fingerprint (ids, texts and extractor version) tells a re-run whether a
partition already written holds exactly these items.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import islice

from dyad.model import Article, ArticleResult, ItemError
from dyad.version import EXTRACTOR_VERSION

__all__ = ["ENGINES", "DEFAULT_PARTITION_SIZE", "Item", "Result", "Partition", "partition_name",
           "plan_partitions"]

Item = Article | ItemError
Result = ArticleResult | ItemError

ENGINES = ("local", "ray")  # what runs the partitions: processes here, or Ray
DEFAULT_PARTITION_SIZE = 500
NAME_DIGITS = 5  # part-00000: room for 100,000 partitions before names stop sorting


@dataclass
class Partition:
    """Items ``start .. start+len(items)-1`` of the input, coded and written as one file."""

    index: int
    start: int
    items: list[Item]
    fingerprint: str

    @property
    def name(self) -> str:
        return partition_name(self.index)


def partition_name(index: int) -> str:
    return f"part-{index:0{NAME_DIGITS}d}"


def plan_partitions(items: Iterable[Item], *, size: int = DEFAULT_PARTITION_SIZE,
                    version: str = EXTRACTOR_VERSION) -> Iterator[Partition]:
    """Partitions of ``items`` in input order, reading the input lazily."""
    if size < 1:
        raise ValueError(f"partition size must be at least 1, not {size}")
    iterator = iter(items)
    index = 0
    while chunk := list(islice(iterator, size)):
        yield Partition(index, index * size, chunk, fingerprint(chunk, version=version))
        index += 1


def fingerprint(items: list[Item], *, version: str) -> str:
    """SHA-1 of the extractor version and each item, in order.

    An article counts with every field that coding reads; its ``source`` (the
    path it was read from) does not, so moving the corpus keeps the partitions.
    """
    digest = hashlib.sha1(f"dyad-partition\0{version}\0".encode())
    for item in items:
        if isinstance(item, Article):
            fields = {k: v for k, v in asdict(item).items() if k != "source"}
            digest.update(b"a\0" + json.dumps(fields, sort_keys=True).encode("utf-8"))
        else:
            digest.update(f"e\0{item.item}\0{item.kind}\0{item.message}".encode())
        digest.update(b"\1")
    return digest.hexdigest()
