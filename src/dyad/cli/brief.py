"""``dyad brief``: a Markdown brief of a period, from the store or from coded articles."""

from __future__ import annotations

import datetime as dt
from typing import IO

import click

from dyad.analytics.brief import brief
from dyad.analytics.dedup import WireIndex
from dyad.analytics.results import read_results
from dyad.analytics.rows import quotes_from_results, rows_from_results
from dyad.analytics.store_bridge import brief_from_store
from dyad.cli.options import OutputFile
from dyad.cli.query import db_option
from dyad.store import Store


def _to_date(ctx: click.Context, param: click.Parameter, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


@click.command("brief")
@click.option("--input", "input_path", default=None, metavar="RESULTS.jsonl",
              type=click.Path(exists=True, dir_okay=False),
              help="Coded articles (the output of `dyad extract --format jsonl`) instead of the store.")
@click.option("--from", "date_from", required=True, metavar="DATE", callback=_to_date,
              help="First day of the period (YYYY-MM-DD).")
@click.option("--to", "date_to", required=True, metavar="DATE", callback=_to_date,
              help="Last day of the period (YYYY-MM-DD), inclusive.")
@click.option("--actor", metavar="CODE", default=None,
              help="Only stories, quotes and dyads involving this actor code (e.g. RUS).")
@click.option("--top", type=click.IntRange(1), default=5, show_default=True,
              help="Stories, speakers and dyads per section.")
@click.option("--output", "-o", type=OutputFile(), default="-",
              help="Write here instead of stdout.")
@db_option
def brief_cli(input_path: str | None, date_from: dt.date, date_to: dt.date, actor: str | None, top: int,
              output: IO[str], db: str | None) -> None:
    """Write a Markdown brief: top stories by reach with their evidence and source,
    key quotes per actor, dyads whose tone moved, and escalation signals.

    Reads the stories and quotes of the store (--db); --input reads coded articles instead.

    Example: dyad brief --db corpus.duckdb --from 2022-02-01 --to 2022-02-28 --actor RUS
    """
    if date_to < date_from:
        raise click.BadParameter(f"--to {date_to} is before --from {date_from}")
    if input_path is None:
        with Store(db, read_only=True) as store:
            output.write(brief_from_store(store, date_from, date_to, actor=actor, top=top))
        return
    results = list(read_results(input_path))
    wire_index = WireIndex()
    rows = rows_from_results(results, wire_index=wire_index)
    quotes = quotes_from_results(results, wire_index=wire_index)
    output.write(brief(rows, date_from, date_to, actor=actor, quotes=quotes, top=top))
