"""``dyad ingest``: articles in, stored in the database, batch by batch."""

from __future__ import annotations

import sys

import click

from dyad.cli.options import max_chars_option, published_option, workers_option
from dyad.cli.query import db_option
from dyad.cli.render import progress
from dyad.ingest import read_inputs
from dyad.model import ArticleResult, ItemError
from dyad.store import BatchReport, Store
from dyad.store.ingest import BATCH_SIZE, REPROCESS, IngestReport, plan_ingest, run_ingest
from dyad.store.stories import update_stories
from dyad.scale.ingest import coded_on_engine

# Show a progress bar only for inputs with more articles than this.
PROGRESS_MIN_ITEMS = 5


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@db_option
@click.option("--reprocess", type=click.Choice(REPROCESS), default="none", show_default=True,
              help="Recode stored articles: outdated = those coded by an older extractor version; all = every one.")
@click.option("--batch-size", type=click.IntRange(1), default=BATCH_SIZE, show_default=True,
              help="Articles per transaction.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where to code: local processes, or a Ray cluster (pip install 'dyad[ray]').")
@click.option("--address", metavar="ADDR", help="With --engine ray: the cluster to join (default: start a local Ray).")
@click.option("--parquet", metavar="DIR", help="With --engine ray: keep the coded partitions here (a path or URL).")
@published_option
@workers_option
@max_chars_option
def ingest_cli(inputs: tuple[str, ...], db: str | None, reprocess: str, batch_size: int, engine: str,
               address: str | None, parquet: str | None, published: str | None, workers: int,
               max_chars: int) -> None:
    """Extract articles and store them; articles already stored are skipped before any NLP.

    INPUT is a .txt, .html or .jsonl file, a directory of them, or - for stdin.
    Each batch is one transaction: an interrupted run keeps the batches it
    committed, and running it again stores the rest. Items that fail are
    recorded in the errors table (dyad sql "SELECT * FROM errors") and make
    the exit status 1. Afterwards the stories (dyad stories) are updated
    with the new articles.

    With --engine ray the articles are coded on a Ray cluster (docs/scaling.md)
    and stored here as they come back.

    Example: dyad ingest ../shared/corpus/articles.jsonl --db corpus.duckdb --workers 2
    """
    items = read_inputs(inputs, published=published, max_chars=max_chars)
    with Store(db) as store:
        plan = plan_ingest(items, store.article_index(), reprocess=reprocess)
        show_progress = len(plan.todo) > PROGRESS_MIN_ITEMS and sys.stderr.isatty()
        with progress(len(plan.todo), enabled=show_progress) as advance:
            coded = None
            if engine != "local":
                coded = coded_on_engine(plan.todo, engine=engine, workers=workers, address=address,
                                        parquet=parquet)
            report = run_ingest(
                store, plan, workers=workers, batch_size=batch_size,
                on_result=advance if show_progress else _echo_error,
                on_batch=None if show_progress else _echo_batch, coded=coded,
            )
        # Stories follow the committed articles in a transaction of their own: a run
        # killed before this point is caught up by the next update.
        stories = update_stories(store)
        path = store.path
    click.echo(f"dyad: stored {report.stored} articles ({report.events} events), skipped {report.skipped} "
               f"already stored, {report.failed} failed -> {path}", err=True)
    click.echo(f"dyad: stories updated: {stories.mentions} event mentions into {stories.stories} stories, "
               f"{stories.copies} wire copies found", err=True)
    if report.failed:
        click.echo(f'dyad: the failed items are in the errors table: dyad sql "SELECT * FROM errors" --db {path}',
                   err=True)
        sys.exit(1)


def _echo_error(result: ArticleResult | ItemError) -> None:
    if isinstance(result, ItemError):
        click.echo(f"dyad: failed {result}", err=True)


def _echo_batch(batch: BatchReport, report: IngestReport) -> None:
    # A line per committed batch: a log for runs without a terminal (cron, pipes).
    click.echo(f"dyad: committed batch {report.batches}: {batch.articles} articles, {batch.events} events, "
               f"{batch.errors} errors ({report.stored} stored so far)", err=True)
