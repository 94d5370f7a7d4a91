"""The Parquet layout of a scaled-out run, written and read back.

    OUT/articles/part-00000.parquet   one row per input item (rows.ARTICLES_SCHEMA)
    OUT/events/part-00000.parquet     one row per event (rows.EVENTS_SCHEMA)

A partition's events file is written first and its articles file last, each
under a temporary name renamed into place, so the articles file is the
partition's commit mark: where it is present (with a matching fingerprint in
its footer) the whole partition is, and a re-run skips it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.errors import ConfigError
from dyad.model import ArticleResult, ItemError, result_from_dict
from dyad.scale.fs import TEMPORARY_MARK, Output, open_output
from dyad.scale.partitions import Partition, Result
from dyad.scale.rows import articles_table, events_table

__all__ = ["PartitionSummary", "write_partition", "written_partition", "load_partitions", "load_results",
           "load_errors",
           "ARTICLES_DIR", "EVENTS_DIR", "LAYOUT_VERSION"]

ARTICLES_DIR = "articles"
EVENTS_DIR = "events"
SUFFIX = ".parquet"
LAYOUT_VERSION = "1"
COMPRESSION = "zstd"
_META = "dyad."


@dataclass
class PartitionSummary:
    """What one partition holds; ``skipped`` where an earlier run had written it."""

    index: int
    items: int
    articles: int
    errors: int
    events: int
    skipped: bool = False


def write_partition(output: Output, partition: Partition, results: list[Result]) -> PartitionSummary:
    """Write a coded partition: the events file, then the articles file that commits it."""
    if len(results) != len(partition.items):
        raise ValueError(f"{partition.name}: {len(results)} results for {len(partition.items)} items")
    articles = sum(isinstance(r, ArticleResult) for r in results)
    summary = PartitionSummary(partition.index, len(results), articles, len(results) - articles,
                               sum(len(r.events) for r in results if isinstance(r, ArticleResult)))
    metadata = _metadata(partition, summary)
    file_name = partition.name + SUFFIX
    events = events_table(partition.index, partition.start, results)
    output.write_atomic(output.path(EVENTS_DIR, file_name), _parquet_bytes(events, metadata))
    table = articles_table(partition.index, partition.start, results)
    output.write_atomic(output.path(ARTICLES_DIR, file_name), _parquet_bytes(table, metadata))
    return summary


def written_partition(output: Output, partition: Partition, *, listed: set[str] | None = None
                      ) -> PartitionSummary | None:
    """The summary of ``partition`` if a complete copy of it is already written, else None.

    ``listed`` holds the file names present in both directories, from one
    listing for the whole run. A file of other items (another input, partition
    size or extractor version) is an error: mixing it in would corrupt the output.
    """
    file_name = partition.name + SUFFIX
    if listed is None:
        listed = set(written_files(output))
    if file_name not in listed:
        return None
    path = output.path(ARTICLES_DIR, file_name)
    with output.fs.open_input_file(path) as handle:
        metadata = {k.decode(): v.decode() for k, v in (pq.read_metadata(handle).metadata or {}).items()
                    if k.startswith(_META.encode())}
    if metadata.get(_META + "fingerprint") != partition.fingerprint:
        raise ConfigError(f"{path} holds other items than partition {partition.index} of this input "
                          "(another input, partition size or extractor version): write to a new --out")
    counts = {name: int(metadata[_META + name]) for name in ("items", "articles", "errors", "events")}
    return PartitionSummary(partition.index, skipped=True, **counts)


def remove_temporary_files(output: Output) -> int:
    """Remove what writers killed mid-write left behind; only safe once no writer runs."""
    stale = [output.path(directory, name) for directory in (ARTICLES_DIR, EVENTS_DIR)
             for name in output.list(directory) if TEMPORARY_MARK in name]
    for path in stale:
        output.fs.delete_file(path)
    return len(stale)


def written_files(output: Output) -> list[str]:
    """Names of the partitions files present in both directories."""
    events = set(output.list(EVENTS_DIR))
    names = [name for name in output.list(ARTICLES_DIR)
             if name.startswith("part-") and name.endswith(SUFFIX) and name in events]
    return sorted(names, key=lambda name: int(name[len("part-"):-len(SUFFIX)]))


def load_partitions(location: str) -> Iterator[list[Result]]:
    """The records of each written partition, in input order: ArticleResults and
    ItemErrors, as ``store.add_results`` takes them (one transaction per partition)."""
    output = open_output(location)
    for name in written_files(output):
        with output.fs.open_input_file(output.path(ARTICLES_DIR, name)) as handle:
            table = pq.read_table(handle, columns=["position", "result_json"]).sort_by("position")
        yield [_from_record(json.loads(text)) for text in table.column("result_json").to_pylist()]


def load_results(location: str) -> Iterator[ArticleResult]:
    """Every ArticleResult of a run's output, in input order."""
    for records in load_partitions(location):
        yield from (r for r in records if isinstance(r, ArticleResult))


def load_errors(location: str) -> Iterator[ItemError]:
    """Every input item that could not be coded, in input order."""
    for records in load_partitions(location):
        yield from (r for r in records if isinstance(r, ItemError))


def _from_record(record: dict) -> Result:
    if record["record"] == "error":
        return ItemError(record["item"], record["message"], record.get("kind", "error"))
    return result_from_dict(record)


def _metadata(partition: Partition, summary: PartitionSummary) -> dict[str, str]:
    return {
        _META + "layout": LAYOUT_VERSION, _META + "partition": str(partition.index),
        _META + "start": str(partition.start), _META + "fingerprint": partition.fingerprint,
        _META + "items": str(summary.items), _META + "articles": str(summary.articles),
        _META + "errors": str(summary.errors), _META + "events": str(summary.events),
    }


def _parquet_bytes(table: pa.Table, metadata: dict[str, str]) -> bytes:
    sink = pa.BufferOutputStream()
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    pq.write_table(table, sink, compression=COMPRESSION)
    return sink.getvalue().to_pybytes()
