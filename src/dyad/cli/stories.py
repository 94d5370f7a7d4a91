"""``dyad stories`` and ``dyad series``: stories and dyadic series from the store."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import click
from rich.console import Console
from rich.table import Table

from dyad.analytics.plot import series_svg
from dyad.analytics.series import DEFAULT_MODALITIES, FREQUENCIES
from dyad.analytics.store_bridge import FlaggedPoint, as_date, series_from_store
from dyad.cli.options import OutputFile, check_date
from dyad.cli.query import _csv_cell, _json_default, _text, db_option
from dyad.errors import StoreError
from dyad.model import MODALITIES
from dyad.store import Store, default_db_path
from dyad.store.stories import rebuild_stories
from dyad.store.story_rows import STORY_RECORD_COLUMNS, top_story_records

FORMATS = ("table", "jsonl", "csv")
SERIES_COLUMNS = ("period", "count", "quad1", "quad2", "quad3", "quad4", "score_sum", "score_mean",
                  "conflict", "escalation", "threshold", "stories")


def _output_options(func: Callable[..., Any], formats: tuple[str, ...] = FORMATS) -> Callable[..., Any]:
    func = click.option("--output", "-o", type=OutputFile(), default="-",
                        help="Write here instead of stdout.")(func)
    return click.option("--format", "fmt", type=click.Choice(formats), default="table",
                        show_default=True, help="svg: a chart of the series (with --output FILE.svg).")(func)


def _series_output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    return _output_options(func, FORMATS + ("svg",))


@click.command("stories")
@click.option("--rebuild", is_flag=True,
              help="Recompute every story and wire copy from the stored articles first.")
@click.option("--from", "date_from", metavar="DATE", callback=check_date, help="Stories on or after this day.")
@click.option("--to", "date_to", metavar="DATE", callback=check_date, help="Stories on or before this day.")
@click.option("--actor", multiple=True, metavar="CODE", help="Stories naming this code (any side).")
@click.option("--top", type=click.IntRange(1), default=20, show_default=True, help="How many stories.")
@_output_options
@db_option
def stories_cli(rebuild: bool, date_from: str | None, date_to: str | None, actor: tuple[str, ...],
                top: int, fmt: str, output: IO[str], db: str | None) -> None:
    """List the stories with the widest reach (distinct outlets, independent reports,
    wire copies counted once), each with its canonical evidence and source.

    Stories are updated after every `dyad ingest`; --rebuild recomputes them all.

    Example: dyad stories --from 2022-02-01 --to 2022-02-28 --actor RUS --top 10
    """
    if rebuild and not (Path(db) if db else default_db_path()).is_file():
        raise StoreError(f"no database at {db or default_db_path()}; create one with: dyad ingest INPUT")
    with Store(db, read_only=not rebuild) as store:
        if rebuild:
            update = rebuild_stories(store)
            click.echo(f"dyad: rebuilt {update.stories} stories from {update.mentions} event mentions of "
                       f"{update.articles} articles ({update.copies} wire copies)", err=True)
        records = top_story_records(store.connection, date_from=as_date(date_from), date_to=as_date(date_to),
                                    codes=tuple(code.upper() for code in actor), limit=top)
    if fmt == "table":
        _stories_table(records, output)
    else:
        _write_records(records, STORY_RECORD_COLUMNS, fmt, output)


@click.command("series")
@click.option("--actor", required=True, metavar="CODE", help="The actor code (e.g. RUS).")
@click.option("--recipient", metavar="CODE", default=None, help="The other party (default: everyone).")
@click.option("--freq", type=click.Choice(FREQUENCIES), default="day", show_default=True,
              help="Days, or ISO weeks labelled by their Monday.")
@click.option("--from", "date_from", metavar="DATE", callback=check_date,
              help="First day (default: the dyad's first story).")
@click.option("--to", "date_to", metavar="DATE", callback=check_date, help="Last day (default: its last).")
@click.option("--directed", is_flag=True, help="Count only the actor acting on the recipient.")
@click.option("--modality", multiple=True, type=click.Choice(MODALITIES),
              help="Canonical modalities to count (default: asserted).")
@_series_output_options
@db_option
def series_cli(actor: str, recipient: str | None, freq: str, date_from: str | None, date_to: str | None,
               directed: bool, modality: tuple[str, ...], fmt: str, output: IO[str], db: str | None) -> None:
    """Print a dyad's series of stories per period (counts per quad class, PLOVER scores,
    conflict intensity) with the days its conflict rose beyond its recent baseline flagged.

    Example: dyad series --actor RUS --recipient UKR --freq week --from 2022-01-01 --format svg -o rus-ukr.svg
    """
    with Store(db, read_only=True) as store:
        points = series_from_store(store, actor, recipient, freq=freq, date_from=date_from, date_to=date_to,
                                   directed=directed, modalities=modality or DEFAULT_MODALITIES)
    if fmt == "svg":
        title = f"{actor.upper()} and {recipient.upper() if recipient else 'everyone'}: stories per {freq}"
        output.write(series_svg(points, title=title))
        return
    records = [_series_record(point) for point in points]
    if fmt == "table":
        _series_table(records, output)
    else:
        _write_records(records, SERIES_COLUMNS, fmt, output)


def _series_record(flagged: FlaggedPoint) -> dict[str, Any]:
    point = flagged.point
    return {
        "period": point.period, "count": point.count,
        **{f"quad{quad}": point.counts.get(quad, 0) for quad in (1, 2, 3, 4)},
        "score_sum": round(point.score_sum, 2),
        "score_mean": None if point.score_mean is None else round(point.score_mean, 2),
        "conflict": round(flagged.conflict, 2),
        "escalation": [day.day.isoformat() for day in flagged.flags],
        "threshold": round(max(day.threshold for day in flagged.flags), 2) if flagged.flags else None,
        "stories": point.stories,
    }


def _write_records(records: list[dict[str, Any]], columns: tuple[str, ...], fmt: str, output: IO[str]) -> None:
    if fmt == "jsonl":
        for record in records:
            output.write(json.dumps(record, ensure_ascii=False, default=_json_default) + "\n")
        return
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(record[column]) for column in columns] for record in records)


def _stories_table(records: list[dict[str, Any]], output: IO[str]) -> None:
    table = Table(show_lines=True)
    for column in ("day", "type", "actors", "recipients", "outlets", "reports", "copies", "score",
                   "evidence", "source"):
        table.add_column(column, overflow="fold", max_width=60 if column == "evidence" else 24)
    for r in records:
        table.add_row(_text(r["day"]), r["type"] + (f" ({r['mode']})" if r["mode"] else ""),
                      ", ".join(r["actor_codes"]) or "-", ", ".join(r["recipient_codes"]) or "-",
                      str(r["n_outlets"]), str(r["n_articles"]), str(r["n_copies"]), f"{r['score']:+g}",
                      " ".join((r["sentence"] or "").split()),
                      f"{r['outlet'] or 'unknown outlet'}, {r['url'] or r['canonical_article_id']}")
    Console(file=output, width=None if output.isatty() else 160).print(table)
    click.echo(f"{len(records)} stories", err=True)


def _series_table(records: list[dict[str, Any]], output: IO[str]) -> None:
    table = Table(*("period", "count", "q1", "q2", "q3", "q4", "score", "conflict", "escalation"))
    for r in records:
        flag = f"ESCALATION > {r['threshold']:g}" if r["escalation"] else ""
        table.add_row(_text(r["period"]), str(r["count"]), *(str(r[f"quad{q}"]) for q in (1, 2, 3, 4)),
                      f"{r['score_sum']:+g}", f"{r['conflict']:g}", flag,
                      style="bold red" if flag else None)
    Console(file=output, width=None if output.isatty() else 160).print(table)
    click.echo(f"{len(records)} periods, {sum(bool(r['escalation']) for r in records)} flagged", err=True)
