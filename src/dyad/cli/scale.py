"""``dyad scale run``: articles in, Parquet partitions out, on local processes or Ray."""

from __future__ import annotations

import sys

import click

from dyad.cli.options import max_chars_option, published_option
from dyad.ingest import read_inputs
from dyad.scale import DEFAULT_PARTITION_SIZE, ENGINES, PartitionSummary, run_partitions


@click.group("scale")
def scale_cli() -> None:
    """Run the extraction over partitions of a large input, locally or on a Ray cluster."""


@scale_cli.command("run")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", "out", required=True, metavar="DIR",
              help="Directory or URL (file://, s3://, gs://, any fsspec URL) for the Parquet partitions.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="local: processes on this machine; ray: a Ray cluster ('pip install dyad[ray]').")
@click.option("--address", metavar="ADDR",
              help="Ray cluster to join (e.g. ray://head:10001 or auto); without it Ray starts on this machine.")
@click.option("--workers", "-w", type=click.IntRange(1, 4096), default=None,
              help="local: processes [default: 1]; ray: partitions in flight [default: the cluster's CPUs].")
@click.option("--partition-size", type=click.IntRange(1), default=DEFAULT_PARTITION_SIZE, show_default=True,
              help="Input items per partition (part-00000 holds items 0..N-1).")
@published_option
@max_chars_option
def run_cli(inputs: tuple[str, ...], out: str, engine: str, address: str | None, workers: int | None,
            partition_size: int, published: str | None, max_chars: int) -> None:
    """Code articles into Parquet partitions under --out; a re-run skips partitions already written.

    INPUT is a .txt, .html or .jsonl file, a directory of them, or - for stdin.
    The exit status is 1 when any item failed; its error is recorded in the output.

    Example: dyad scale run ../shared/corpus/bulk.jsonl --out runs/bulk --engine ray --workers 2
    """
    items = read_inputs(inputs, published=published, max_chars=max_chars)
    report = run_partitions(items, out, engine=engine, workers=workers, address=address,
                            partition_size=partition_size, on_partition=_echo_partition)
    click.echo(f"{len(report.written)} partitions written, {len(report.skipped)} already written: "
               f"{report.total('articles'):,} articles, {report.total('events'):,} events, "
               f"{report.total('errors'):,} failed items in {out}")
    if report.total("errors"):
        sys.exit(1)


def _echo_partition(summary: PartitionSummary) -> None:
    state = "already written" if summary.skipped else "written"
    click.echo(f"part-{summary.index:05d}: {summary.items} items, {summary.events} events, "
               f"{summary.errors} failed ({state})", err=True)
