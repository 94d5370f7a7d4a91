"""``dyad query``, ``dyad sql`` and ``dyad export``: reading the store."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import click
from rich.console import Console
from rich.table import Table

from dyad.cli.options import OutputFile, OutputPath, check_date
from dyad.model import MODALITIES
from dyad.store import EventFilter, Store
from dyad.store.export import FORMATS, export_csv, export_parquet, export_plover_jsonl
from dyad.store.query import RECORD_COLUMNS
from dyad.store.sql import run_sql


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db", type=click.Path(dir_okay=False), envvar="DYAD_DB", default=None,
        help="The database file (default: $DYAD_DB, else dyad.duckdb).",
    )(func)


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The event filters shared by query and export; each repeatable option means 'any of'."""
    options = [
        click.option("--from", "date_from", metavar="DATE", callback=check_date,
                     help="Events on or after this day (YYYY-MM-DD); undated events use their article's date."),
        click.option("--to", "date_to", metavar="DATE", callback=check_date, help="Events on or before this day."),
        click.option("--actor", multiple=True, metavar="CODE", help="An actor code (USA, RUS, NATO ...)."),
        click.option("--recipient", multiple=True, metavar="CODE", help="A recipient code."),
        click.option("--dyad", nargs=2, metavar="ACTOR RECIPIENT", default=None,
                     help="Events from the first code to the second."),
        click.option("--type", "event_type", multiple=True, metavar="TYPE", help="A PLOVER event type."),
        click.option("--quad", multiple=True, type=click.IntRange(1, 4), help="A quad class, 1-4."),
        click.option("--country", multiple=True, metavar="ISO3", help="Country of the event's location."),
        click.option("--modality", multiple=True, type=click.Choice(MODALITIES),
                     help="Only these modalities (default: all, negated and hypothetical included)."),
        click.option("--search", metavar="TEXT", help="Case-insensitive text in the evidence sentence."),
        click.option("--article", metavar="ID", help="Events of one article."),
        click.option("--limit", type=click.IntRange(0), default=None, help="At most this many events."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_filter(options: dict[str, Any]) -> EventFilter:
    return EventFilter(
        date_from=options["date_from"], date_to=options["date_to"],
        actor=_upper(options["actor"]), recipient=_upper(options["recipient"]),
        dyad=tuple(_upper(options["dyad"])) if options["dyad"] else None,  # type: ignore[arg-type]
        type=_upper(options["event_type"]), quad=tuple(options["quad"]), country=_upper(options["country"]),
        modality=tuple(options["modality"]), search=options["search"], article=options["article"],
        limit=options["limit"],
    )


@click.command("query")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)
@click.option("--output", "-o", type=OutputFile(), default="-",
              help="Write here instead of stdout.")
@db_option
def query_cli(fmt: str, output: IO[str], db: str | None, **options: Any) -> None:
    """Events from the store, filtered, oldest first.

    Example: dyad query --actor RUS --from 2022-02-01 --to 2022-02-28 --modality asserted
    """
    with Store(db, read_only=True) as store:
        events = store.query_events(make_filter(options))
    if fmt == "jsonl":
        for event in events:
            output.write(json.dumps(event, ensure_ascii=False, default=_json_default) + "\n")
    elif fmt == "csv":
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(RECORD_COLUMNS)
        writer.writerows([_csv_cell(event[column]) for column in RECORD_COLUMNS] for event in events)
    else:
        _print_events(events, output)


@click.command("sql")
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)
@db_option
def sql_cli(sql: str, fmt: str, db: str | None) -> None:
    """Run read-only SQL over the store (tables: articles, events, event_actors, entities,
    places, mentions, quotes, errors, stories, story_events, wire_copies, event_flat; views:
    event_records, event_dyads).

    Example: dyad sql "SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC"
    """
    result = run_sql(sql, path=db)
    output = click.get_text_stream("stdout")
    if fmt == "jsonl":
        for row in result.rows:
            output.write(json.dumps(dict(zip(result.columns, row, strict=True)), ensure_ascii=False,
                                    default=_json_default) + "\n")
    elif fmt == "csv":
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_csv_cell(cell) for cell in row] for row in result.rows)
    else:
        table = Table(*result.columns, show_lines=False)
        for row in result.rows:
            table.add_row(*[_text(cell) for cell in row])
        Console(file=output, width=None if output.isatty() else 160).print(table)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="plover-jsonl: one PLOVER record per event; csv, parquet: one row per actor-recipient pair.")
@click.option("--output", "-o", type=OutputPath(), default="-",
              help="Write here (required for parquet); default stdout.")
@filter_options
@db_option
def export_cli(fmt: str, output: str, db: str | None, **options: Any) -> None:
    """Export events, filtered as in dyad query.

    Example: dyad export --format parquet -o events.parquet --from 2022-01-01
    """
    filters = make_filter(options)
    with Store(db, read_only=True) as store:
        if fmt == "parquet":
            if output == "-":
                raise click.UsageError("parquet needs a file: give -o PATH")
            count = export_parquet(store.connection, filters, Path(output))
        else:
            with click.open_file(output, "w", encoding="utf-8", atomic=output != "-") as stream:
                write = export_plover_jsonl if fmt == "plover-jsonl" else export_csv
                count = write(store.connection, filters, stream)
    click.echo(f"dyad: exported {count} {'events' if fmt == 'plover-jsonl' else 'rows'}", err=True)


def _print_events(events: list[dict[str, Any]], output: IO[str]) -> None:
    table = Table(show_lines=True)
    for column in ("day", "type", "mode", "actor", "recipient", "modality", "where", "evidence", "article"):
        table.add_column(column, overflow="fold", max_width=70 if column == "evidence" else 20)
    for event in events:
        table.add_row(
            _text(event["day_start"]), event["type"], event["mode"] or "", _refs(event["actor"]),
            _refs(event["recipient"]), event["modality"], event["location_name"] or "",
            event["sentence_text"].strip(), event["article_id"],
        )
    Console(file=output, width=None if output.isatty() else 160).print(table)
    click.echo(f"{len(events)} events", err=True)


def _refs(refs: list[dict[str, Any]]) -> str:
    return ", ".join(f"{ref['code']} {ref['sector']}" for ref in refs) or "-"


def _csv_cell(value: Any) -> Any:
    """Lists of actors as 'CODE SECTOR;...', other lists joined with ';'."""
    if isinstance(value, list):
        return ";".join(f"{v['code']} {v['sector']}" if isinstance(v, dict) else str(v) for v in value)
    return value


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _upper(values: tuple[str, ...] | None) -> tuple[str, ...]:
    return tuple(value.upper() for value in values or ())


def _json_default(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)
