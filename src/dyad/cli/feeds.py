"""``dyad fetch``, ``dyad watch`` and ``dyad sources``: live feeds into the store."""

from __future__ import annotations

import json
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from dyad.cli.options import workers_option
from dyad.cli.query import db_option
from dyad.errors import ConfigError
from dyad.feeds.config import load_config
from dyad.feeds.poll import SourcePoll
from dyad.feeds.watch import PollReport, parse_interval, poll_all, stop_on_signals, watch
from dyad.store import Store, default_db_path
from dyad.store.feeds import FeedState, SourceState

sources_argument = click.argument("sources_file", metavar="SOURCES.toml", type=click.Path(dir_okay=False))


@click.command("fetch")
@sources_argument
@db_option
@workers_option
def fetch_cli(sources_file: str, db: str | None, workers: int) -> None:
    """Poll every source once and store the new articles.

    SOURCES.toml lists RSS/Atom feeds, sitemaps and pages (see docs/feeds.md).
    A source that fails is recorded and the others go on; the exit status is 1
    when a source failed. Run it again: items already met are not downloaded,
    and unchanged feeds answer 304.

    Example: dyad fetch examples/sources.toml --db news.duckdb
    """
    config = load_config(sources_file)
    with Store(db) as store:
        report = poll_all(config, store, workers=workers)
        path = store.path
    _echo_report(report)
    click.echo(f"dyad: {len(report.new_article_ids)} new articles -> {path}", err=True)
    if report.failed:
        sys.exit(1)


@click.command("watch")
@sources_argument
@db_option
@click.option("--every", default="15m", show_default=True, metavar="INTERVAL",
              help="Time between the starts of two polls: 90s, 15m, 1h, 1h30m.")
@click.option("--max-polls", type=click.IntRange(1), default=None, help="Stop after this many polls.")
@workers_option
def watch_cli(sources_file: str, db: str | None, every: str, max_polls: int | None, workers: int) -> None:
    """Poll every source now and then every INTERVAL, until stopped.

    SIGINT (Ctrl-C) or SIGTERM stops it cleanly once the source in hand is
    done (a second signal interrupts at once). The database is closed between
    polls, so dyad query and dyad sources can read it meanwhile.

    Example: dyad watch examples/sources.toml --db news.duckdb --every 15m
    """
    try:
        interval = parse_interval(every)
    except ConfigError as e:
        raise click.BadParameter(str(e), param_hint="--every") from None
    config = load_config(sources_file)
    stop = threading.Event()
    try:
        with stop_on_signals(stop):
            polls = watch(config, db, every=interval, max_polls=max_polls, stop=stop,
                          on_report=_echo_report, workers=workers)
    except KeyboardInterrupt:  # a second signal: the batch in hand was rolled back
        click.echo("dyad: watch interrupted", err=True)
        sys.exit(130)
    why = "stopped by a signal" if stop.is_set() else "done"
    click.echo(f"dyad: watch {why} after {polls} poll{'s' if polls != 1 else ''}", err=True)


@click.command("sources")
@sources_argument
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def sources_cli(sources_file: str, db: str | None, fmt: str) -> None:
    """List the sources of SOURCES.toml with their health in the database.

    Shows the last success, the last failure and its reason, consecutive
    failures, and the items met (stored, duplicates, rejected, failed).

    Example: dyad sources examples/sources.toml --db news.duckdb
    """
    config = load_config(sources_file)
    path = db or default_db_path()
    states: dict[str, SourceState] = {}
    if Path(path).is_file():  # no database yet: every source is shown as never polled
        with Store(path, read_only=True) as store:
            states = FeedState(store).sources()
    rows = [_health(source.name, source.url, source.kind, states.get(source.name)) for source in config.sources]
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, default=str))
        return
    _print_table(rows)


def _health(name: str, url: str, kind: str, state: SourceState | None) -> dict[str, Any]:
    state = state or SourceState(name)
    return {
        "name": name, "kind": kind, "url": url,
        "last_success": _time(state.last_success), "last_failure": _time(state.last_failure),
        "last_error": state.last_error, "last_error_kind": state.last_error_kind,
        "consecutive_failures": state.consecutive_failures, "polls": state.polls,
        "items_seen": state.items_seen, **{f"items_{k}": state.items.get(k, 0)
                                           for k in ("stored", "duplicate", "rejected", "failed")},
    }


def _print_table(rows: list[dict[str, Any]]) -> None:
    table = Table(show_lines=False)
    for column in ("source", "kind", "last success", "last failure", "reason", "fails", "items",
                   "stored", "dup", "rejected", "failed"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["name"], row["kind"], row["last_success"] or "never", row["last_failure"] or "-",
                      f"{row['last_error_kind']}: {row['last_error']}" if row["last_error"] else "-",
                      str(row["consecutive_failures"]), str(row["items_seen"]), str(row["items_stored"]),
                      str(row["items_duplicate"]), str(row["items_rejected"]), str(row["items_failed"]))
    Console(width=200 if not sys.stdout.isatty() else None).print(table)


def _echo_report(report: PollReport) -> None:
    for poll in report.sources:
        click.echo(f"dyad: {poll.source.name}: {_describe(poll)}", err=True)
    for problem in report.problems:
        click.echo(f"dyad: warning: {problem}", err=True)
    if report.flags:
        click.echo(f"dyad: {len(report.flags)} flagged items notified", err=True)


def _describe(poll: SourcePoll) -> str:
    record = poll.record
    if record.outcome == "failed":
        return f"FAILED ({record.error_kind}) {record.error}"
    if record.outcome == "not_modified":
        return "not modified"
    parts = []
    for status, n in sorted(record.counts.items()):
        kinds = Counter(item.kind for item in poll.items if item.status == status and item.kind)
        why = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        parts.append(f"{n} {status}" + (f" ({why})" if why else ""))
    return f"{record.listed} listed, {record.new} new" + (f": {', '.join(parts)}" if parts else "")


def _time(value: Any) -> str | None:
    return value.isoformat(sep=" ", timespec="seconds") if value is not None else None
